//! The spans of a paragraph: emphasis, strong, strikethrough, code, links and line breaks.
//!
//! CommonMark's inline algorithm: one pass turns the text into pieces (text, finished nodes,
//! runs of `*`, `_` or `~`, open brackets), closing each link as its `](url)` is met; then
//! runs are paired into emphasis from the innermost out. What pairs with nothing stays text.
//! Reference links and inline HTML are not read: they show as the text they are.

use super::{autolink, element, safe_href, El, Node};

/// A part of the paragraph while it is read.
enum Piece {
    Text(String),
    /// A finished node and how deep it nests.
    Node(Node, usize),
    /// A run of `*`, `_` or `~` that may open or close emphasis; `n` characters remain.
    Run {
        ch: char,
        n: usize,
        len: usize,
        open: bool,
        close: bool,
    },
    /// `[` or `![`, until its `]` is met.
    Bracket {
        image: bool,
    },
}

/// An open bracket on the way to its `]`.
struct Opener {
    slot: usize,
    image: bool,
    /// Cleared inside a link's text: links do not nest.
    active: bool,
    /// How many runs were open when the bracket opened.
    runs: usize,
}

/// The paragraph being read. Taken pieces leave `None` so the slots of open runs and
/// brackets stay put.
struct Spans {
    pieces: Vec<Option<Piece>>,
    /// Slots of the runs that may still pair, in order.
    runs: Vec<usize>,
    brackets: Vec<Opener>,
    /// How deep spans may nest.
    room: usize,
    /// Text not yet made a piece.
    text: String,
    /// Backtick runs that have no closing run of their length further on.
    unclosed: Vec<usize>,
}

/// The spans of `text`, nesting at most `room` deep.
pub fn parse(text: &str, room: usize) -> Vec<Node> {
    let mut s = Spans {
        pieces: Vec::new(),
        runs: Vec::new(),
        brackets: Vec::new(),
        room,
        text: String::new(),
        unclosed: Vec::new(),
    };
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let plain = rest
            .find(['\\', '`', '*', '_', '~', '[', '!', ']', '<', '&', '\n'])
            .unwrap_or(rest.len());
        if plain > 0 {
            s.text.push_str(&rest[..plain]);
            i += plain;
            continue;
        }
        i += match rest.as_bytes()[0] {
            b'\\' => s.escape(rest),
            b'`' => s.code(rest),
            b'[' => s.bracket(false),
            b'!' if rest.starts_with("![") => s.bracket(true),
            b']' => s.close(rest),
            b'<' => s.angle(rest),
            b'&' => s.entity(rest),
            b'\n' => s.newline(),
            b'!' => {
                s.text.push('!');
                1
            }
            _ => s.run(text, i),
        };
    }
    s.flush();
    s.pair(0);
    let room = s.room;
    link_text(nodes(s.pieces.into_iter().flatten()).0, room)
}

/// Text and links for the bare URLs in `nodes`' text, outside links and code.
fn link_text(nodes: Vec<Node>, room: usize) -> Vec<Node> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Node::Text(t) if room > 0 => out.extend(autolink(&t)),
            Node::Element { el, href, children } if !matches!(el, El::A | El::Code) => {
                out.push(Node::Element {
                    el,
                    href,
                    children: link_text(children, room.saturating_sub(1)),
                })
            }
            other => out.push(other),
        }
    }
    out
}

/// Nodes for pieces (runs and brackets left over are text), adjacent text joined; and how
/// deep they nest.
fn nodes(pieces: impl Iterator<Item = Piece>) -> (Vec<Node>, usize) {
    let mut out = Vec::new();
    let mut deepest = 0;
    let push_text = |out: &mut Vec<Node>, t: &str| match out.last_mut() {
        Some(Node::Text(last)) => last.push_str(t),
        _ => out.push(Node::Text(t.to_owned())),
    };
    for piece in pieces {
        match piece {
            Piece::Text(t) => push_text(&mut out, &t),
            Piece::Run { ch, n, .. } => push_text(&mut out, &ch.to_string().repeat(n)),
            Piece::Bracket { image } => push_text(&mut out, if image { "![" } else { "[" }),
            Piece::Node(node, depth) => {
                deepest = deepest.max(depth);
                out.push(node);
            }
        }
    }
    (out, deepest)
}

