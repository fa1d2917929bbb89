//! The service's idle auto-disconnect: `participant.autodisconnection` names the idle
//! participant, every participant but the customer leaves, the disconnect flow writes to the
//! customer, and then the chat ends, or stays open when the flow keeps it.
//!
//! The event itself never ends a chat: the official client ends one only on `chat.ended`
//! (amazon-connect-chatjs `chatController.js:387-397`), and an auto-disconnect removes the
//! participants other than the customer, who is routed into the disconnect flow
//! (https://docs.aws.amazon.com/connect/latest/adminguide/setup-chat-timeouts.html).

use std::time::Duration;

use connect_participant::content::{self, EventType};
use connect_participant::model::ParticipantRole;
use connect_participant::time::Millis;

use crate::error::ApiError;
use crate::state::{now_ms, State};
use crate::{App, IdleDisconnect};

/// What the disconnect flow tells the customer when it ends the chat.
pub const ENDING: &str =
    "We haven't heard from you for a while, so this chat is closing. Start a new one whenever you like.";
/// What it says when it keeps the chat open.
pub const STAYING: &str =
    "Your agent has left the chat. Write here if you still need help and we'll find someone.";

/// Runs the auto-disconnect of participant `idle` of an open contact. `message` replaces
/// the disconnect flow's words. Returns whether the chat ended.
pub fn autodisconnect(
    state: &mut State,
    contact_id: &str,
    idle: &str,
    end_chat: bool,
    message: Option<&str>,
    now: Millis,
) -> Result<bool, ApiError> {
    if state.contacts.get(contact_id).is_none_or(|c| c.ended) {
        return Err(ApiError::conflict("The chat has ended"));
    }
    let event = state
        .event_item(idle, EventType::ParticipantAutoDisconnection, None)
        .ok_or_else(|| ApiError::conflict("No such participant"))?;
    state.emit(contact_id, event, true, now);
    let leaving: Vec<String> = state
        .participants
        .values()
        .filter(|p| p.contact_id == contact_id && !p.disconnected)
        .filter(|p| !matches!(p.role, ParticipantRole::Customer | ParticipantRole::System))
        .map(|p| p.id.clone())
        .collect();
    for id in leaving {
        if let Some(left) = state.event_item(&id, EventType::ParticipantLeft, None) {
            state.emit(contact_id, left, true, now);
        }
        if let Some(p) = state.participants.get_mut(&id) {
            p.disconnected = true;
        }
        state.close_participant_sockets(&id);
    }
    if let Some(contact) = state.contacts.get_mut(contact_id) {
        contact.agent_id = None;
        contact.autodisconnected = true;
    }
    let words = message.unwrap_or(if end_chat { ENDING } else { STAYING });
    crate::agent::system_says(
        state,
        contact_id,
        "SYSTEM_MESSAGE",
        content::TEXT_PLAIN,
        words,
        now,
    );
    if end_chat {
        state.end_contact(contact_id, None, now);
    }
    Ok(end_chat)
}

/// Auto-disconnects each customer who has written nothing for `idle.after` (counted from
/// the start or their last message or attachment), once per contact, until shutdown.
pub async fn watch(app: App, idle: IdleDisconnect) {
    let after = idle.after.as_millis() as Millis;
    let tick = (idle.after / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
    let mut shutdown = app.shutdown.clone();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(tick) => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        let mut state = app.lock();
        let now = now_ms();
        let idle_customers: Vec<(String, String)> = state
            .contacts
            .values()
            .filter(|c| !c.ended && !c.autodisconnected)
            .filter(|c| now - c.customer_active_ms.max(c.created_ms) >= after)
            .map(|c| (c.id.clone(), c.customer_id.clone()))
            .collect();
        for (contact_id, customer) in idle_customers {
            let _ = autodisconnect(&mut state, &contact_id, &customer, idle.end_chat, None, now);
        }
    }
}
