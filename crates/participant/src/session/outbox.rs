//! The send queue: the customer's messages, sent one at a time, in the order typed
//! (matrix-rust-sdk's send queue is the model).
//!
//! A message is checked (content limits, the model's constraints) before it is queued; one
//! that fails the check never shows. A queued message shows at once as pending
//! ([`Delivery::Queued`]) and keeps its ClientToken for life: every retry, after a reload
//! too, is the same request, so the service stores it once.
//!
//! The first message of the queue is sent when the ConnectionToken is usable
//! ([`Delivery::Sending`]). Its answer decides what follows:
//! - accepted: confirmed in the timeline with the service's Id ([`Delivery::Sent`], or
//!   [`Delivery::Rejected`] when its processing status says so);
//! - the network failed: retried after a short backoff, not counted against the message;
//! - the token was refused (403): retried once a new token is fetched;
//! - throttled or a server error: retried with backoff, counted; after
//!   [`super::SessionConfig::send_max_attempts`] it fails, recoverably
//!   ([`SendingFailed`] `{ is_recoverable: true }`): it stays first, and holds the messages
//!   typed after it (they show as queued) until the customer retries it
//!   ([`super::Input::Retry`]) or removes it ([`super::Input::Remove`]);
//! - any other refusal fails it for good (`is_recoverable: false`): it stays, failed, in its
//!   place among the pending ones, and the messages after it go on.
//!
//! The whole queue, failed messages included and in the order typed, is in the snapshot
//! ([`super::Snapshot::unsent`]), so a reload shows and sends the same; at the end of the chat
//! whatever was not sent shows as failed.

use super::connection::Token;
use super::retry::Retry;
use super::shared::{Core, Purpose};
use super::timer::{at, Timeout, Wake};
use super::{Activity, Event, Failure, QueuedMessage, SendingFailed};
use crate::content::{TEXT_MARKDOWN, TEXT_PLAIN};
use crate::error::{Error, ErrorKind};
use crate::interactive::{is_view, view_text_reply};
use crate::model::{Item, MessageProcessingStatus};
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
    /// It was sent at least once (it may be stored even if no answer said so).
    tried: bool,
}

impl Outgoing {
    fn new(message: QueuedMessage) -> Outgoing {
        Outgoing {
            message,
            retry: Retry::default(),
            tried: false,
        }
    }

    fn token(&self) -> &str {
        &self.message.client_token
    }
}

/// The send queue, in the order typed.
#[derive(Default)]
pub(super) struct Outbox {
    queue: Vec<Outgoing>,
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
    /// ClientTokens, retry states and failures, without the messages' text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let queue: Vec<_> = self
            .queue
            .iter()
            .map(|o| (o.token(), &o.retry, &o.message.failed))
            .collect();
        f.debug_struct("Outbox").field("queue", &queue).finish()
    }
}

