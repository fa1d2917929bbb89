//! The scripted agent, and the agent console page for answering by hand.

mod bot;
pub mod console;
mod replies;
mod templates;
mod views;

pub use bot::{bot, split as split_reply, stream as stream_reply};

use connect_participant::content::{self, EventType};
use connect_participant::model::{ChatItemType, Item, ParticipantRole};
use connect_participant::time::Millis;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::state::{new_id, now_ms, AgentNote, Attachment, State, UploadStatus};
use crate::App;

/// The agent's display name.
pub const AGENT_NAME: &str = "Agent";

/// Makes sure an agent has joined the contact (emitting `participant.joined` the first
/// time) and returns the agent's participant id. `None` if the contact is gone or ended.
pub fn ensure_joined(state: &mut State, contact_id: &str, now: Millis) -> Option<String> {
    let contact = state.contacts.get(contact_id)?;
    if contact.ended {
        return None;
    }
    if let Some(id) = &contact.agent_id {
        return Some(id.clone());
    }
    let agent = state.add_participant(contact_id, AGENT_NAME, ParticipantRole::Agent);
    state.contacts.get_mut(contact_id)?.agent_id = Some(agent.id.clone());
    let item = state.event_item(&agent.id, EventType::ParticipantJoined, None)?;
    state.emit(contact_id, item, true, now);
    Some(agent.id)
}

/// The agent sends a message (joining first if needed).
pub fn say(
    state: &mut State,
    contact_id: &str,
    content_type: &str,
    content: &str,
    now: Millis,
) -> Option<Item> {
    let agent = ensure_joined(state, contact_id, now)?;
    let item = state.message_item(&agent, content_type, content)?;
    Some(state.emit(contact_id, item, true, now))
}

fn typing(state: &mut State, contact_id: &str, now: Millis) {
    if let Some(agent) = ensure_joined(state, contact_id, now) {
        if let Some(item) = state.event_item(&agent, EventType::Typing, None) {
            state.emit(contact_id, item, false, now);
        }
    }
}

/// The agent has read a customer's item: the receipt is kept on it and delivered live.
fn read_receipt(state: &mut State, contact_id: &str, message_id: &str, now: Millis) {
    if let Some(agent) = ensure_joined(state, contact_id, now) {
        let _ = state.receipt(contact_id, &agent, message_id, &EventType::MessageRead, now);
    }
}

/// Joins a new chat after the configured delay and greets the customer.
pub fn join_later(app: App, contact_id: String) {
    tokio::spawn(async move {
        tokio::time::sleep(app.config.timing.agent_join).await;
        let mut state = app.lock();
        let now = now_ms();
        if state
            .contacts
            .get(&contact_id)
            .is_some_and(|c| c.agent_id.is_none())
        {
            say(
                &mut state,
                &contact_id,
                content::TEXT_PLAIN,
                "Hello, I'm the emulator's agent. Type /help to see what I can show you.",
                now,
            );
        }
    });
}

