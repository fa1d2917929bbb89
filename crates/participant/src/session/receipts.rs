//! Receipts both ways and the typing indicator: delivered and read receipts for other
//! participants' messages (spaced, never twice, skipped in a conference), the receipts
//! others send about the customer's messages, and typing events (throttled).

use std::collections::HashSet;

use super::connection::Token;
use super::shared::{Core, Purpose};
use super::timer::{at, Timeout, Wake};
use super::{Event, ReceiptKind};
use crate::content::{EventType, ReceiptContent};
use crate::model::{ChatItemType, Item};
use crate::operations::SendEvent;
use crate::time::Millis;
use crate::timeline::{Delivery, Timeline};

/// Whether an item is something a person wrote (a message or an attachment), the things
/// receipts are about.
pub(super) fn is_message(item: &Item) -> bool {
    matches!(
        item.kind,
        Some(ChatItemType::Message | ChatItemType::Attachment)
    )
}

/// Receipts and typing.
#[derive(Debug, Default)]
pub(super) struct Receipts {
    /// (message id, read?) already sent.
    sent: HashSet<(String, bool)>,
    /// (due, message id, read?), in the order they were asked for.
    queue: Vec<(Millis, String, bool)>,
    last_sent: Option<Millis>,
    /// The newest message a read receipt was asked for (time, Id); persisted.
    last_read: Option<(Millis, String)>,
    /// The participants in the chat now: receipts are refused in a conference.
    participants: HashSet<String>,
    /// When the last typing event went out.
    last_typing: Option<Millis>,
}

impl Receipts {
    /// How many receipts wait to go out.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    pub fn last_read(&self) -> Option<&(Millis, String)> {
        self.last_read.as_ref()
    }

    /// The read position a stored snapshot had (so a reload does not read again).
    pub fn restore_last_read(&mut self, last_read: (Millis, String)) {
        self.last_read = Some(last_read);
    }

    pub fn joined(&mut self, participant_id: Option<String>) {
        self.participants.extend(participant_id);
    }

    pub fn left(&mut self, participant_id: Option<&String>) {
        if let Some(p) = participant_id {
            self.participants.remove(p);
        }
    }

    /// A message from someone else arrived live: say it was delivered at `due` (unless a
    /// read receipt replaces it first).
    pub fn delivered(&mut self, message_id: &str, due: Millis) {
        if !self.sent.contains(&(message_id.to_owned(), false)) {
            self.queue.push((due, message_id.to_owned(), false));
        }
    }

    /// The customer has seen the item `item_id` and everything before it.
    pub fn mark_read(&mut self, timeline: &Timeline, item_id: String, now: Millis) {
        let Some(key) = timeline.key_of_id(&item_id) else {
            return;
        };
        let Some(entry) = timeline.get(key) else {
            return;
        };
        if entry.mine || !is_message(&entry.item) {
            return;
        }
        let time = entry.time.unwrap_or(0);
        if self.last_read.as_ref().is_some_and(|(t, _)| *t >= time) {
            // Already read (perhaps before a reload): never twice.
            return;
        }
        self.last_read = Some((time, item_id.clone()));
        // A read supersedes the delivered receipt for this message and the reads of
        // earlier ones.
        self.queue.retain(|(_, id, read)| {
            if id == &item_id {
                return false;
            }
            let earlier = timeline
                .key_of_id(id)
                .and_then(|k| timeline.get(k))
                .is_some_and(|e| e.time.unwrap_or(0) <= time);
            !(*read && earlier)
        });
        if !self.sent.contains(&(item_id.clone(), true)) {
            self.queue.push((now, item_id, true));
        }
    }

    /// When the next receipt may go.
    pub fn poll_timeout(&self, core: &Core) -> Timeout {
        let first = self.queue.iter().map(|q| q.0).min();
        let due = first.map(|first| {
            self.last_sent
                .map_or(first, |t| first.max(t + core.config.receipt_interval))
        });
        at(due, Wake::Receipt)
    }

    /// Sends the next receipt that is due, spaced by the receipt interval.
    pub fn pump(&mut self, core: &mut Core, token: &Token, now: Millis) {
        if !token.valid(now) {
            return;
        }
        if self.participants.len() > core.config.receipt_max_participants {
            // The service refuses receipts in a conference; do not try.
            self.queue.clear();
            return;
        }
        if self
            .last_sent
            .is_some_and(|t| now < t + core.config.receipt_interval)
        {
            return;
        }
        let Some(pos) = self.queue.iter().position(|q| q.0 <= now) else {
            return;
        };
        let (_, message_id, read) = self.queue.remove(pos);
        if !self.sent.insert((message_id.clone(), read)) {
            return;
        }
        let kind = if read {
            EventType::MessageRead
        } else {
            EventType::MessageDelivered
        };
        let op = SendEvent {
            content_type: kind.as_str().into(),
            content: Some(ReceiptContent { message_id }.to_json()),
            client_token: None,
        };
        if core.call(&op, Purpose::Receipt, token.bearer()).is_ok() {
            self.last_sent = Some(now);
        }
    }

    /// The chat ended: nothing more goes out.
    pub fn clear(&mut self) {
        self.queue.clear();
    }

    /// Someone (`by`) received or read the message `message_id`: shown if it is one of the
    /// customer's, and a step forward. `me` is the customer's ParticipantId.
    pub fn on_receipt(
        &mut self,
        core: &mut Core,
        timeline: &mut Timeline,
        me: &str,
        message_id: &str,
        by: Option<String>,
        kind: ReceiptKind,
    ) {
        if by.as_deref() == Some(me) {
            return;
        }
        let Some(key) = timeline.key_of_id(message_id).map(str::to_owned) else {
            return;
        };
        let Some(entry) = timeline.get(&key) else {
            return;
        };
        if !entry.mine {
            // A receipt about someone else's message: not ours to show.
            return;
        }
        let next = match (&entry.delivery, kind) {
            (Some(Delivery::Read), _) => None,
            (Some(Delivery::Delivered), ReceiptKind::Delivered) => None,
            (Some(Delivery::Rejected { .. } | Delivery::Failed { .. }), _) => None,
            (_, ReceiptKind::Read) => Some(Delivery::Read),
            (_, ReceiptKind::Delivered) => Some(Delivery::Delivered),
        };
        if let Some(next) = next {
            timeline.set_delivery(&key, next);
            core.event(Event::Receipt {
                message_id: message_id.to_owned(),
                kind,
                by,
            });
            core.event(Event::ItemChanged { key });
        }
    }

    /// The customer is typing: tell the others, at most once per typing interval.
    pub fn typing(&mut self, core: &mut Core, token: &Token, online: bool, now: Millis) {
        if !token.valid(now) || !online {
            return;
        }
        if self
            .last_typing
            .is_some_and(|t| now - t < core.config.typing_interval)
        {
            return;
        }
        let op = SendEvent {
            content_type: EventType::Typing.as_str().into(),
            content: None,
            client_token: None,
        };
        if core.call(&op, Purpose::Typing, token.bearer()).is_ok() {
            self.last_typing = Some(now);
        }
    }
}