impl Outbox {
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
            history: false,
        });
        self.queue.push(Outgoing::new(QueuedMessage {
            client_token,
            content_type,
            content,
            failed: None,
        }));
    }

    /// Queues again the messages a stored snapshot had not sent, failed ones as failed.
    pub fn restore(&mut self, core: &mut Core, timeline: &mut Timeline, unsent: &[QueuedMessage]) {
        for message in unsent {
            let key = &message.client_token;
            if !timeline.add_pending(key, &message.content_type, &message.content) {
                continue;
            }
            core.event(Event::ItemAdded {
                key: key.clone(),
                history: false,
            });
            if let Some(failed) = &message.failed {
                timeline.set_delivery(key, Delivery::Failed(failed.clone()));
            }
            self.queue.push(Outgoing::new(message.clone()));
        }
    }

    /// The customer asks to send a failed message again.
    pub fn retry(&mut self, core: &mut Core, timeline: &mut Timeline, client_token: &str) {
        let Some(pos) = self.failed_position(client_token) else {
            return;
        };
        let outgoing = &mut self.queue[pos];
        outgoing.message.failed = None;
        outgoing.retry = Retry::default();
        show(core, timeline, client_token, Delivery::Queued);
    }

    /// The customer gives up a failed message: it leaves the queue and the timeline, and
    /// the ones after it go on.
    pub fn remove(&mut self, core: &mut Core, timeline: &mut Timeline, client_token: &str) {
        let Some(pos) = self.failed_position(client_token) else {
            return;
        };
        self.queue.remove(pos);
        if timeline.remove_pending(client_token) {
            core.event(Event::ItemRemoved {
                key: client_token.to_owned(),
            });
        }
    }

    fn failed_position(&self, client_token: &str) -> Option<usize> {
        self.queue
            .iter()
            .position(|o| o.token() == client_token && o.message.failed.is_some())
    }

    /// The message to send next: the first not failed for good, unless one that failed
    /// recoverably comes before it (it holds the rest, to keep their order).
    fn head(&self) -> Option<usize> {
        for (pos, outgoing) in self.queue.iter().enumerate() {
            match &outgoing.message.failed {
                None => return Some(pos),
                Some(failed) if failed.is_recoverable => return None,
                Some(_) => {}
            }
        }
        None
    }

    /// Sends the next message, if it is due and the token can be used.
    pub fn pump(&mut self, core: &mut Core, timeline: &mut Timeline, token: &Token, now: Millis) {
        if !token.valid(now) {
            return;
        }
        let Some(pos) = self.head() else {
            return;
        };
        if !self.queue[pos].retry.ready(now) {
            return;
        }
        let message = self.queue[pos].message.clone();
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
                self.queue[pos].retry.sent();
                self.queue[pos].tried = true;
                show(core, timeline, &key, Delivery::Sending);
            }
            Err(e) => self.fail(core, timeline, pos, e, false),
        }
    }

    /// The message at `pos` failed; a recoverable failure holds the queue behind it.
    fn fail(
        &mut self,
        core: &mut Core,
        timeline: &mut Timeline,
        pos: usize,
        error: Error,
        is_recoverable: bool,
    ) {
        let failed = SendingFailed {
            failure: Failure::of(&error),
            is_recoverable,
        };
        let outgoing = &mut self.queue[pos];
        outgoing.message.failed = Some(failed.clone());
        let key = outgoing.token().to_owned();
        show(core, timeline, &key, Delivery::Failed(failed));
        core.failed(Activity::Send, error);
    }

    /// A message of the customer's arrived live, unknown yet: if it has the content of the
    /// oldest message sent and not confirmed, it is that one's echo, so that one is stored
    /// and done (the official interface drops such echoes while a send is out, ui
    /// `ChatSession.js:629-633`; taking it keeps the line from showing twice while the
    /// answer is late or lost). Returns the confirmed entry's key.
    pub fn echo(&mut self, timeline: &mut Timeline, item: &Item) -> Option<String> {
        let id = item.id.as_deref()?;
        if timeline.key_of_id(id).is_some() {
            return None;
        }
        // Messages go one at a time in order: only the oldest one sent can be echoed.
        let pos = self.queue.iter().position(|o| o.tried)?;
        let out = &self.queue[pos].message;
        let same = item.content.as_deref() == Some(out.content.as_str())
            && item.content_type.as_deref() == Some(out.content_type.as_str());
        if !same {
            return None;
        }
        let key = self.queue.remove(pos).message.client_token;
        timeline.confirm(&key, id, item.absolute_time.as_deref());
        timeline.set_delivery(&key, Delivery::Sent);
        Some(key)
    }

    fn position(&self, client_token: &str) -> Option<usize> {
        self.queue.iter().position(|o| o.token() == client_token)
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
                    self.fail(core, timeline, pos, e, true);
                } else {
                    let delay = core.backoff(attempts);
                    self.queue[pos].retry.retry_at(now + delay);
                    show(core, timeline, &client_token, Delivery::Queued);
                }
            }
            Err(e) => self.fail(core, timeline, pos, e, false),
        }
    }

    /// The chat ended: whatever was not sent shows as failed for good.
    pub fn abandon(&mut self, core: &mut Core, timeline: &mut Timeline) {
        let ended = Delivery::Failed(SendingFailed {
            failure: Failure::ChatEnded,
            is_recoverable: false,
        });
        for outgoing in self.queue.drain(..) {
            let key = outgoing.message.client_token;
            timeline.set_delivery(&key, ended.clone());
            core.event(Event::ItemChanged { key });
        }
    }

    /// Every message not yet confirmed, failed ones included, in the order typed.
    pub fn unsent(&self) -> Vec<QueuedMessage> {
        self.queue.iter().map(|o| o.message.clone()).collect()
    }

    /// When the next message is to be sent again.
    pub fn poll_timeout(&self) -> Timeout {
        let head = self.head().map(|pos| &self.queue[pos]);
        at(head.and_then(|o| o.retry.deadline()), Wake::Send)
    }
}
