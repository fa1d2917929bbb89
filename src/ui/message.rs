//! One line of the conversation.

use connect_participant::content::{EventType, TEXT_MARKDOWN};
use connect_participant::session::Delivery;
use leptos::prelude::*;

use super::attachment::AttachmentLine;
use super::interactive::InteractiveView;
use super::markdown::MessageText;
use super::state::{Intent, Line, LineKind, Role};
use super::{clock_time, use_config, use_dispatch};

/// A message, attachment, interactive message or quiet event line.
#[component]
pub fn MessageItem(
    /// The line to show.
    line: Line,
    /// Whether it continues the previous line's run (the name is not repeated).
    continued: bool,
) -> impl IntoView {
    let config = use_config();
    let dispatch = use_dispatch();
    let locale = config.locale;
    let name = line.name.clone().unwrap_or_else(|| {
        if line.mine {
            locale.t("you").to_owned()
        } else {
            locale.t("agent").to_owned()
        }
    });
    if line.kind == LineKind::Event {
        return view! {
            <div class="cc-event" role="note" data-key=line.key.clone()>
                {event_text(&line, &name, locale)}
            </div>
        }
        .into_any();
    }
    let class = format!(
        "cc-line cc-{}{}",
        line.role.class(),
        if continued { " cc-cont" } else { "" }
    );
    // Receipts are only sent for other people's items that the service has given an Id.
    let item_id = (!line.mine && line.role != Role::System)
        .then(|| line.id.clone())
        .flatten();
    let time = line.time.map(clock_time);
    let body = match line.kind {
        LineKind::Attachment => view! { <AttachmentLine line=line.clone() /> }.into_any(),
        LineKind::Interactive => {
            view! { <InteractiveView content=line.content.clone() mine=line.mine /> }.into_any()
        }
        _ => view! {
            <MessageText
                content=line.content.clone()
                markdown_enabled=config.markdown && line.content_type == TEXT_MARKDOWN
            />
        }
        .into_any(),
    };
    let status = line.delivery.clone().map(|d| {
        let retry_token = line.client_token.clone();
        match d {
            Delivery::Failed(failed) => view! {
                <span class="cc-failed" role="alert">
                    {locale.t("failed")} ": " {super::wording::failure(locale, &failed.failure)}
                    {(failed.is_recoverable && retry_token.is_some()).then(|| {
                        let token = retry_token.clone().unwrap_or_default();
                        view! {
                            " "
                            <button type="button" class="cc-link-button"
                                on:click=move |_| dispatch.send(Intent::Retry { client_token: token.clone() })>
                                {locale.t("retry")}
                            </button>
                        }
                    })}
                </span>
            }
            .into_any(),
            other => {
                let key = match other {
                    Delivery::Queued => "queued",
                    Delivery::Sending => "sending",
                    Delivery::Sent => "sent",
                    Delivery::Delivered => "delivered",
                    Delivery::Read => "read",
                    _ => "rejected_message",
                };
                view! { <span class="cc-status">{locale.t(key)}</span> }.into_any()
            }
        }
    });
    view! {
        <div class=class data-key=line.key.clone() data-item-id=item_id>
            {(!continued).then(|| view! { <span class="cc-meta cc-name">{name.clone()}</span> })}
            <div class="cc-bubble">{body}</div>
            <span class="cc-meta">{time} " " {status}</span>
        </div>
    }
    .into_any()
}

/// The quiet text of an event line.
fn event_text(line: &Line, name: &str, locale: super::i18n::Locale) -> String {
    let event = EventType::from(line.content_type.as_str());
    match event {
        EventType::ParticipantJoined => locale.fmt("joined", name),
        EventType::ParticipantLeft => locale.fmt("left", name),
        EventType::ParticipantIdle => locale.fmt("idle", name),
        EventType::ParticipantAutoDisconnection => locale.fmt("auto_disconnected", name),
        EventType::ParticipantReturned => locale.fmt("returned", name),
        EventType::TransferSucceeded => locale.t("transferred").to_owned(),
        EventType::TransferFailed => locale.t("transfer_failed").to_owned(),
        EventType::ChatEnded => locale.t("chat_ended").to_owned(),
        _ => match line.content.is_empty() {
            true => line
                .content_type
                .rsplit('.')
                .next()
                .unwrap_or_default()
                .to_owned(),
            false => line.content.clone(),
        },
    }
}
