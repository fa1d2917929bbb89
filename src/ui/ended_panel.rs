//! After the end: the transcript stays; download it, or start a new chat.

use connect_participant::time::Millis;
use leptos::prelude::*;

use super::i18n::Locale;
use super::state::{Intent, Line, LineKind};
use super::wording::plain_name;
use super::{use_config, use_dispatch};

/// The transcript as plain text: a heading with the date, then one entry per line that
/// shows something, in the words the conversation uses (`[14:05] Ada: Hello`,
/// `[14:06] Ada joined the chat`). `time(millis, with_date)` writes a moment in the
/// customer's locale and time zone; `markdown` is whether markdown shows as markdown.
pub fn transcript_text(
    lines: &[Line],
    locale: Locale,
    markdown: bool,
    time: &dyn Fn(Millis, bool) -> String,
) -> String {
    let first = lines.iter().find_map(|l| l.time);
    let mut out = match first {
        Some(at) => locale.fmt("transcript_heading", &time(at, true)),
        None => locale.t("title").to_owned(),
    };
    out.push_str("\n\n");
    let moment = |at: Millis| time(at, true);
    for line in lines {
        let name = match (&line.name, line.mine) {
            // "You" heads the customer's messages; in an event's sentence ("… joined the
            // chat") it would need its own grammar in most languages, so the name is used,
            // as on screen.
            (Some(name), true) if line.kind == LineKind::Event => plain_name(name),
            (_, true) => locale.t("you").to_owned(),
            (Some(name), false) => plain_name(name),
            (None, false) => locale.t("agent").to_owned(),
        };
        let Some(text) = super::wording::line_text(locale, line, &name, &moment, markdown) else {
            continue;
        };
        if let Some(at) = line.time {
            out.push_str(&format!("[{}] ", time(at, false)));
        }
        // The flow's own messages have no name to give, on screen or here.
        if line.kind != LineKind::Event && !Line::from_flow(line.role, line.name.as_deref()) {
            out.push_str(&name);
            out.push_str(": ");
        }
        // Later lines of a message are indented, so each entry still starts a line; a blank
        // one stays empty.
        let text = super::wording::without_bidi_controls(&text);
        for (i, part) in text.trim_end().split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
                if !part.is_empty() {
                    out.push_str("    ");
                }
            }
            out.push_str(part);
        }
        out.push('\n');
    }
    out
}

/// Shown instead of the composer once the chat is over.
#[component]
pub fn EndedPanel() -> impl IntoView {
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    // The control that had focus (the confirmation's "End chat", the message box) is gone:
    // keyboard focus comes here instead of falling to the page. Focus elsewhere on the
    // page stays where it is.
    let first = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = first.get() {
            if crate::shell::page::focus_is_lost() {
                let _ = button.focus();
            }
        }
    });
    view! {
        <div class="cc-dialog" role="status">
            <p>{locale.t("chat_ended")}</p>
            <div class="cc-actions">
                <button type="button" class="cc-button cc-secondary" node_ref=first on:click=move |_| {
                    dispatch.send(Intent::DownloadTranscript);
                }>
                    {locale.t("download_transcript")}
                </button>
                <button type="button" class="cc-button" on:click=move |_| dispatch.send(Intent::NewChat)>
                    {locale.t("new_chat")}
                </button>
            </div>
        </div>
    }
}
