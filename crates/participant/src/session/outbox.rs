//! The send queue: the customer's messages, sent one at a time so they arrive in order.
//!
//! A message is checked (content limits, the model's constraints) before it is queued; one
//! that fails the check never shows. A queued message shows at once as pending
//! ([`Delivery::Queued`]) and keeps its ClientToken for life: every retry, after a reload
//! too, is the same request, so the service stores it once.
//!
//! The head of the queue is sent when the ConnectionToken is usable ([`Delivery::Sending`]).
//! Its answer decides what follows:
//! - accepted: confirmed in the timeline with the service's Id ([`Delivery::Sent`], or
//!   [`Delivery::Rejected`] when its processing status says so);
//! - the network failed: retried after a short backoff, not counted against the message;
//! - the token was refused (403): retried once a new token is fetched;
//! - throttled or a server error: retried with backoff, counted; after
//!   [`super::SessionConfig::send_max_attempts`] it shows as
//!   `Failed { retryable: true }` and waits in `failed` for [`super::Input::Retry`];
//! - any other refusal: `Failed { retryable: false }`, dropped.
//!
//! Queued and failed messages are in the snapshot ([`super::Snapshot::unsent`]); at the end
//! of the chat the ones still unsent show as failed.

use super::connection::Token;
use super::retry::Retry;
use super::shared::{Core, Purpose};
use super::timer::{at, Timeout, Wake};
use super::{Activity, Event, Failure, QueuedMessage, SendingFailed};
use crate::content::{TEXT_MARKDOWN, TEXT_PLAIN};
use crate::error::{Error, ErrorKind};
use crate::interactive::{is_view, view_text_reply};
use crate::model::MessageProcessingStatus;
use crate::operations::{Operation, SendMessage, SendMessageResponse};
use crate::retry::is_retryable;
use crate::time::Millis;
use crate::timeline::{Delivery, Timeline};

/// A message in the send queue.
#[derive(Clone)]
struct Outgoing {
    message: QueuedMessage,
    /// Failures that count towards `send_max_attempts`.
    retry: Retry,
}

/// The send queue.
#[derive(Default)]
pub(super) struct Outbox {
    queue: Vec<Outgoing>,
    /// Messages that failed after every automatic attempt, waiting for a manual retry.
    failed: Vec<QueuedMessage>,
}

/// Typed text (plain or markdown) while the newest incoming item is a view becomes the view's
/// answer with the action " " (ui `ChatSession.js:311-343`); anything else goes as it is.
fn answer_to_view(timeline: &Timeline, content_type: String, content: String) -> (String, String) {
    let typed = content_type == TEXT_PLAIN || content_type == TEXT_MARKDOWN;
    let view = timeline.newest_incoming().is_some_and(|e| {
        let item = &e.item;
        is_view(
            item.content_type.as_deref().unwrap_or(""),
            item.content.as_deref().unwrap_or(""),
        )
    });
    if typed && view {
        let reply = view_text_reply(&content);
        return (reply.content_type, reply.content);
    }
    (content_type, content)
}

/// Sets an entry's delivery, telling the UI if it changed.
fn show(core: &mut Core, timeline: &mut Timeline, key: &str, delivery: Delivery) {
    if timeline.set_delivery(key, delivery) {
        core.event(Event::ItemChanged {
            key: key.to_owned(),
        });
    }
}

impl std::fmt::Debug for Outbox {
    /// ClientTokens and retry states, without the messages' text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let queue: Vec<_> = self
            .queue
            .iter()
            .map(|o| (&o.message.client_token, &o.retry))
            .collect();
        let failed: Vec<_> = self.failed.iter().map(|m| &m.client_token).collect();
        f.debug_struct("Outbox")
            .field("queue", &queue)
            .field("failed", &failed)
            .finish()
    }
}

impl Outbox {
    fn enqueue(&mut self, message: QueuedMessage) {
        self.queue.push(Outgoing {
            message,
            retry: Retry::default(),
        });
    }

    /// A new message from the customer. Text typed while a view is the newest incoming
    /// message answers the view, wrapped as the official interface wraps it.
    pub fn send(
        &mut self,
        core: &mut Core,
        timeline: &mut Timeline,
        content_type: String,
        content: String,
        client_token: String,
    ) {
        let (content_type, content) = answer_to_view(timeline, content_type, content);
        if client_token.is_empty() {
            let failure = Failure::Invalid {
                field: "ClientToken".into(),
            };
            return core.error(Activity::Send, failure, None);
        }
        let op = SendMessage {
            content_type: content_type.clone(),
            content: content.clone(),
            client_token: Some(client_token.clone()),
        };
        let limits = core.config.content_limits;
        if let Err(e) = limits.check(&content_type, &content) {
            // Refused before it shows: the text stays with the caller to fix.
            let failure = match content.chars().count() {
                0 => Failure::Empty,
                length => Failure::TooLong {
                    limit: limits.max_for(&content_type),
                    length,
                },
            };
            return core.error(Activity::Send, failure, Some(e));
        }
        if let Err(e) = Operation::validate(&op) {
            return core.failed(Activity::Send, e);
        }
        if !timeline.add_pending(&client_token, &content_type, &content) {
            // The same intent delivered twice: the message already exists.
            return;
        }
        core.event(Event::ItemAdded {
            key: client_token.clone(),
        });
        self.enqueue(QueuedMessage {
            client_token,
            content_type,
            content,
        });
    }

