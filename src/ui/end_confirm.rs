//! "End this chat?" with confirm and cancel.

use leptos::prelude::*;

use super::use_config;

/// The confirmation shown before ending the chat. Focus starts on "Cancel".
#[component]
pub fn EndConfirm(
    /// The customer confirmed.
    on_confirm: Callback<()>,
    /// The customer changed their mind.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let locale = use_config().locale;
    let cancel = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = cancel.get() {
            let _ = b.focus();
        }
    });
    view! {
        <div class="cc-dialog" role="alertdialog" aria-labelledby="cc-end-q">
            <p id="cc-end-q">{locale.t("end_confirm")}</p>
            <div class="cc-actions">
                <button type="button" class="cc-button" on:click=move |_| on_confirm.run(())>
                    {locale.t("end_chat")}
                </button>
                <button type="button" class="cc-button cc-secondary" node_ref=cancel
                    on:click=move |_| on_cancel.run(())>
                    {locale.t("cancel")}
                </button>
            </div>
        </div>
    }
}
