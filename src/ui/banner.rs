//! The connection banner: connecting, reconnecting, offline, back online.

use connect_participant::session::ConnectionStatus;
use leptos::prelude::*;

use super::{use_config, use_state};

/// Shows the connection's trouble, and "back online" briefly after it.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let state = use_state();
    let locale = use_config().locale;
    // Whether the last status shown was a problem, to say "back online" after it.
    let was_down = RwSignal::new(false);
    let message = move || {
        let status = state.status.get();
        let down = match (state.online.get(), status) {
            (false, _) | (_, ConnectionStatus::Offline) => Some(locale.t("offline")),
            (_, ConnectionStatus::Reconnecting { .. }) => Some(locale.t("reconnecting")),
            (_, ConnectionStatus::Connecting) => Some(locale.t("connecting")),
            _ => None,
        };
        match down {
            Some(text) => {
                was_down.set(true);
                Some((text, false))
            }
            None if was_down.get_untracked() && status == ConnectionStatus::Connected => {
                Some((locale.t("back_online"), true))
            }
            None => None,
        }
    };
    view! {
        {move || message().map(|(text, ok)| view! {
            <div class="cc-banner" class:cc-ok=ok role="status">{text}</div>
        })}
        {move || state.notice.get().map(|text| view! {
            <div class="cc-notice" role="alert">
                {text}
                " "
                <button type="button" class="cc-link-button" on:click=move |_| state.notice.set(None)>
                    {locale.t("close")}
                </button>
            </div>
        })}
    }
}
