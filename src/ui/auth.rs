//! Customer authentication: a prompt that opens the sign-in page in a popup, with cancel.

use leptos::prelude::*;

use super::state::Intent;
use super::{use_config, use_dispatch, use_state};

/// Shown while the flow asks the customer to sign in.
#[component]
pub fn AuthPrompt() -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    move || {
        state.auth.get().map(|auth| {
            let open_id = auth.session_id.clone();
            let cancel_id = auth.session_id.clone();
            view! {
                <div class="cc-dialog" role="region" aria-label=locale.t("auth_title")>
                    <p>{locale.t("auth_title")}</p>
                    {auth.outcome.clone().map(|o| view! { <p role="status">{locale.fmt("auth_outcome", &o)}</p> })}
                    <div class="cc-actions">
                        <button type="button" class="cc-button" disabled=auth.url.is_none()
                            on:click=move |_| dispatch.send(Intent::Authenticate { session_id: open_id.clone() })>
                            {locale.t("auth_open")}
                        </button>
                        <button type="button" class="cc-button cc-secondary"
                            on:click=move |_| dispatch.send(Intent::CancelAuthentication { session_id: cancel_id.clone() })>
                            {locale.t("cancel")}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
