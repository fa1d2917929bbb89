//! The customer's uploads in progress: thumbnail, progress, cancel, retry.

use connect_participant::attachments::AttachmentRules;
use leptos::prelude::*;

use super::i18n::Locale;
use super::state::{Intent, UploadState};
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

/// The list of uploads this page started.
#[component]
pub fn UploadList() -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    view! {
        <ul class="cc-uploads" aria-label=locale.t("uploading")>
            <For
                each=move || state.uploads.get()
                key=|u| (u.token.clone(), u.state.clone(), (u.progress * 100.0) as u32)
                children=move |u| {
                    let token = u.token.clone();
                    let action = match u.state.clone() {
                        UploadState::Uploading => {
                            let token = token.clone();
                            view! {
                                <progress max="100" value=((u.progress * 100.0).round() as u32).to_string()></progress>
                                <button type="button" class="cc-link-button"
                                    on:click=move |_| dispatch.send(Intent::CancelUpload { token: token.clone() })>
                                    {locale.t("cancel_upload")}
                                </button>
                            }
                            .into_any()
                        }
                        UploadState::Failed(reason) => {
                            let token = token.clone();
                            view! {
                                <span class="cc-failed" role="alert">{reason}</span>
                                <button type="button" class="cc-link-button"
                                    on:click=move |_| dispatch.send(Intent::RetryUpload { token: token.clone() })>
                                    {locale.t("retry")}
                                </button>
                            }
                            .into_any()
                        }
                        UploadState::Done => view! { <span>{locale.t("upload_done")}</span> }.into_any(),
                        UploadState::Cancelled => view! { <span>{locale.t("cancel")}</span> }.into_any(),
                    };
                    view! {
                        <li class="cc-upload">
                            {u.thumbnail.clone().map(|src| view! { <img src=src alt="" /> })}
                            <span class="cc-file-name">{u.name.clone()}</span>
                            {action}
                        </li>
                    }
                }
            />
        </ul>
    }
}
