//! The chat window: header, banner, then the form or the conversation.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::app::LauncherRef;
use super::auth::AuthPrompt;
use super::banner::ConnectionBanner;
use super::composer::Composer;
use super::end_confirm::EndConfirm;
use super::ended_panel::EndedPanel;
use super::focus::{Refocus, END_CHAT};
use super::header::Header;
use super::message_list::MessageList;
use super::prechat::PreChatForm;
use super::state::{Intent, Phase};
use super::typing::TypingIndicator;
use super::uploads::UploadList;
use super::{use_config, use_dispatch, use_state};

/// The open window. Focus moves into it on open and back to the launcher on close; Escape
/// minimizes it.
#[component]
pub fn ChatWindow() -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    let launcher = use_context::<LauncherRef>();
    let confirming = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    // Whether the form shows, changing only when it comes or goes: a start that fails
    // (Starting, then PreChat again) keeps the form, and what the customer typed in it.
    let in_form = Memo::new(move |_| matches!(state.phase.get(), Phase::PreChat | Phase::Starting));
    Refocus::provide(root);
    let refocus = super::focus::use_refocus();
    // Cancelled, the confirmation gives focus back to the button that opened it.
    let cancel = move || {
        confirming.set(false);
        refocus.to(END_CHAT);
    };
    let close = move || {
        dispatch.send(Intent::Close);
        if let Some(LauncherRef(button)) = launcher {
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    Effect::new(move |_| {
        if root.get().is_none() {
            return;
        }
        // In the next frame: focusing lays the page out, which that frame does anyway; done
        // at once, it would hold up a resumed chat's first answers behind an extra layout.
        request_animation_frame(move || {
            let Some(root) = root.try_get_untracked().flatten() else {
                return;
            };
            // The first control to type in or press: the name field, the message box, or a
            // button (never the hidden file input behind Attach).
            let target = [
                "input:not([type=file])",
                "textarea:not([disabled])",
                "button",
            ]
            .iter()
            .find_map(|selector| root.query_selector(selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    });
    view! {
        <div
            class="cc-window"
            role="dialog"
            aria-labelledby="cc-title"
            node_ref=root
            on:keydown=move |e: web_sys::KeyboardEvent| {
                if e.key() == "Escape" {
                    e.stop_propagation();
                    if confirming.get_untracked() {
                        cancel();
                    } else {
                        close();
                    }
                }
            }
        >
            <Header
                on_end=Callback::new(move |_| confirming.set(true))
                on_minimize=Callback::new(move |_| close())
            />
            <ConnectionBanner />
            {move || if in_form.get() {
                view! { <PreChatForm /> }.into_any()
            } else {
                view! {
                    <MessageList />
                    <TypingIndicator />
                    <AuthPrompt />
                    <UploadList />
                    {move || {
                        if confirming.get() {
                            view! {
                                <EndConfirm
                                    on_confirm=Callback::new(move |_| {
                                        confirming.set(false);
                                        dispatch.send(Intent::End);
                                    })
                                    on_cancel=Callback::new(move |_| cancel())
                                />
                            }
                            .into_any()
                        } else if state.phase.get() == Phase::Ended {
                            view! { <EndedPanel /> }.into_any()
                        } else {
                            view! { <Composer /> }.into_any()
                        }
                    }}
                }
                .into_any()
            }}
            <span class="cc-sr">{locale.t("messages")}</span>
        </div>
    }
}
