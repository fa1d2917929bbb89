//! Chat items as they arrive (live on a socket, or in a transcript page), classified once
//! and routed to the part of the session that owns what they mean.

use super::receipts::{carried, wants_receipts};
use super::{AuthenticationOutcome, EndReason, Event, ReceiptKind, Session};
use crate::content::{parse_session_id, EventType, ReceiptContent};
use crate::model::{ChatItemType, Item, ParticipantRole};
use crate::time::Millis;
use crate::timeline::{is_past, Change};

/// Where an item came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// Live, on a socket.
    Socket,
    /// A gap fill (or the first page).
    Transcript,
    /// An older page the reader asked for: history, without side effects.
    Older,
}

/// What an item is.
#[derive(Debug)]
enum Incoming {
    /// Receipts about messages: (message Id, by whom, which).
    Receipts(Vec<(String, Option<String>, ReceiptKind)>),
    /// Someone other than the customer is typing.
    Typing {
        participant_id: Option<String>,
        display_name: Option<String>,
        role: Option<ParticipantRole>,
    },
    /// A line of the conversation.
    Line(Box<Line>),
    /// Nothing to act on (the customer's own typing or receipts).
    Nothing,
}

/// A line of the conversation and what it means beyond itself.
#[derive(Debug)]
struct Line {
    item: Item,
    effect: Effect,
    /// It says the chat continues an earlier one (`chat.rehydrated`).
    rehydrated: bool,
    /// An agent or a customer wrote it (a message or an attachment): receipts are due.
    message: bool,
}

/// What a new line means for the chat.
#[derive(Debug, PartialEq)]
enum Effect {
    None,
    Joined,
    Left,
    /// The agent or the flow ended the chat.
    Ended,
    Idle(bool),
    /// Someone was disconnected for inactivity: a notice, never the end (only `chat.ended`
    /// ends the chat; the customer's own is not shown at all).
    AutoDisconnected,
    /// The flow asks the customer to authenticate in this session.
    AuthenticationInitiated(Option<String>),
    /// An authentication ended (succeeded, failed, ...).
    Authentication(AuthenticationOutcome),
}

/// Classifies `item`; `me` is the customer's ParticipantId.
fn classify(item: Item, me: &str) -> Incoming {
    let mine = item.participant_id.as_deref() == Some(me);
    let event = item.event_type();
    if item.kind == Some(ChatItemType::MessageMetadata) {
        let mut receipts = Vec::new();
        if let Some(meta) = &item.message_metadata {
            if let Some(message_id) = &meta.message_id {
                for receipt in meta.receipts.iter().flatten() {
                    let by = receipt.recipient_participant_id.clone();
                    if receipt.read_timestamp.is_some() {
                        receipts.push((message_id.clone(), by, ReceiptKind::Read));
                    } else if receipt.delivered_timestamp.is_some() {
                        receipts.push((message_id.clone(), by, ReceiptKind::Delivered));
                    }
                }
            }
        }
        return Incoming::Receipts(receipts);
    }
    match &event {
        Some(EventType::Typing) if mine => return Incoming::Nothing,
        Some(EventType::Typing) => {
            return Incoming::Typing {
                participant_id: item.participant_id,
                display_name: item.display_name,
                role: item.participant_role,
            }
        }
        Some(EventType::MessageDelivered | EventType::MessageRead) if mine => {
            return Incoming::Nothing
        }
        Some(kind @ (EventType::MessageDelivered | EventType::MessageRead)) => {
            let kind = if *kind == EventType::MessageRead {
                ReceiptKind::Read
            } else {
                ReceiptKind::Delivered
            };
            let receipt = item
                .content
                .as_deref()
                .and_then(|c| ReceiptContent::parse(c).ok());
            return match receipt {
                Some(r) => Incoming::Receipts(vec![(r.message_id, item.participant_id, kind)]),
                None => Incoming::Nothing,
            };
        }
        _ => {}
    }
    if item.kind == Some(ChatItemType::Typing) {
        return Incoming::Nothing;
    }
    let is = |e: EventType, k: ChatItemType| event == Some(e) || item.kind == Some(k);
    let effect = if is(
        EventType::ParticipantJoined,
        ChatItemType::ParticipantJoined,
    ) {
        Effect::Joined
    } else if is(EventType::ParticipantLeft, ChatItemType::ParticipantLeft) {
        Effect::Left
    } else if is(EventType::ChatEnded, ChatItemType::ChatEnded) {
        Effect::Ended
    } else {
        match &event {
            Some(EventType::ParticipantIdle) => Effect::Idle(true),
            Some(EventType::ParticipantReturned) => Effect::Idle(false),
            Some(EventType::ParticipantAutoDisconnection) => Effect::AutoDisconnected,
            Some(EventType::AuthenticationInitiated) => Effect::AuthenticationInitiated(
                item.content
                    .as_deref()
                    .and_then(|c| parse_session_id(c).ok()),
            ),
            Some(EventType::AuthenticationSucceeded) => {
                Effect::Authentication(AuthenticationOutcome::Succeeded)
            }
            Some(EventType::AuthenticationFailed) => {
                Effect::Authentication(AuthenticationOutcome::Failed)
            }
            Some(EventType::AuthenticationTimeout) => {
                Effect::Authentication(AuthenticationOutcome::TimedOut)
            }
            Some(EventType::AuthenticationCancelled) => {
                Effect::Authentication(AuthenticationOutcome::Cancelled)
            }
            // The official interface forgets this one; an expired session cannot be used.
            Some(EventType::AuthenticationExpired) => {
                Effect::Authentication(AuthenticationOutcome::Expired)
            }
            _ => Effect::None,
        }
    };
    Incoming::Line(Box::new(Line {
        rehydrated: event == Some(EventType::ChatRehydrated),
        message: wants_receipts(&item),
        item,
        effect,
    }))
}

