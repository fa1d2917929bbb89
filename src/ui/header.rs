//! The window's title bar: title, logo, end chat, minimize.

use leptos::prelude::*;

use super::state::Phase;
use super::{use_config, use_state};

/// The title bar. `on_end` asks for the end-chat confirmation.
#[component]
pub fn Header(
    /// Called when the customer presses "End chat".
    on_end: Callback<()>,
    /// Called when the customer minimizes the window.
    on_minimize: Callback<()>,
) -> impl IntoView {
    let state = use_state();
    let config = use_config();
    let locale = config.locale;
    let title = config
        .title
        .clone()
        .unwrap_or_else(|| locale.t("title").to_owned());
    let logo = config
        .logo_url
        .clone()
        .filter(|u| super::markdown::safe_href(u).is_some());
    view! {
        <div class="cc-header">
            {logo.map(|src| view! { <img src=src alt="" /> })}
            <h2 id="cc-title">{title}</h2>
            <Show when=move || state.phase.get() == Phase::Chat>
                <button type="button" class="cc-end-chat" on:click=move |_| on_end.run(())>{locale.t("end_chat")}</button>
            </Show>
            <button type="button" aria-label=locale.t("minimize") on:click=move |_| on_minimize.run(())>
                <span aria-hidden="true">"—"</span>
            </button>
        </div>
    }
}
