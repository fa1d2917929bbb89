//! The block structure of a markdown message: paragraphs, headings, block quotes, lists and
//! code blocks, after CommonMark's rules as far as a chat message needs them.
//!
//! Every line ends up in some block, so nothing the sender wrote is lost: what is not
//! recognised is paragraph text. Containers (quotes, lists) open only while there is room for
//! them below [`MAX_DEPTH`]; deeper lines are read as paragraphs, markers and all.

use super::{element, inline, El, Node, MAX_DEPTH};

/// A message's blocks.
pub fn parse(text: &str) -> Vec<Node> {
    let lines: Vec<String> = text.lines().map(expand_tabs).collect();
    blocks(&lines, 0)
}

/// Leading tabs as spaces to the next multiple of four, as indentation counts them.
fn expand_tabs(line: &str) -> String {
    let body = line.trim_start_matches([' ', '\t']);
    let mut out = String::with_capacity(line.len());
    for c in line[..line.len() - body.len()].chars() {
        let width = if c == '\t' { 4 - out.len() % 4 } else { 1 };
        out.extend(std::iter::repeat_n(' ', width));
    }
    out.push_str(body);
    out
}

/// Leading spaces (tabs are already spaces).
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Only spaces and tabs (a lone carriage return counts as space).
fn blank(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// An opening code fence: its character and length.
fn fence(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = rest.len() - rest.trim_start_matches(c).len();
    // A backtick fence's info string cannot hold a backtick (it would be a code span).
    (n >= 3 && !(c == '`' && rest[n..].contains('`'))).then_some((c, n))
}

/// An ATX heading's text (`# Title #` is "Title").
fn heading(rest: &str) -> Option<&str> {
    let after = rest.trim_start_matches('#');
    let level = rest.len() - after.len();
    if !(1..=6).contains(&level) || !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let text = after.trim();
    let open = text.trim_end_matches('#');
    Some(if open.is_empty() || open.ends_with(' ') {
        open.trim_end()
    } else {
        text
    })
}

/// A thematic break (`---`, `* * *`, `___`).
fn rule(rest: &str) -> bool {
    let mut marks = rest.chars().filter(|c| *c != ' ' && *c != '\t');
    let Some(first @ ('-' | '*' | '_')) = marks.next() else {
        return false;
    };
    let mut n = 1;
    for c in marks {
        if c != first {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// A list item's marker.
struct Marker {
    /// `1.` or `1)` rather than `-`, `+`, `*`.
    ordered: bool,
    /// The bullet, or the ordered marker's `.` or `)`: items of one list share it.
    mark: u8,
    /// Bytes from the marker's start to the item's content.
    width: usize,
    /// An ordered item's number.
    number: u32,
    /// Nothing follows the marker on its line.
    empty: bool,
}

fn marker(rest: &str) -> Option<Marker> {
    let bytes = rest.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let (ordered, len) = match bytes.first()? {
        b'-' | b'+' | b'*' => (false, 1),
        b'0'..=b'9' if digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')')) => {
            (true, digits + 1)
        }
        _ => return None,
    };
    let after = &rest[len..];
    let spaces = indent(after);
    let empty = blank(after);
    if spaces == 0 && !after.is_empty() {
        return None;
    }
    Some(Marker {
        ordered,
        mark: bytes[len - 1],
        // Five spaces or more after the marker start indented code: the content is one in.
        width: len + if empty || spaces > 4 { 1 } else { spaces },
        number: rest[..digits].parse().unwrap_or(0),
        empty,
    })
}

/// Whether `rest` (at indentation `ind`) starts a block other than a paragraph. With a
/// paragraph open, only a list that starts at 1 with some content interrupts it.
fn starts(rest: &str, ind: usize, in_paragraph: bool) -> bool {
    ind < 4
        && (fence(rest).is_some()
            || heading(rest).is_some()
            || rule(rest)
            || rest.starts_with('>')
            || marker(rest)
                .is_some_and(|m| !in_paragraph || !m.empty && (!m.ordered || m.number == 1)))
}

/// Whether `rest` ends a paragraph.
fn interrupts(rest: &str, ind: usize) -> bool {
    starts(rest, ind, true)
}

/// The blocks of `lines`, inside `depth` open elements.
fn blocks(lines: &[String], depth: usize) -> Vec<Node> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    // A container needs room for itself, an item and a paragraph.
    let nest = depth + 3 <= MAX_DEPTH;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].as_str();
        let ind = indent(line);
        let rest = &line[ind..];
        if blank(rest) {
            paragraph(&mut out, &mut para, depth);
            i += 1;
        } else if ind >= 4 && para.is_empty() {
            i = indented_code(&mut out, lines, i);
        } else if ind >= 4 || !starts(rest, ind, !para.is_empty()) && !setext(rest, &para) {
            para.push(rest);
            i += 1;
        } else if let Some((c, n)) = fence(rest) {
            paragraph(&mut out, &mut para, depth);
            i = fenced_code(&mut out, lines, i, ind, c, n);
        } else if let Some(text) = heading(rest) {
            paragraph(&mut out, &mut para, depth);
            if !text.is_empty() {
                para.push(text);
                paragraph(&mut out, &mut para, depth);
            }
            i += 1;
        } else if setext(rest, &para) {
            // The underline makes the paragraph above a heading, shown as a paragraph.
            paragraph(&mut out, &mut para, depth);
            i += 1;
        } else if rule(rest) {
            paragraph(&mut out, &mut para, depth);
            i += 1;
        } else if nest && rest.starts_with('>') {
            paragraph(&mut out, &mut para, depth);
            i = quote(&mut out, lines, i, depth);
        } else if nest && marker(rest).is_some() {
            paragraph(&mut out, &mut para, depth);
            i = list(&mut out, lines, i, depth);
        } else {
            // No room to nest: the marker stays as text.
            para.push(rest);
            i += 1;
        }
    }
    paragraph(&mut out, &mut para, depth);
    out
}