/// Answers customer messages until shutdown.
pub async fn run(app: App, mut notes: mpsc::UnboundedReceiver<AgentNote>) {
    let mut shutdown = app.shutdown.clone();
    loop {
        tokio::select! {
            note = notes.recv() => match note {
                Some(note) => {
                    tokio::spawn(answer(app.clone(), note));
                }
                None => return,
            },
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
    }
}

/// Sends `content` as the flow's system messages do: from a SYSTEM participant named
/// `name` (the bot, `BOT`, for interactive messages; `SYSTEM_MESSAGE` for a Show view block).
pub fn system_says(
    state: &mut State,
    contact_id: &str,
    name: &str,
    content_type: &str,
    content: &str,
    now: Millis,
) -> Option<Item> {
    if state.contacts.get(contact_id)?.ended {
        return None;
    }
    let system = state.named_participant(contact_id, ParticipantRole::System, name)?;
    let item = state.message_item(&system, content_type, content)?;
    Some(state.emit(contact_id, item, true, now))
}

/// The content of the latest interactive message (not a view) in the contact's transcript:
/// what a customer's text may be answering.
fn latest_prompt(state: &State, contact_id: &str) -> Option<Value> {
    let items = &state.contacts.get(contact_id)?.items;
    items
        .iter()
        .rev()
        .filter(|i| i.content_type.as_deref() == Some(content::INTERACTIVE))
        .filter_map(|i| serde_json::from_str::<Value>(i.content.as_deref()?).ok())
        .find(|v| v["templateType"] != "ViewResource")
}

/// The text of a streamed `/bot` reply, in the chunks it arrives in.
const BOT_REPLY: [&str; 4] = [
    "Let me look that up. ",
    "Your order shipped yesterday ",
    "and should arrive ",
    "within two days.",
];

async fn answer(app: App, note: AgentNote) {
    let contact_id = note.contact_id.clone();
    tokio::time::sleep(app.config.timing.agent_typing).await;
    if let Some(message_id) = note.item.id.as_deref() {
        read_receipt(&mut app.lock(), &contact_id, message_id, now_ms());
    }
    let item = note.item;
    let text = item.content.clone().unwrap_or_default();
    let command = text.trim().to_ascii_lowercase();
    let mut words = command.split_whitespace();
    let (command, argument) = (words.next().unwrap_or(""), words.next());
    if command == "/bot" && item.kind == Some(ChatItemType::Message) {
        // The bot shows its own typing.
        let chunks: Vec<String> = BOT_REPLY.iter().map(|c| (*c).to_owned()).collect();
        bot::stream(&app, &contact_id, &BOT_REPLY.concat(), &chunks).await;
        return;
    }
    typing(&mut app.lock(), &contact_id, now_ms());
    tokio::time::sleep(app.config.timing.agent_reply).await;
    if item.kind == Some(ChatItemType::Attachment) {
        let name = item
            .attachments
            .as_ref()
            .and_then(|a| a.first())
            .and_then(|a| a.attachment_name.clone())
            .unwrap_or_default();
        say(
            &mut app.lock(),
            &contact_id,
            content::TEXT_PLAIN,
            &format!("Thanks, I received {name}."),
            now_ms(),
        );
        return;
    }
    let plain = |state: &mut State, text: &str| {
        say(state, &contact_id, content::TEXT_PLAIN, text, now_ms());
    };
    let bot_sends = |state: &mut State, body: String| {
        system_says(
            state,
            &contact_id,
            bot::BOT_NAME,
            content::INTERACTIVE,
            &body,
            now_ms(),
        );
    };
    match command {
        "/help" => plain(&mut app.lock(), templates::HELP),
        "/markdown" => {
            say(
                &mut app.lock(),
                &contact_id,
                content::TEXT_MARKDOWN,
                "**Bold**, *italic*, `code`, a [link](https://example.com) and a list:\n\n- one\n- two\n\n<script>alert(1)</script> stays text.",
                now_ms(),
            );
        }
        "/listpicker" => bot_sends(&mut app.lock(), templates::list_picker(0, &new_id())),
        "/timepicker" => bot_sends(&mut app.lock(), templates::time_picker(now_ms())),
        "/panel" => bot_sends(&mut app.lock(), templates::panel()),
        "/quickreply" => bot_sends(&mut app.lock(), templates::quick_reply()),
        "/carousel" => bot_sends(&mut app.lock(), templates::carousel()),
        "/view" => {
            let mut state = app.lock();
            let Some(kind) = views::ViewKind::parse(argument.unwrap_or("form")) else {
                let names: Vec<&str> = views::ViewKind::ALL.iter().map(|k| k.name()).collect();
                plain(
                    &mut state,
                    &format!("There is no such view; try one of {}.", names.join(", ")),
                );
                return;
            };
            let shown = kind.shown();
            let token = new_id();
            let content = views::message(&shown, &token);
            state.views.insert(token, (contact_id.clone(), shown.view));
            system_says(
                &mut state,
                &contact_id,
                "SYSTEM_MESSAGE",
                content::INTERACTIVE,
                &content,
                now_ms(),
            );
        }
        "/auth" => {
            let mut state = app.lock();
            let now = now_ms();
            let Some(agent) = ensure_joined(&mut state, &contact_id, now) else {
                return;
            };
            let Some(customer) = state
                .contacts
                .get(&contact_id)
                .map(|c| c.customer_id.clone())
            else {
                return;
            };
            let session = new_id();
            state.auth_sessions.insert(session.clone(), customer);
            let content = json!({ "SessionId": session }).to_string();
            if let Some(item) =
                state.event_item(&agent, EventType::AuthenticationInitiated, Some(content))
            {
                state.emit(&contact_id, item, true, now);
            }
        }
        "/transfer" => {
            let mut state = app.lock();
            let now = now_ms();
            let Some(agent) = ensure_joined(&mut state, &contact_id, now) else {
                return;
            };
            let transferred = Item {
                kind: Some(ChatItemType::Event),
                content_type: Some(EventType::TransferSucceeded.as_str().into()),
                participant_role: Some(ParticipantRole::System),
                display_name: Some("SYSTEM_MESSAGE".into()),
                ..Item::default()
            };
            state.emit(&contact_id, transferred, true, now);
            if let Some(left) = state.event_item(&agent, EventType::ParticipantLeft, None) {
                state.emit(&contact_id, left, true, now);
            }
            let next = state.add_participant(&contact_id, "Agent 2", ParticipantRole::Agent);
            if let Some(c) = state.contacts.get_mut(&contact_id) {
                c.agent_id = Some(next.id.clone());
            }
            if let Some(joined) = state.event_item(&next.id, EventType::ParticipantJoined, None) {
                state.emit(&contact_id, joined, true, now);
            }
            say(
                &mut state,
                &contact_id,
                content::TEXT_PLAIN,
                "Hi, this is Agent 2. I'll take it from here.",
                now,
            );
        }
        "/attachment" => {
            let now = now_ms();
            let Some(agent) = ensure_joined(&mut app.lock(), &contact_id, now) else {
                return;
            };
            let id = new_id();
            let key = format!("connect-attachments/{contact_id}/{id}");
            let body = b"Order 1234\nShipped: yes\n".to_vec();
            let attachment = Attachment {
                id: id.clone(),
                contact_id: contact_id.clone(),
                participant_id: agent,
                name: "receipt.txt".into(),
                content_type: "text/plain".into(),
                size: body.len() as i64,
                key: key.clone(),
                status: UploadStatus::Approved,
            };
            crate::store_object(&app, key, body, "text/plain".into()).await;
            let mut state = app.lock();
            if let Some(c) = state.contacts.get_mut(&contact_id) {
                c.attachment_ids.push(id.clone());
            }
            state.attachments.insert(id, attachment.clone());
            if let Some(item) = state.attachment_item(&attachment) {
                state.emit(&contact_id, item, true, now);
            }
        }
        "/end" => {
            let mut state = app.lock();
            plain(&mut state, "Thanks for chatting. Goodbye!");
            let agent = state
                .contacts
                .get(&contact_id)
                .and_then(|c| c.agent_id.clone());
            state.end_contact(&contact_id, agent.as_deref(), now_ms());
        }
        _ => {
            let mut state = app.lock();
            let prompt = latest_prompt(&state, &contact_id);
            match replies::reply(&item, prompt.as_ref()) {
                replies::Reply::Say(text) => plain(&mut state, &text),
                replies::Reply::Page { page, reference_id } => {
                    // The same referenceId, so the new page replaces the one that asked.
                    let reference_id = reference_id
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(new_id);
                    bot_sends(&mut state, templates::list_picker(page, &reference_id));
                }
            }
        }
    }
}