impl Session {
    /// Takes one item: classified, then routed.
    pub(super) fn accept_item(&mut self, item: Item, source: Source, now: Millis) {
        let Some(chat) = self.chat.clone() else {
            return;
        };
        let ours = |id: &Option<String>| id.as_deref() == Some(chat.contact_id.as_str());
        let foreign = item.initial_contact_id.is_some()
            && !ours(&item.initial_contact_id)
            && !ours(&item.contact_id);
        if source == Source::Socket && foreign {
            return;
        }
        let past = is_past(&item, &chat.contact_id);
        match classify(item, &chat.participant_id) {
            Incoming::Receipts(receipts) => {
                for (message_id, by, kind) in receipts {
                    self.receipts.on_receipt(
                        &mut self.core,
                        &mut self.timeline,
                        &chat.participant_id,
                        &message_id,
                        by,
                        kind,
                    );
                }
            }
            Incoming::Typing {
                participant_id,
                display_name,
                role,
            } => {
                if source == Source::Socket {
                    self.core.event(Event::Typing {
                        participant_id,
                        display_name,
                        role,
                    });
                }
            }
            Incoming::Line(line) => {
                let me = &chat.participant_id;
                // Receipts carried on the customer's own items (a transcript page's).
                let receipt = carried(&line.item, me).zip(line.item.id.clone());
                self.take_line(*line, me, source, past, now);
                if let Some((kind, id)) = receipt {
                    let (core, timeline) = (&mut self.core, &mut self.timeline);
                    self.receipts
                        .on_receipt(core, timeline, me, &id, None, kind);
                }
            }
            Incoming::Nothing => {}
        }
    }

    /// A line of the conversation: into the timeline, and its side effects once, when it is
    /// new; history (an older page, an earlier contact's item) has none: a past `chat.ended`,
    /// joined or left neither ends the chat nor changes who is present.
    fn take_line(&mut self, line: Line, me: &str, source: Source, past: bool, now: Millis) {
        let item = &line.item;
        let mine = item.participant_id.as_deref() == Some(me);
        let (participant_id, display_name, role) = (
            item.participant_id.clone(),
            item.display_name.clone(),
            item.participant_role.clone(),
        );
        let id = item.id.clone();
        if line.effect == Effect::AutoDisconnected && mine {
            // The official UI drops the customer's own such events (ChatSession.js:717-719).
            return;
        }
        if source == Source::Socket && mine {
            if let Some(key) = self.outbox.echo(&mut self.timeline, &line.item) {
                return self.core.event(Event::ItemChanged { key });
            }
        }
        let history = source == Source::Older || past;
        match self.timeline.insert(line.item, me) {
            Change::Added(key) => self.core.event(Event::ItemAdded { key, history }),
            Change::Replaced { key, replaced } => {
                self.core.event(Event::ItemRemoved { key: replaced });
                self.core.event(Event::ItemAdded { key, history });
            }
            Change::Changed(key) => return self.core.event(Event::ItemChanged { key }),
            Change::None => return,
        }
        if line.rehydrated && !past && self.history.rehydrated() {
            self.core.event(Event::Rehydrated);
        }
        if history {
            return;
        }
        if source == Source::Socket && !mine && line.message {
            if let Some(id) = &id {
                let due = now + self.core.config.delivered_delay;
                self.receipts.delivered(id, due);
            }
        }
        match line.effect {
            Effect::Joined => {
                self.receipts.joined(participant_id.clone());
                self.core.event(Event::ParticipantJoined {
                    participant_id,
                    display_name,
                    role,
                });
            }
            Effect::Left => {
                self.receipts.left(participant_id.as_ref());
                self.core.event(Event::ParticipantLeft {
                    participant_id,
                    display_name,
                    role,
                });
            }
            Effect::Ended => self.end(EndReason::Agent),
            Effect::Idle(idle) => self.core.event(Event::ParticipantIdle {
                participant_id,
                idle,
            }),
            Effect::AuthenticationInitiated(Some(session_id)) => {
                self.auth.initiated(&mut self.core, session_id)
            }
            Effect::Authentication(outcome) => self.auth.finished(&mut self.core, outcome),
            _ => {}
        }
    }
}
