//! The round button that opens and closes the chat, with the unread count.
//!
//! Its look and labels live in `www/launcher-look.js`, shared with the launcher that the
//! package's JavaScript draws before the wasm has loaded, so the two cannot differ.

use leptos::prelude::*;

use super::state::Intent;
use super::{use_config, use_dispatch, use_state};

const LOOK: &str = include_str!("../../www/launcher-look.js");

// The two texts are copied out of the file, so that the wasm holds them alone and not the
// whole file with its comments (a slice would keep the file it points into).
const CSS_TEXT: &str = raw_string(LOOK, "LAUNCHER_CSS");
const CSS_COPY: [u8; CSS_TEXT.len()] = copied(CSS_TEXT);
const LABELS_TEXT: &str = raw_string(LOOK, "LAUNCHER_LABELS");
const LABELS_COPY: [u8; LABELS_TEXT.len()] = copied(LABELS_TEXT);

/// The launcher's CSS (custom properties, focus ring, button, badge): the start of the
/// widget's stylesheet.
pub const CSS: &str = utf8(&CSS_COPY);

/// The launcher's labels: `locale key text` lines (see [`label`]).
pub const LABELS: &str = utf8(&LABELS_COPY);

/// The launcher's label `key` in the locale tagged `tag`, from [`LABELS`].
pub fn label(tag: &str, key: &str) -> Option<&'static str> {
    LABELS.lines().find_map(|line| {
        let (locale, rest) = line.split_once(' ')?;
        let (k, text) = rest.split_once(' ')?;
        (locale == tag && k == key).then_some(text)
    })
}

/// The keys [`LABELS`] gives the locale tagged `tag`, in order.
pub fn label_keys(tag: &str) -> impl Iterator<Item = &'static str> + '_ {
    LABELS.lines().filter_map(move |line| {
        let (locale, rest) = line.split_once(' ')?;
        let (key, _) = rest.split_once(' ')?;
        (locale == tag).then_some(key)
    })
}

/// The text of `export const NAME = String.raw\`...\`` in `source`, at compile time: a changed
/// file that no longer has it fails the build.
const fn raw_string(source: &'static str, name: &str) -> &'static str {
    let (bytes, name) = (source.as_bytes(), name.as_bytes());
    let (before, after) = (b"export const ".as_slice(), b" = String.raw`".as_slice());
    let mut from = 0;
    let start = loop {
        let Some(at) = find(bytes, name, from) else {
            panic!("www/launcher-look.js lacks an `export const NAME = String.raw`");
        };
        if at >= before.len()
            && starts_at(bytes, before, at - before.len())
            && starts_at(bytes, after, at + name.len())
        {
            break at + name.len() + after.len();
        }
        from = at + 1;
    };
    let Some(end) = find(bytes, b"`", start) else {
        panic!("www/launcher-look.js: a template is not closed");
    };
    let (_, tail) = bytes.split_at(start);
    let (text, _) = tail.split_at(end - start);
    match std::str::from_utf8(text) {
        Ok(text) => text,
        Err(_) => panic!("www/launcher-look.js is not UTF-8"),
    }
}

/// `text`'s bytes as an array of its length.
const fn copied<const N: usize>(text: &str) -> [u8; N] {
    let bytes = text.as_bytes();
    let mut copy = [0; N];
    let mut i = 0;
    while i < N {
        copy[i] = bytes[i];
        i += 1;
    }
    copy
}

/// `bytes` as text; they were copied from a `&str` whole.
const fn utf8(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("www/launcher-look.js is not UTF-8"),
    }
}

/// Where `needle` first occurs in `hay` at or after `from`.
const fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at + needle.len() <= hay.len() {
        if starts_at(hay, needle, at) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// Whether `hay` holds `needle` at `at`.
const fn starts_at(hay: &[u8], needle: &[u8], at: usize) -> bool {
    if at + needle.len() > hay.len() {
        return false;
    }
    let mut i = 0;
    while i < needle.len() {
        if hay[at + i] != needle[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Opens or closes the window; shows how many messages arrived unseen.
#[component]
pub fn Launcher(
    /// Lets the window give focus back to the launcher when it closes.
    node_ref: NodeRef<leptos::html::Button>,
) -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    let label = move || {
        let base = if state.open.get() {
            locale.t("close_chat")
        } else {
            locale.t("open_chat")
        };
        match state.unread.get() {
            0 => base.to_owned(),
            n => format!("{base}, {}", locale.fmt("unread", &n.to_string())),
        }
    };
    view! {
        <button
            class="cc-launcher"
            type="button"
            node_ref=node_ref
            aria-label=label
            aria-expanded=move || state.open.get().to_string()
            on:click=move |_| {
                dispatch.send(if state.open.get_untracked() { Intent::Close } else { Intent::Open });
            }
        >
            {move || if state.open.get() {
                view! { <super::icons::Close /> }.into_any()
            } else {
                view! { <super::icons::Bubble /> }.into_any()
            }}
            <Show when=move || { state.unread.get() > 0 }>
                <span class="cc-badge" aria-hidden="true">{move || state.unread.get()}</span>
            </Show>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::Locale;

    #[test]
    fn the_shared_css_is_the_start_of_the_widgets_stylesheet() {
        assert!(CSS.contains(".cc-launcher {"), "{CSS}");
        assert!(CSS.contains("--cc-accent: #0b5cad"), "{CSS}");
        assert!(!CSS.contains('`') && !CSS.contains("${"), "{CSS}");
        let all = crate::ui::styles::CSS;
        assert!(all.starts_with(CSS));
        assert!(all[CSS.len()..].contains(".cc-window {"));
        assert!(
            !all[CSS.len()..].contains(".cc-launcher {"),
            "one rule, one place"
        );
    }

    #[test]
    fn labels_come_from_the_shared_table_in_every_locale() {
        assert_eq!(label("de", "open_chat"), Some("Chat öffnen"));
        assert_eq!(Locale::Ar.t("open_chat"), "فتح المحادثة");
        assert_eq!(Locale::Ja.fmt("unread", "3"), "未読メッセージ 3 件");
        // The count stands apart from the words: right for 1 as for 5.
        assert_eq!(Locale::En.fmt("unread", "1"), "unread messages: 1");
        assert_eq!(Locale::De.fmt("unread", "1"), "ungelesene Nachrichten: 1");
        assert_eq!(label("xx", "open_chat"), None);
        for locale in Locale::ALL {
            let keys: Vec<_> = label_keys(locale.tag()).collect();
            assert_eq!(
                keys,
                ["open_chat", "close_chat", "unread", "unavailable"],
                "{locale:?}"
            );
        }
    }

    #[test]
    fn a_template_is_read_between_its_export_and_the_next_backquote() {
        let source = "// LAUNCHER_CSS is below\nexport const LAUNCHER_CSS = String.raw`a\nb`;\nexport const X = String.raw`c`;";
        assert_eq!(raw_string(source, "LAUNCHER_CSS"), "a\nb");
        assert_eq!(raw_string(source, "X"), "c");
    }
}
