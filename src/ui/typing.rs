//! "Agent is typing…".

use leptos::prelude::*;

use super::{use_config, use_state};

/// The other side's typing indicator (a polite status, so it is not announced on every key).
#[component]
pub fn TypingIndicator() -> impl IntoView {
    let state = use_state();
    let locale = use_config().locale;
    view! {
        <div class="cc-typing" aria-live="off">
            {move || state.typing.get().map(|name| locale.fmt("typing", &name))}
        </div>
    }
}