    /// Queues again the messages a stored snapshot had not sent.
    pub fn restore(&mut self, core: &mut Core, timeline: &mut Timeline, unsent: &[QueuedMessage]) {
        for message in unsent {
            if timeline.add_pending(
                &message.client_token,
                &message.content_type,
                &message.content,
            ) {
                core.event(Event::ItemAdded {
                    key: message.client_token.clone(),
                });
                self.enqueue(message.clone());
            }
        }
    }

    /// The customer asks to send a failed message again.
    pub fn retry(&mut self, core: &mut Core, timeline: &mut Timeline, client_token: &str) {
        let Some(pos) = self
            .failed
            .iter()
            .position(|m| m.client_token == client_token)
        else {
            return;
        };
        let message = self.failed.remove(pos);
        show(core, timeline, client_token, Delivery::Queued);
        self.enqueue(message);
    }

    /// Sends the head of the queue, if it is due and the token can be used.
    pub fn pump(&mut self, core: &mut Core, timeline: &mut Timeline, token: &Token, now: Millis) {
        if !token.valid(now) {
            return;
        }
        let Some(head) = self.queue.first() else {
            return;
        };
        if !head.retry.ready(now) {
            return;
        }
        let message = head.message.clone();
        let op = SendMessage {
            content_type: message.content_type,
            content: message.content,
            client_token: Some(message.client_token.clone()),
        };
        let key = message.client_token;
        let purpose = Purpose::Send {
            client_token: key.clone(),
        };
        match core.call(&op, purpose, token.bearer()) {
            Ok(_) => {
                self.queue[0].retry.sent();
                show(core, timeline, &key, Delivery::Sending);
            }
            Err(e) => self.fail(core, timeline, &key, e, false),
        }
    }

    /// Takes a message out of the queue as failed; a `retryable` one waits for a retry.
    fn fail(
        &mut self,
        core: &mut Core,
        timeline: &mut Timeline,
        client_token: &str,
        error: Error,
        retryable: bool,
    ) {
        if let Some(pos) = self.position(client_token) {
            let outgoing = self.queue.remove(pos);
            if retryable {
                self.failed.push(outgoing.message);
            }
        }
        let failed = Delivery::Failed(SendingFailed {
            failure: Failure::of(&error),
            is_recoverable: retryable,
        });
        show(core, timeline, client_token, failed);
        core.failed(Activity::Send, error);
    }

    fn position(&self, client_token: &str) -> Option<usize> {
        self.queue
            .iter()
            .position(|o| o.message.client_token == client_token)
    }

    /// The answer to a SendMessage.
    pub fn on_sent(
        &mut self,
        core: &mut Core,
        timeline: &mut Timeline,
        client_token: String,
        result: Result<SendMessageResponse, Error>,
        now: Millis,
    ) {
        let Some(pos) = self.position(&client_token) else {
            return;
        };
        self.queue[pos].retry.answered();
        match result {
            Ok(response) => {
                self.queue.remove(pos);
                let Some(id) = response.id else {
                    // Accepted without an Id: its echo or the gap fill brings the item.
                    return show(core, timeline, &client_token, Delivery::Sent);
                };
                if let Some(removed) =
                    timeline.confirm(&client_token, &id, response.absolute_time.as_deref())
                {
                    core.event(Event::ItemRemoved { key: removed });
                }
                let status = response
                    .message_metadata
                    .and_then(|m| m.message_processing_status);
                if let Some(
                    status @ (MessageProcessingStatus::Rejected | MessageProcessingStatus::Failed),
                ) = status
                {
                    timeline.set_delivery(&client_token, Delivery::Rejected { status });
                }
                core.event(Event::ItemChanged { key: client_token });
            }
            Err(Error::Network(_)) => {
                // Not the message's fault: wait for the network, do not count the attempt.
                let delay = core.backoff(1);
                self.queue[pos].retry.retry_at(now + delay);
                show(core, timeline, &client_token, Delivery::Queued);
            }
            Err(e) if e.kind() == Some(&ErrorKind::AccessDenied) => {
                // The token may be stale: a new one is fetched; the chat ended if that fails.
                show(core, timeline, &client_token, Delivery::Queued);
            }
            Err(e) if is_retryable(&e) => {
                let attempts = self.queue[pos].retry.failed();
                if attempts >= core.config.send_max_attempts {
                    self.fail(core, timeline, &client_token, e, true);
                } else {
                    let delay = core.backoff(attempts);
                    self.queue[pos].retry.retry_at(now + delay);
                    show(core, timeline, &client_token, Delivery::Queued);
                }
            }
            Err(e) => self.fail(core, timeline, &client_token, e, false),
        }
    }

    /// The chat ended: whatever was not sent shows as failed for good.
    pub fn abandon(&mut self, core: &mut Core, timeline: &mut Timeline) {
        let unsent: Vec<String> = self
            .queue
            .drain(..)
            .map(|o| o.message.client_token)
            .chain(self.failed.drain(..).map(|m| m.client_token))
            .collect();
        for key in unsent {
            timeline.set_delivery(
                &key,
                Delivery::Failed(SendingFailed {
                    failure: Failure::ChatEnded,
                    is_recoverable: false,
                }),
            );
            core.event(Event::ItemChanged { key });
        }
    }

    /// Every message not yet confirmed, in send order (the failed ones last).
    pub fn unsent(&self) -> Vec<QueuedMessage> {
        self.queue
            .iter()
            .map(|o| o.message.clone())
            .chain(self.failed.iter().cloned())
            .collect()
    }

    /// When the head of the queue is to be sent again.
    pub fn poll_timeout(&self) -> Timeout {
        at(
            self.queue.first().and_then(|o| o.retry.deadline()),
            Wake::Send,
        )
    }
}