/// A setext underline (`===` or `---`) under a paragraph.
fn setext(rest: &str, para: &[&str]) -> bool {
    let mark = rest.trim_end();
    !para.is_empty() && (mark.bytes().all(|b| b == b'=') || mark.bytes().all(|b| b == b'-'))
}

/// Ends the open paragraph, if any.
fn paragraph(out: &mut Vec<Node>, para: &mut Vec<&str>, depth: usize) {
    if para.is_empty() {
        return;
    }
    let text = para.join("\n");
    para.clear();
    out.push(element(
        El::P,
        inline::parse(text.trim_end(), MAX_DEPTH - depth - 1),
    ));
}

/// Code indented four spaces, from `lines[start]`; returns the next line's index.
fn indented_code(out: &mut Vec<Node>, lines: &[String], start: usize) -> usize {
    let mut end = start;
    while end < lines.len() && (blank(&lines[end]) || indent(&lines[end]) >= 4) {
        end += 1;
    }
    let next = end;
    // Blank lines after the code are not part of it.
    while end > start + 1 && blank(&lines[end - 1]) {
        end -= 1;
    }
    let mut code = String::new();
    for line in &lines[start..end] {
        code.push_str(line.get(4..).unwrap_or_default());
        code.push('\n');
    }
    out.push(element(El::Pre, vec![Node::Text(code)]));
    next
}

/// A fenced code block opened by `lines[start]` (indented `ind`, fence `c` × `n`); it runs to
/// a closing fence or the end of the message.
fn fenced_code(
    out: &mut Vec<Node>,
    lines: &[String],
    start: usize,
    ind: usize,
    c: char,
    n: usize,
) -> usize {
    let mut code = String::new();
    let mut i = start + 1;
    while let Some(line) = lines.get(i) {
        i += 1;
        let rest = line.trim_start_matches(' ');
        let run = rest.len() - rest.trim_start_matches(c).len();
        if indent(line) < 4 && run >= n && blank(&rest[run..]) {
            break;
        }
        // Content loses up to the fence's own indentation.
        code.push_str(&line[indent(line).min(ind)..]);
        code.push('\n');
    }
    out.push(element(El::Pre, vec![Node::Text(code)]));
    i
}

/// A block quote from `lines[start]`, with lazy continuation lines.
fn quote(out: &mut Vec<Node>, lines: &[String], start: usize, depth: usize) -> usize {
    let mut inner = Vec::new();
    let mut i = start;
    while let Some(line) = lines.get(i) {
        let ind = indent(line);
        let rest = &line[ind..];
        let continues = inner.last().is_some_and(|l: &String| !blank(l));
        if let Some(quoted) = rest.strip_prefix('>').filter(|_| ind < 4) {
            inner.push(quoted.strip_prefix(' ').unwrap_or(quoted).to_owned());
        } else if continues && !blank(rest) && !interrupts(rest, ind) {
            inner.push(rest.to_owned());
        } else {
            break;
        }
        i += 1;
    }
    out.push(element(El::Blockquote, blocks(&inner, depth + 1)));
    i
}

/// A list from `lines[start]`: items with the same kind of marker, each with the lines
/// indented under it. A list is tight (its items' paragraphs unwrapped) unless a blank line
/// separates items or blocks in an item.
fn list(out: &mut Vec<Node>, lines: &[String], start: usize, depth: usize) -> usize {
    let first = marker(&lines[start][indent(&lines[start])..]).expect("called on a marker line");
    let mut items: Vec<Vec<String>> = Vec::new();
    let mut loose = false;
    let mut i = start;
    loop {
        let line = &lines[i];
        let ind = indent(line);
        let m = marker(&line[ind..]).expect("each item starts at a marker");
        let width = ind + m.width;
        let mut body = vec![line.get(width..).unwrap_or_default().to_owned()];
        i += 1;
        while let Some(line) = lines.get(i) {
            let ind = indent(line);
            let after_text = body.last().is_some_and(|l| !blank(l));
            if blank(line) {
                body.push(String::new());
            } else if ind >= width {
                body.push(line[width..].to_owned());
            } else if after_text
                && (ind >= 4 || marker(&line[ind..]).is_none() && !interrupts(&line[ind..], ind))
            {
                // A lazy continuation of the item's paragraph.
                body.push(line[ind..].to_owned());
            } else {
                break;
            }
            i += 1;
        }
        let mut trailing = 0;
        while body.len() > 1 && body.last().is_some_and(|l| blank(l)) {
            body.pop();
            trailing += 1;
        }
        loose |= body.iter().skip(1).any(|l| blank(l));
        items.push(body);
        let next = lines.get(i).and_then(|l| {
            let ind = indent(l);
            (ind < 4 && !rule(&l[ind..]))
                .then(|| marker(&l[ind..]))
                .flatten()
        });
        match next {
            Some(m) if m.ordered == first.ordered && m.mark == first.mark => {
                loose |= trailing > 0;
            }
            _ => break,
        }
    }
    let items = items
        .iter()
        .map(|body| {
            let mut children = blocks(body, depth + 2);
            if !loose {
                children = children
                    .into_iter()
                    .flat_map(|n| match n {
                        Node::Element {
                            el: El::P,
                            children,
                            ..
                        } => children,
                        other => vec![other],
                    })
                    .collect();
            }
            element(El::Li, children)
        })
        .collect();
    let el = if first.ordered {
        El::Ol(first.number)
    } else {
        El::Ul
    };
    out.push(element(el, items));
    i
}
