//! The message box: multi-line, Enter sends, Shift+Enter breaks the line, a counter near the
//! limit, typing events, attachments by picker or drop, disabled with a reason.

use leptos::prelude::*;

use super::state::Intent;
use super::uploads::check_file;
use super::{use_config, use_dispatch, use_state};

/// How close to the limit the counter appears, in characters.
const COUNTER_FROM: usize = 100;

/// The composer.
#[component]
pub fn Composer() -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let config = use_config();
    let locale = config.locale;
    let max = config.max_length;
    let rules = config.attachments.clone();
    // The draft survives the composer (an end confirmation replaces it for a while) and a
    // reload.
    let text = RwSignal::new(state.draft.get_untracked());
    let file_input = NodeRef::<leptos::html::Input>::new();
    // The box takes focus lost by what it replaces (the pre-chat form, a confirmation).
    super::focus::settle_on_mount();
    let blocked = move || state.send_blocked();
    let length = move || text.with(|t| t.chars().count());
    let too_long = move || length() > max;
    let send = move || {
        let content = text.get_untracked();
        if content.trim().is_empty() || too_long() || blocked().is_some() {
            return;
        }
        text.set(String::new());
        dispatch.send(Intent::Send {
            content_type: connect_participant::content::TEXT_PLAIN.into(),
            content,
        });
    };
    let upload_files = {
        let rules = rules.clone();
        move |files: Option<web_sys::FileList>| {
            let (Some(files), Some(rules)) = (files, rules.as_ref()) else {
                return;
            };
            // The accepted files first: one accepted closes an earlier refusal's notice, and a
            // refusal among this pick's files must stay up after it.
            let mut refusals = Vec::new();
            for i in 0..files.length() {
                let Some(file) = files.item(i) else { continue };
                match check_file(locale, rules, &file) {
                    Ok(()) => dispatch.send(Intent::Upload(file)),
                    Err(message) => refusals.push(message),
                }
            }
            for message in refusals {
                dispatch.send(Intent::FileRefused(message));
            }
        }
    };
    let on_pick = {
        let upload_files = upload_files.clone();
        move |_| {
            if let Some(input) = file_input.get_untracked() {
                upload_files(input.files());
                // Picking the same file again must fire `change` again.
                input.set_value("");
            }
        }
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |e: web_sys::DragEvent| {
        e.prevent_default();
        dragging.set(false);
        if blocked().is_none() {
            upload_files(e.data_transfer().and_then(|d| d.files()));
        }
    };
    let attach = rules.map(|rules| {
        let accept = rules.accept_attribute();
        view! {
            <input type="file" multiple=true class="cc-sr" tabindex="-1" aria-hidden="true" accept=accept
                node_ref=file_input on:change=on_pick />
            <button type="button" class="cc-secondary" aria-label=locale.t("attach")
                disabled=move || blocked().is_some()
                on:click=move |_| { if let Some(i) = file_input.get_untracked() { i.click(); } }>
                <super::icons::Paperclip />
            </button>
        }
    });
    view! {
        <div
            class:cc-drop=move || dragging.get()
            on:dragover=move |e: web_sys::DragEvent| { e.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <div class="cc-composer">
                {attach}
                // Typed text takes its own direction: Arabic typed in an English window reads
                // right to left. Until a letter is typed the box keeps the window's direction:
                // browsers resolve an `auto` with no letters as left to right.
                <textarea
                    rows="1"
                    dir=move || text.with(|t| t.chars().any(char::is_alphabetic)).then_some("auto")
                    aria-label=locale.t("placeholder")
                    placeholder=locale.t("placeholder")
                    aria-describedby="cc-composer-help"
                    disabled=move || blocked().is_some()
                    prop:value=move || text.get()
                    on:input=move |e| {
                        let value = event_target_value(&e);
                        text.set(value.clone());
                        dispatch.send(Intent::Draft(value));
                        dispatch.send(Intent::Typing);
                    }
                    on:keydown=move |e: web_sys::KeyboardEvent| {
                        // Enter sends; Shift+Enter breaks the line; IME composition is left alone.
                        if e.key() == "Enter" && !e.shift_key() && !e.is_composing() {
                            e.prevent_default();
                            send();
                        }
                    }
                ></textarea>
                <button type="button" disabled=move || blocked().is_some() || too_long() || text.with(|t| t.trim().is_empty())
                    on:click=move |_| send()>
                    {locale.t("send")}
                </button>
            </div>
            <div id="cc-composer-help">
                {move || blocked().map(|key| view! { <div class="cc-reason">{locale.t(key)}</div> })}
                {move || {
                    let length = length();
                    let left = max as i64 - length as i64;
                    let text = if left < 0 {
                        super::wording::too_long(locale, length, max)
                    } else {
                        locale.fmt("chars_left", &super::wording::number(locale, left as u64))
                    };
                    (left <= COUNTER_FROM as i64).then(|| view! {
                        <div class="cc-counter" class:cc-over=too_long aria-live="polite">{text}</div>
                    })
                }}
            </div>
        </div>
    }
}
