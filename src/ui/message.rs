//! One line of the conversation.
//!
//! Rendered once per row: what changes (the name, whether the line continues a run, its
//! content, attachments, time and delivery) is read from the row's signals, so a change
//! updates just that part of the DOM. A line from the other side that is not a streamed reply
//! still coming changes only in its place in a run: the rest of it is drawn once, with no
//! effect to keep it up to date (a long chat's scrolling draws thousands of lines).

use connect_participant::content::{EventType, TEXT_MARKDOWN};
use connect_participant::session::Delivery;
use connect_participant::time::{format_iso8601, Millis};
use leptos::prelude::*;

use super::attachment::AttachmentLine;
use super::i18n::Locale;
use super::interactive::InteractiveView;
use super::markdown::{message_text, MessageText};
use super::state::{Intent, Line, LineKind, Role, Row};
use super::{clock_time, line_settings, use_dispatch};

/// A message, attachment, interactive message or quiet event line.
#[component]
pub fn MessageItem(
    /// The row to show.
    row: Row,
) -> impl IntoView {
    let (locale, markdown_on) = line_settings();
    let dispatch = use_dispatch();
    let mine = row.mine();
    let name_signal: Signal<Option<String>> = row.name();
    let name = move || {
        name_signal.get().unwrap_or_else(|| {
            if mine {
                locale.t("you").to_owned()
            } else {
                locale.t("agent").to_owned()
            }
        })
    };
    let key = row.key().to_owned();
    let content: Signal<String> = row.content();
    // A paging reply, and the customer's own idle, returned or auto-disconnected line, are
    // never drawn (ui `ChatSession.js:717-719, 947-965`). The customer's own "joined" stays:
    // it tells the customer the chat has started.
    let own_presence = mine
        && matches!(
            EventType::from(row.content_type()),
            EventType::ParticipantIdle
                | EventType::ParticipantReturned
                | EventType::ParticipantAutoDisconnection
        );
    if row.hidden() || own_presence {
        return ().into_any();
    }
    row.drawn();
    on_cleanup({
        let row = row.clone();
        move || row.undrawn()
    });
    let opens_past: Signal<bool> = row.opens_past();
    let divider = move || {
        opens_past.get().then(|| {
            view! { <div class="cc-divider" role="separator">{locale.t("previous_conversation")}</div> }
        })
    };
    let past = row.past();
    if row.kind() == LineKind::Event {
        let content_type = row.content_type().to_owned();
        // The sign-in request is the prompt's to show; an event without words is not drawn.
        if EventType::from(content_type.as_str()) == EventType::AuthenticationInitiated
            || super::wording::event(locale, &content_type, "").is_none()
        {
            return ().into_any();
        }
        return view! {
            {divider}
            <div class="cc-event" class:cc-past=past role="note" data-key=key>
                {move || super::wording::event(locale, &content_type, &name())}
            </div>
        }
        .into_any();
    }
    let continued: Signal<bool> = row.continued();
    let flow = name_signal.with_untracked(|n| Line::from_flow(row.role(), n.as_deref()));
    let class = format!("cc-line cc-{}", row.role().class());
    let now = row.line();
    // A line from the other side that is not a streamed reply still coming keeps its Id,
    // name, time and text: they are drawn once, without an effect each. Only its place in a
    // run changes (and an attachment's scan status or an interactive message's state, which
    // their own views follow).
    let settled = !mine && !now.streaming;
    // Receipts are only sent for other people's items, which come with their Id.
    let item_id = (!mine && row.role() != Role::System)
        .then_some(now.id)
        .flatten();
    let time: Signal<Option<i64>> = row.time();
    let time = if settled {
        now.time.map(|at| line_time(locale, at)).into_any()
    } else {
        (move || time.get().map(|at| line_time(locale, at))).into_any()
    };
    let body = match row.kind() {
        LineKind::Attachment => {
            view! { <AttachmentLine attachments=row.attachments() /> }.into_any()
        }
        LineKind::Interactive => {
            let answered = row
                .answered()
                // Every interactive row is made with one (`Row::new`).
                .expect("an interactive line has an answered signal");
            let answered = RwSignal::from(answered);
            let answerable: Signal<bool> = row.answerable();
            let content = move || {
                view! {
                    <InteractiveView content=content.get() mine=mine answered=answered
                        answerable=answerable />
                }
            };
            content.into_any()
        }
        // The customer's own replies read as words: a carousel choice as "Flights - Buy
        // ticket", a view's answer as its action or the typed text (never JSON).
        _ if mine => {
            let content_type = row.content_type().to_owned();
            let markdown = markdown_on && content_type == TEXT_MARKDOWN;
            let shown = Signal::derive(move || {
                content.with(|c| {
                    super::wording::reply(locale, &content_type, c, &|slot, _| {
                        super::interactive::slot_label(slot, None, locale)
                    })
                    .unwrap_or_default()
                })
            });
            view! { <MessageText content=shown markdown_enabled=markdown /> }.into_any()
        }
        _ => {
            let markdown = markdown_on && row.content_type() == TEXT_MARKDOWN;
            if settled {
                message_text(&now.content, markdown).into_any()
            } else {
                view! { <MessageText content=content markdown_enabled=markdown /> }.into_any()
            }
        }
    };
    // Only the customer's own messages have a delivery status.
    let status = mine.then(|| {
        let delivery: Signal<Option<Delivery>> = row.delivery();
        let retry_token = row.client_token().map(str::to_owned);
        move || {
            delivery
                .get()
                .map(|d| delivery_view(d, retry_token.clone(), dispatch, locale))
        }
    });
    // The customer's own lines are "You" whether the line came back from the service with
    // their display name (after a reload) or not (while being sent).
    let name = match (mine, settled, now.name) {
        (true, _, _) => Signal::stored(locale.t("you").to_owned()),
        (_, true, Some(shown)) => Signal::stored(shown),
        _ => Signal::derive(name),
    };
    view! {
        {divider}
        <div class=class class:cc-cont=move || continued.get() class:cc-past=past data-key=key
            data-item-id=item_id>
            {move || (!continued.get() && !flow).then(|| view! { <span class="cc-meta cc-name">{super::wording::plain_name(&name.get())}</span> })}
            <div class="cc-bubble">{body}</div>
            <span class="cc-meta">{time} " " {status}</span>
        </div>
    }
    .into_any()
}

/// When a line was written, for people and, in `datetime`, for machines.
fn line_time(locale: Locale, at: Millis) -> impl IntoView {
    view! { <time datetime=format_iso8601(at)>{clock_time(locale, at)}</time> }
}

/// Where one of the customer's messages is; a failed one offers a retry when it may help.
fn delivery_view(
    delivery: Delivery,
    retry_token: Option<String>,
    dispatch: super::state::Dispatch,
    locale: Locale,
) -> AnyView {
    match delivery {
        Delivery::Failed(failed) => view! {
            <span class="cc-failed" role="alert">
                {locale.t("failed")} ": " {super::wording::failure(locale, &failed.failure)}
                {retry_token.filter(|_| failed.is_recoverable).map(|token| {
                    let refocus = super::focus::use_refocus();
                    view! {
                        " "
                        <button type="button" class="cc-link-button"
                            on:click=move |_| {
                                dispatch.send(Intent::Retry { client_token: token.clone() });
                                // The button goes once the message is sent again.
                                refocus.to(super::focus::COMPOSER);
                            }>
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
}
