//! An attachment in the conversation: name, scan status, and a download link via GetAttachment.

use connect_participant::model::{ArtifactStatus, AttachmentItem};
use leptos::prelude::*;

use super::i18n::Locale;
use super::state::{ChatState, Dispatch, Intent};
use super::{line_settings, use_dispatch, use_state};

/// The attachments of one line; they render again when their scan status changes.
#[component]
pub fn AttachmentLine(
    /// The line's attachments.
    #[prop(into)]
    attachments: Signal<Vec<AttachmentItem>>,
) -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = line_settings().0;
    move || {
        attachments.with(|list| {
            list.iter()
                .map(|a| attachment(a, state, dispatch, locale))
                .collect::<Vec<_>>()
        })
    }
}

/// One attachment: its name, and its scan status or a download link.
fn attachment(
    a: &AttachmentItem,
    state: ChatState,
    dispatch: Dispatch,
    locale: Locale,
) -> impl IntoView {
    let name = match &a.attachment_name {
        Some(name) => super::wording::plain_name(name),
        None => locale.t("file_label").to_owned(),
    };
    let id = a.attachment_id.clone().unwrap_or_default();
    let is_image = a
        .content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("image/"));
    // Approved images fetch their URL at once, to show a thumbnail.
    let approved = matches!(a.status, Some(ArtifactStatus::Approved) | None);
    if is_image
        && approved
        && !id.is_empty()
        && !state
            .attachment_urls
            .with_untracked(|m| m.contains_key(&id))
    {
        dispatch.send(Intent::Preview {
            attachment_id: id.clone(),
        });
    }
    let control = match &a.status {
        Some(ArtifactStatus::Rejected) => {
            view! { <span class="cc-failed">{locale.t("rejected")}</span> }.into_any()
        }
        Some(ArtifactStatus::InProgress) => {
            view! { <span class="cc-status">{locale.t("scanning")}</span> }.into_any()
        }
        _ => {
            let lookup = id.clone();
            // Only this attachment's URL: another arriving leaves this one as it is.
            let url = Memo::new(move |_| state.attachment_urls.with(|m| m.get(&lookup).cloned()));
            let request = id.clone();
            let shown = name.clone();
            view! {
                {move || match url.get() {
                    Some(href) => {
                        let thumb = is_image.then(|| view! {
                            <img class="cc-thumb" src=href.clone() alt=shown.clone() />
                        });
                        view! {
                            {thumb}
                            <a href=href target="_blank" rel="noopener noreferrer" download="">
                                {locale.t("download")}
                            </a>
                        }
                        .into_any()
                    }
                    None => {
                        let request = request.clone();
                        view! {
                            <button type="button" class="cc-link-button"
                                on:click=move |_| dispatch.send(Intent::Download { attachment_id: request.clone() })>
                                {locale.t("download")}
                            </button>
                        }
                        .into_any()
                    }
                }}
            }
            .into_any()
        }
    };
    view! {
        <div class="cc-attachment">
            <super::icons::Paperclip />
            <span class="cc-file-name">{name}</span>
            {control}
        </div>
    }
}
