//! Customer sign-in: the prompt the flow's request shows until an outcome arrives.
//!
//! As the official interface's prompt (ui `AuthenticationMessage.js:52-111`): "Sign in"
//! opens the sign-in page in a popup, "Continue without signing in" cancels. Once any
//! outcome arrives (signed in, failed, timed out, cancelled, expired) the prompt goes and the
//! outcome's own line in the conversation says what happened. Without a redirect page the
//! prompt says sign-in is unavailable here.

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
            let can_open = auth.url.is_some() && !auth.unavailable;
            view! {
                <div class="cc-dialog cc-auth" role="region" aria-label=locale.t("auth_title")>
                    <p>{locale.t("auth_title")}</p>
                    {auth.unavailable.then(|| view! {
                        <p class="cc-reason" role="status">{locale.t("sign_in_unavailable")}</p>
                    })}
                    <div class="cc-actions">
                        {(!auth.unavailable).then(|| view! {
                            <button type="button" class="cc-button" disabled=!can_open
                                on:click=move |_| dispatch.send(Intent::Authenticate { session_id: open_id.clone() })>
                                {locale.t("auth_open")}
                            </button>
                        })}
                        <button type="button" class="cc-button cc-secondary"
                            on:click=move |_| dispatch.send(Intent::CancelAuthentication { session_id: cancel_id.clone() })>
                            {locale.t("auth_skip")}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