/// Links taken out of a link's text: links do not nest.
fn unlink(nodes: Vec<Node>) -> Vec<Node> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Node::Element {
                el: El::A,
                children,
                ..
            } => out.extend(unlink(children)),
            Node::Element { el, href, children } => out.push(Node::Element {
                el,
                href,
                children: unlink(children),
            }),
            text => out.push(text),
        }
    }
    out
}

/// Whether a character is whitespace for flanking (the text's ends count as whitespace).
fn space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

fn punctuation(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_punctuation())
}

impl Spans {
    /// The pending text as a piece.
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.pieces.push(Some(Piece::Text(text)));
        }
    }

    fn push(&mut self, piece: Piece) -> usize {
        self.flush();
        self.pieces.push(Some(piece));
        self.pieces.len() - 1
    }

    /// A node of depth one (code, a line break), or `fallback` as text when there is no room.
    fn leaf(&mut self, node: Node, fallback: &str) {
        if self.room > 0 {
            self.push(Piece::Node(node, 1));
        } else {
            self.text.push_str(fallback);
        }
    }

    /// `\` and what follows: an escaped punctuation mark, a hard line break, or a backslash.
    fn escape(&mut self, rest: &str) -> usize {
        match rest[1..].chars().next() {
            Some('\n') => {
                self.leaf(element(El::Br, Vec::new()), "\n");
                2
            }
            Some(c) if c.is_ascii_punctuation() => {
                self.text.push(c);
                2
            }
            _ => {
                self.text.push('\\');
                1
            }
        }
    }

    /// A line break: hard after two spaces, else soft (kept as a newline).
    fn newline(&mut self) -> usize {
        let kept = self.text.trim_end_matches(' ').len();
        let hard = self.text.len() - kept >= 2;
        self.text.truncate(kept);
        if hard {
            self.leaf(element(El::Br, Vec::new()), "\n");
        } else {
            self.text.push('\n');
        }
        1
    }

    /// A code span from a run of backticks to the next run of the same length, or the run
    /// as text.
    fn code(&mut self, rest: &str) -> usize {
        let n = rest.len() - rest.trim_start_matches('`').len();
        let mut at = n;
        while !self.unclosed.contains(&n) {
            let Some(found) = rest[at..].find('`') else {
                self.unclosed.push(n);
                break;
            };
            let start = at + found;
            let run = rest[start..].len() - rest[start..].trim_start_matches('`').len();
            if run == n {
                let mut code = rest[n..start].replace('\n', " ");
                if code.starts_with(' ') && code.ends_with(' ') && code.bytes().any(|b| b != b' ') {
                    code = code[1..code.len() - 1].to_owned();
                }
                self.leaf(element(El::Code, vec![Node::Text(code.clone())]), &code);
                return start + n;
            }
            at = start + run;
        }
        self.text.push_str(&rest[..n]);
        n
    }

    /// A run of `*`, `_` or `~` at `text[i..]`, with what it may open and close.
    fn run(&mut self, text: &str, i: usize) -> usize {
        let ch = text[i..].chars().next().expect("called at a run character");
        let n = text[i..].len() - text[i..].trim_start_matches(ch).len();
        if ch == '~' && n > 2 {
            self.text.push_str(&text[i..i + n]);
            return n;
        }
        let (before, after) = (text[..i].chars().next_back(), text[i + n..].chars().next());
        let left = !space(after) && (!punctuation(after) || space(before) || punctuation(before));
        let right = !space(before) && (!punctuation(before) || space(after) || punctuation(after));
        // Inside a word `_` is text: snake_case stays as written.
        let (open, close) = if ch == '_' {
            (
                left && (!right || punctuation(before)),
                right && (!left || punctuation(after)),
            )
        } else {
            (left, right)
        };
        let slot = self.push(Piece::Run {
            ch,
            n,
            len: n,
            open,
            close,
        });
        if open || close {
            self.runs.push(slot);
        }
        n
    }

    fn bracket(&mut self, image: bool) -> usize {
        let slot = self.push(Piece::Bracket { image });
        let runs = self.runs.len();
        self.brackets.push(Opener {
            slot,
            image,
            active: true,
            runs,
        });
        1 + usize::from(image)
    }

    /// `]`: closes the last open bracket as a link (or an image, shown as its text) when an
    /// inline destination follows.
    fn close(&mut self, rest: &str) -> usize {
        let tail = self
            .brackets
            .last()
            .filter(|o| o.active)
            .and_then(|_| destination(&rest[1..]));
        let Some((url, used)) = tail else {
            // No link: the opener stays text and is done with.
            self.brackets.pop();
            self.text.push(']');
            return 1;
        };
        self.flush();
        let opener = self.brackets.pop().expect("checked above");
        self.pair(opener.runs);
        self.runs.truncate(opener.runs);
        let (children, deepest) = nodes(self.pieces.drain(opener.slot..).skip(1).flatten());
        match safe_href(&url).filter(|_| !opener.image && deepest < self.room) {
            Some(href) => {
                let link = Node::Element {
                    el: El::A,
                    href: Some(href),
                    children: unlink(children),
                };
                self.push(Piece::Node(link, deepest + 1));
                // No link around this one.
                for o in &mut self.brackets {
                    o.active = false;
                }
            }
            // An image shows its text, an unsafe link its text without the link.
            None => {
                for child in children {
                    let depth = if matches!(child, Node::Text(_)) {
                        0
                    } else {
                        deepest
                    };
                    self.push(Piece::Node(child, depth));
                }
            }
        }
        1 + used
    }

    /// `<url>` or `<address@example.com>` as a link; anything else from `<` is text.
    fn angle(&mut self, rest: &str) -> usize {
        let inner = rest[1..]
            .find(['>', '<', ' ', '\t', '\n'])
            .filter(|&end| rest[1 + end..].starts_with('>'))
            .map(|end| &rest[1..1 + end]);
        let href = inner.and_then(|inner| {
            let scheme = inner.split(':').next().unwrap_or_default();
            let uri = inner.contains(':')
                && (2..=32).contains(&scheme.len())
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'));
            let email = !uri
                && inner
                    .split_once('@')
                    .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
            if uri {
                Some(inner.to_owned())
            } else if email {
                Some(format!("mailto:{inner}"))
            } else {
                None
            }
        });
        match (inner, href) {
            (Some(inner), Some(href)) => {
                let text = Node::Text(inner.to_owned());
                match safe_href(&href).filter(|_| self.room > 0) {
                    Some(href) => {
                        let link = Node::Element {
                            el: El::A,
                            href: Some(href),
                            children: vec![text],
                        };
                        self.push(Piece::Node(link, 1));
                    }
                    None => self.text.push_str(inner),
                }
                inner.len() + 2
            }
            _ => {
                self.text.push('<');
                1
            }
        }
    }

    /// `&amp;`, `&#233;`, `&#x1F600;` and a few named references as their character;
    /// anything else from `&` is text.
    fn entity(&mut self, rest: &str) -> usize {
        let reference = rest
            .get(1..rest.len().min(12))
            .and_then(|r| r.split_once(';'))
            .map(|(name, _)| name);
        let c = reference.and_then(|name| match name.strip_prefix('#') {
            Some(num) => {
                let (digits, radix) = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => (hex, 16),
                    None => (num, 10),
                };
                let valid = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
                valid.then(|| {
                    u32::from_str_radix(digits, radix)
                        .ok()
                        .and_then(char::from_u32)
                        .filter(|&c| c != '\0')
                        .unwrap_or('\u{FFFD}')
                })
            }
            None => NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c),
        });
        match (reference, c) {
            (Some(name), Some(c)) => {
                self.text.push(c);
                name.len() + 2
            }
            _ => {
                self.text.push('&');
                1
            }
        }
    }

    /// Pairs the runs from `self.runs[bottom..]` into emphasis (CommonMark's "process
    /// emphasis"): each closing run takes the nearest opening run of its character.
    fn pair(&mut self, bottom: usize) {
        // Per character, whether the closer can open, and its length mod 3: the lowest slot an
        // opener may have (below it, an earlier search found none).
        let mut floor = [0usize; 18];
        let mut ci = bottom;
        while ci < self.runs.len() {
            let cs = self.runs[ci];
            let Some(Piece::Run {
                ch,
                n: cn,
                len: clen,
                open: copen,
                close: true,
            }) = self.pieces[cs]
            else {
                ci += 1;
                continue;
            };
            let kind = match ch {
                '*' => 0,
                '_' => 1,
                _ => 2,
            };
            let key = (kind * 2 + usize::from(copen)) * 3 + clen % 3;
            let opener = (bottom..ci).rev().find(|&oi| {
                let os = self.runs[oi];
                os >= floor[key]
                    && matches!(self.pieces[os], Some(Piece::Run { ch: och, n: on, len: olen, open: true, close: oclose })
                        if och == ch
                            && (ch != '~' || on == cn)
                            // The rule of three: `*foo**bar*` is not `<em>foo</em><em>bar</em>`.
                            && !((oclose || copen) && (olen + clen) % 3 == 0 && (olen % 3 != 0 || clen % 3 != 0)))
            });
            let Some(oi) = opener else {
                floor[key] = cs;
                if copen {
                    ci += 1;
                } else {
                    self.runs.remove(ci);
                }
                continue;
            };
            let os = self.runs[oi];
            let Some(Piece::Run { n: on, .. }) = self.pieces[os] else {
                unreachable!("the opener's slot holds a run")
            };
            let used = if ch == '~' || on >= 2 && cn >= 2 {
                cn.min(2)
            } else {
                1
            };
            let el = match (ch, used) {
                ('~', _) => El::Del,
                (_, 2) => El::Strong,
                _ => El::Em,
            };
            self.wrap(os, cs, el);
            // Runs between the pair are text now.
            self.runs.drain(oi + 1..ci);
            ci = oi + 1;
            for (slot, left) in [(os, on - used), (cs, cn - used)] {
                if let Some(Piece::Run { n, .. }) = &mut self.pieces[slot] {
                    *n = left;
                }
            }
            if cn == used {
                self.pieces[cs] = None;
                self.runs.remove(ci);
            }
            if on == used {
                self.pieces[os] = None;
                self.runs.remove(oi);
                ci -= 1;
            }
        }
    }

    /// The pieces between slots `from` and `to` as an `el`, in the first free slot; when it
    /// would nest too deep, they stay as they are.
    fn wrap(&mut self, from: usize, to: usize, el: El) {
        let between = &mut self.pieces[from + 1..to];
        let deepest = between
            .iter()
            .flatten()
            .map(|p| match p {
                Piece::Node(_, depth) => *depth,
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        if between.is_empty() || deepest >= self.room {
            return;
        }
        let (children, _) = nodes(between.iter_mut().filter_map(Option::take));
        between[0] = Some(Piece::Node(element(el, children), deepest + 1));
    }
}

/// `(url "title")` right after a `]`: the URL and the bytes used through `)`.
fn destination(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'(') {
        return None;
    }
    let skip = |i: &mut usize| {
        while matches!(b.get(*i), Some(b' ' | b'\t' | b'\n')) {
            *i += 1;
        }
    };
    let mut i = 1;
    skip(&mut i);
    let start;
    let end;
    if b.get(i) == Some(&b'<') {
        start = i + 1;
        i = start;
        loop {
            match b.get(i)? {
                b'>' => break,
                b'<' | b'\n' => return None,
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        end = i;
        i += 1;
    } else {
        start = i;
        let mut parens = 0u8;
        loop {
            match b.get(i)? {
                b' ' | b'\t' | b'\n' => break,
                b'(' => parens = parens.checked_add(1).filter(|&p| p <= 32)?,
                b')' if parens == 0 => break,
                b')' => parens -= 1,
                b'\\' => i += 1,
                c if c.is_ascii_control() => return None,
                _ => {}
            }
            i += 1;
        }
        end = i;
    }
    let url = unescape(s.get(start..end)?);
    let before_title = i;
    skip(&mut i);
    if let Some(&quote @ (b'"' | b'\'' | b'(')) = b.get(i).filter(|_| i > before_title) {
        let close = if quote == b'(' { b')' } else { quote };
        i += 1;
        loop {
            match *b.get(i)? {
                c if c == close => break,
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        i += 1;
        skip(&mut i);
    }
    (b.get(i) == Some(&b')')).then_some((url, i + 1))
}

/// Backslash escapes of punctuation resolved.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The named character references understood; others show as written.
const NAMED: [(&str, char); 16] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
];
