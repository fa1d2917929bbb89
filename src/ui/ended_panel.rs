//! After the end: the transcript stays; download it, or start a new chat.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{Intent, Line, LineKind, Row};
use super::{clock_time, use_config, use_dispatch, use_state};

/// The transcript as plain text, one line per message: `[14:05] Name: text`.
pub fn transcript_text(lines: &[Line], you: &str) -> String {
    let mut out = String::new();
    for line in lines {
        let time = line.time.map(clock_time).unwrap_or_default();
        let name = if line.mine {
            you.to_owned()
        } else {
            line.name.clone().unwrap_or_default()
        };
        let text = match line.kind {
            LineKind::Attachment => line
                .attachments
                .iter()
                .filter_map(|a| a.attachment_name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            LineKind::Event => line
                .content_type
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_owned(),
            _ => line.content.clone(),
        };
        out.push_str(&format!("[{time}] {name}: {text}\n"));
    }
    out
}

/// Offers a text file of `text` for download.
fn download(text: &str, file_name: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

/// Shown instead of the composer once the chat is over.
#[component]
pub fn EndedPanel() -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    view! {
        <div class="cc-dialog" role="status">
            <p>{locale.t("chat_ended")}</p>
            <div class="cc-actions">
                <button type="button" class="cc-button cc-secondary" on:click=move |_| {
                    let lines: Vec<Line> = state.lines.with_untracked(|rows| rows.iter().map(Row::line).collect());
                    let text = transcript_text(&lines, locale.t("you"));
                    let _ = download(&text, locale.t("transcript_file"));
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
