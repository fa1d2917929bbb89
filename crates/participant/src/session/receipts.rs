//! Receipts both ways and the typing indicator.
//!
//! Outgoing receipts follow the official clients (amazon-connect-chatjs
//! `src/core/MessageReceiptsUtil.js`, the chat interface's `ChatSession.js:606-617` and
//! `ChatMessage.js:276-301`): only for messages and attachments that an agent or a customer
//! wrote; a delivered receipt only for what arrived live, after a short delay (one at a time:
//! a newer one replaces it, a read of the message cancels it); within each window only the
//! latest receipt goes out, with the latest read still waiting when that one is a delivered;
//! never twice for one message, never in a conference, never after the end. The window opens
//! when a receipt goes out, so a receipt after a quiet spell goes at once.
//!
//! Incoming receipts (events, `MESSAGEMETADATA` items, or `MessageMetadata.Receipts` carried on
//! the customer's own messages in a transcript page) move the customer's messages forward
//! to delivered and read, never back.

use std::collections::HashSet;

use super::connection::Token;
use super::shared::{Core, Purpose};
use super::timer::{at, Soonest, Timeout, Wake};
use super::{Event, ReceiptKind};
use crate::content::{EventType, ReceiptContent};
use crate::model::{ChatItemType, Item, ParticipantRole};
use crate::operations::SendEvent;
use crate::time::Millis;
use crate::timeline::{Delivery, Entry, Timeline};

/// Whether an item is something a person wrote (a message or an attachment), the things
/// receipts are about.
pub(super) fn is_message(item: &Item) -> bool {
    matches!(
        item.kind,
        Some(ChatItemType::Message | ChatItemType::Attachment)
    )
}

/// Whether the official clients send receipts for an item: a message or an attachment that
/// an agent or a customer wrote (never a bot's or the system's).
pub(super) fn wants_receipts(item: &Item) -> bool {
    is_message(item)
        && matches!(
            item.participant_role,
            Some(ParticipantRole::Agent | ParticipantRole::Customer)
        )
}

/// The strongest receipt an item carries (`MessageMetadata.Receipts`) from someone other
/// than `me`: with several recipients, read wins over delivered.
pub(super) fn carried(item: &Item, me: &str) -> Option<ReceiptKind> {
    let receipts = item.message_metadata.as_ref()?.receipts.as_ref()?;
    let others = receipts
        .iter()
        .filter(|r| r.recipient_participant_id.as_deref() != Some(me));
    let mut best = None;
    for receipt in others {
        if receipt.read_timestamp.is_some() {
            return Some(ReceiptKind::Read);
        }
        if receipt.delivered_timestamp.is_some() {
            best = Some(ReceiptKind::Delivered);
        }
    }
    best
}

/// Receipts and typing.
#[derive(Debug, Default)]
pub(super) struct Receipts {
    /// Messages a delivered receipt was decided for (sent, or dropped for a newer one).
    delivered: HashSet<String>,
    /// Messages a read receipt went out for.
    read: HashSet<String>,
    /// The delivered receipt waiting out its delay: (due, message Id).
    delayed: Option<(Millis, String)>,
    /// The latest receipt asked for, waiting for the window: (message Id, read?).
    latest: Option<(String, bool)>,
    /// The latest read asked for and not yet sent.
    pending_read: Option<String>,
    /// When the window opened by the last receipt sent closes.
    window_until: Millis,
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
        usize::from(self.delayed.is_some()) + usize::from(self.latest.is_some())
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

    /// A message from someone else arrived live: say it was delivered at `due`, unless a
    /// read of it, or a newer delivered receipt, comes first.
    pub fn delivered(&mut self, message_id: &str, due: Millis) {
        if !self.delivered.contains(message_id) && !self.read.contains(message_id) {
            self.delayed = Some((due, message_id.to_owned()));
        }
    }

    /// The customer has seen the item `item_id` and everything before it.
    pub fn mark_read(&mut self, timeline: &Timeline, item_id: String) {
        let time_of = |id: &str| {
            let entry = timeline.key_of_id(id).and_then(|k| timeline.get(k));
            entry.map(|e: &Entry| e.time.unwrap_or(0))
        };
        let Some(entry) = timeline.key_of_id(&item_id).and_then(|k| timeline.get(k)) else {
            return;
        };
        if entry.mine || entry.past || !wants_receipts(&entry.item) {
            return;
        }
        let time = entry.time.unwrap_or(0);
        if self.last_read.as_ref().is_some_and(|(t, _)| *t >= time) {
            // Already read (perhaps before a reload): never twice.
            return;
        }
        self.last_read = Some((time, item_id.clone()));
        // The read makes a delivered receipt for this message or an earlier one moot.
        if let Some((_, id)) = &self.delayed {
            if time_of(id).is_none_or(|t| t <= time) {
                self.delayed = None;
            }
        }
        if !self.read.contains(&item_id) {
            self.pending_read = Some(item_id.clone());
            self.latest = Some((item_id, true));
        }
    }

    /// When a receipt is next due.
    pub fn poll_timeout(&self) -> Timeout {
        let delayed = at(self.delayed.as_ref().map(|d| d.0), Wake::Receipt);
        let window = at(
            self.latest.as_ref().map(|_| self.window_until),
            Wake::Receipt,
        );
        delayed.soonest(window)
    }

    /// Sends what is due: the delayed delivered receipt joins the window; when the window
    /// is over, its latest receipt goes (with the read still waiting).
    pub fn pump(&mut self, core: &mut Core, token: &Token, now: Millis) {
        if !token.valid(now) {
            return;
        }
        if self.participants.len() > core.config.receipt_max_participants {
            // The service refuses receipts in a conference; do not try.
            return self.clear();
        }
        if let Some((due, id)) = self.delayed.take() {
            if due > now {
                self.delayed = Some((due, id));
            } else if !self.read.contains(&id) && self.delivered.insert(id.clone()) {
                self.latest = Some((id, false));
            }
        }
        if now < self.window_until {
            return;
        }
        let Some((id, read)) = self.latest.take() else {
            return;
        };
        let mut sent = self.send(core, token, id, read);
        if let Some(read_id) = self.pending_read.take() {
            sent |= self.send(core, token, read_id, true);
        }
        if sent {
            self.window_until = now + core.config.receipt_interval;
        }
    }

    /// Sends one receipt, unless it already went; returns whether it went.
    fn send(&mut self, core: &mut Core, token: &Token, message_id: String, read: bool) -> bool {
        if read && !self.read.insert(message_id.clone()) {
            return false;
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
        core.call(&op, Purpose::Receipt, token.bearer()).is_ok()
    }

    /// The chat ended: nothing more goes out.
    pub fn clear(&mut self) {
        self.delayed = None;
        self.latest = None;
        self.pending_read = None;
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
