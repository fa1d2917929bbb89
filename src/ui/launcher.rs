//! The round button that opens and closes the chat, with the unread count.

use leptos::prelude::*;

use super::state::Intent;
use super::{use_config, use_dispatch, use_state};

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
