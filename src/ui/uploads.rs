//! The customer's uploads in progress: thumbnail, progress, cancel, retry. An upload leaves
//! the tray when its line appears in the conversation, or when it is cancelled or dismissed;
//! a failure stays until retried (when a retry may help) or dismissed.

use connect_participant::attachments::AttachmentRules;
use leptos::prelude::*;

use super::i18n::Locale;
use super::state::{Intent, UploadRow, UploadState};
use super::{use_config, use_dispatch, use_state};

/// Checks a file against the rules before any upload, with a message for the customer.
pub fn check_file(
    locale: Locale,
    rules: &AttachmentRules,
    file: &web_sys::File,
) -> Result<(), String> {
    rules
        .check(&file.name(), &file.type_(), file.size() as u64)
        .map_err(|refusal| super::wording::upload(locale, &refusal))
}

/// The list of uploads this page started, one row per upload token: progress and state
/// change in place.
#[component]
pub fn UploadList() -> impl IntoView {
    let state = use_state();
    let locale = use_config().locale;
    view! {
        <ul class="cc-uploads" aria-label=locale.t("uploading")>
            <For
                each=move || state.uploads.get()
                key=|u| u.token().to_owned()
                children=move |u| view! { <UploadItem upload=u /> }
            />
        </ul>
    }
}

/// One upload: thumbnail, name, then progress and cancel, or the outcome.
#[component]
fn UploadItem(upload: UploadRow) -> impl IntoView {
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    let token = upload.token().to_owned();
    let progress: Signal<f64> = upload.progress().into();
    let upload_state: Signal<UploadState> = upload.state().into();
    let action = move || match upload_state.get() {
        state @ (UploadState::Waiting | UploadState::Uploading) => {
            let token = token.clone();
            let waiting = state == UploadState::Waiting;
            view! {
                {match waiting {
                    true => view! { <span class="cc-status">{locale.t("queued")}</span> }.into_any(),
                    false => view! {
                        <progress max="100"
                            value=move || ((progress.get() * 100.0).round() as u32).to_string()>
                        </progress>
                    }
                    .into_any(),
                }}
                <button type="button" class="cc-link-button"
                    on:click=move |_| dispatch.send(Intent::CancelUpload { token: token.clone() })>
                    {locale.t("cancel_upload")}
                </button>
            }
            .into_any()
        }
        UploadState::Failed { reason, retry } => {
            let dismiss = token.clone();
            // Offered only when uploading the file again may help: a full quota or a
            // refused file would only fail again.
            let retry = retry.then(|| {
                let token = token.clone();
                view! {
                    <button type="button" class="cc-link-button"
                        on:click=move |_| dispatch.send(Intent::RetryUpload { token: token.clone() })>
                        {locale.t("retry")}
                    </button>
                }
            });
            view! {
                <span class="cc-failed" role="alert">{reason}</span>
                <span class="cc-actions">
                    {retry}
                    <button type="button" class="cc-link-button"
                        on:click=move |_| dispatch.send(Intent::CancelUpload { token: dismiss.clone() })>
                        {locale.t("dismiss")}
                    </button>
                </span>
            }
            .into_any()
        }
        UploadState::Done => view! { <span>{locale.t("upload_done")}</span> }.into_any(),
        UploadState::Cancelled => view! { <span>{locale.t("cancel")}</span> }.into_any(),
    };
    view! {
        <li class="cc-upload" class:cc-upload-failed=move || matches!(upload_state.get(), UploadState::Failed { .. })>
            {upload.thumbnail().map(|src| view! { <img src=src.to_owned() alt="" /> })}
            <span class="cc-file-name">{upload.name().to_owned()}</span>
            {action}
        </li>
    }
}
