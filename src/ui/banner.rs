//! The connection banner: connecting, reconnecting, offline, and "back online" for a moment
//! after trouble.

use std::time::Duration;

use connect_participant::session::ConnectionStatus;
use leptos::prelude::*;

use super::state::{Intent, Phase};
use super::{use_config, use_dispatch, use_state};

/// How long "back online" stays.
const BACK_ONLINE_SHOWN: Duration = Duration::from_secs(4);

/// Shows the connection's trouble, and "back online" briefly after it.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    // Whether the connection was lost (not merely connecting for the first time).
    let was_lost = StoredValue::new(false);
    let back = RwSignal::new(false);
    // Before the chat runs there are no messages to send later: offline, it cannot start.
    let offline = move || match state.phase.get() {
        Phase::PreChat | Phase::Starting => "offline_prechat",
        Phase::Chat | Phase::Ended => "offline",
    };
    let trouble = move || match (state.online.get(), state.status.get()) {
        (false, _) | (_, ConnectionStatus::Offline) => Some((offline(), true)),
        (_, ConnectionStatus::Reconnecting { .. }) => Some(("reconnecting", true)),
        (_, ConnectionStatus::Connecting) => Some(("connecting", false)),
        _ => None,
    };
    Effect::new(move |_| match trouble() {
        Some((_, lost)) => {
            if lost {
                was_lost.set_value(true);
            }
            back.set(false);
        }
        None if was_lost.get_value() && state.status.get() == ConnectionStatus::Connected => {
            was_lost.set_value(false);
            back.set(true);
            set_timeout(move || back.set(false), BACK_ONLINE_SHOWN);
        }
        None => {}
    });
    let message = move || match trouble() {
        Some((key, _)) => Some((locale.t(key), false)),
        None => back.get().then(|| (locale.t("back_online"), true)),
    };
    view! {
        {move || message().map(|(text, ok)| view! {
            <div class="cc-banner" class:cc-ok=ok role="status">{text}</div>
        })}
        {move || state.notice.get().map(|text| view! {
            <div class="cc-notice" role="alert">
                {text}
                " "
                <button type="button" class="cc-link-button" on:click=move |_| dispatch.send(Intent::DismissNotice)>
                    {locale.t("close")}
                </button>
            </div>
        })}
    }
}
