//! The scripted agent, and the agent console page for answering by hand.

pub mod console;

use connect_participant::content::{self, EventType};
use connect_participant::model::{
    ChatItemType, Item, MessageMetadata, ParticipantRole, View, ViewContent,
};
use connect_participant::time::{format_iso8601, Millis};
use serde_json::json;
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

/// The agent has read a customer's item: a MESSAGEMETADATA receipt, live only.
fn read_receipt(state: &mut State, contact_id: &str, message_id: &str, now: Millis) {
    let Some(agent) = ensure_joined(state, contact_id, now) else {
        return;
    };
    let Some(mut item) = state.event_item(&agent, EventType::MessageRead, None) else {
        return;
    };
    item.kind = Some(ChatItemType::MessageMetadata);
    item.content_type = Some(crate::api::MESSAGE_METADATA.into());
    item.message_metadata = Some(MessageMetadata {
        message_id: Some(message_id.to_owned()),
        receipts: Some(vec![crate::api::receipt(
            &agent,
            &EventType::MessageRead,
            now,
        )]),
        message_processing_status: None,
    });
    state.emit(contact_id, item, false, now);
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

const HELP: &str = "Commands: /attachment, /listpicker, /timepicker, /panel, /quickreply, /carousel, /view, /auth, /transfer, /bot, /markdown, /end. Anything else is echoed.";

fn interactive(template: &str, content: serde_json::Value) -> String {
    json!({ "templateType": template, "version": "1.0", "data": { "content": content } })
        .to_string()
}

fn elements(titles: &[&str]) -> serde_json::Value {
    json!(titles
        .iter()
        .map(|t| json!({ "title": t }))
        .collect::<Vec<_>>())
}

fn panel(title: &str) -> serde_json::Value {
    json!({
        "templateIdentifier": new_id(),
        "templateType": "Panel",
        "version": "1.0",
        "data": { "content": { "title": title, "subtitle": "Pick one", "elements": elements(&["Yes", "No"]) } }
    })
}

async fn answer(app: App, note: AgentNote) {
    let contact_id = note.contact_id.clone();
    tokio::time::sleep(app.config.timing.agent_typing).await;
    if let Some(message_id) = note.item.id.as_deref() {
        read_receipt(&mut app.lock(), &contact_id, message_id, now_ms());
    }
    typing(&mut app.lock(), &contact_id, now_ms());
    tokio::time::sleep(app.config.timing.agent_reply).await;
    let item = note.item;
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
    let text = item.content.clone().unwrap_or_default();
    let command = text.trim().to_ascii_lowercase();
    let plain = |state: &mut State, text: &str| {
        say(state, &contact_id, content::TEXT_PLAIN, text, now_ms());
    };
    let send_interactive = |state: &mut State, body: String| {
        say(state, &contact_id, content::INTERACTIVE, &body, now_ms());
    };
    match command.as_str() {
        "/help" => plain(&mut app.lock(), HELP),
        "/markdown" => {
            say(
                &mut app.lock(),
                &contact_id,
                content::TEXT_MARKDOWN,
                "**Bold**, *italic*, `code`, a [link](https://example.com) and a list:\n\n- one\n- two\n\n<script>alert(1)</script> stays text.",
                now_ms(),
            );
        }
        "/listpicker" => send_interactive(
            &mut app.lock(),
            interactive(
                "ListPicker",
                json!({ "title": "Which department?", "subtitle": "Tap to select", "elements": elements(&["Billing", "Support", "Sales"]) }),
            ),
        ),
        "/timepicker" => {
            let start = now_ms() + 24 * 3600 * 1000;
            let slots: Vec<_> = (0..3)
                .map(|i| json!({ "date": format_iso8601(start + i * 3600 * 1000), "duration": 60 }))
                .collect();
            send_interactive(
                &mut app.lock(),
                interactive(
                    "TimePicker",
                    json!({ "title": "Schedule a call", "timeZoneOffset": 0, "timeslots": slots }),
                ),
            );
        }
        "/panel" => send_interactive(
            &mut app.lock(),
            interactive(
                "Panel",
                json!({ "title": "Was this helpful?", "subtitle": "Pick one", "elements": elements(&["Yes", "No"]) }),
            ),
        ),
        "/quickreply" => send_interactive(
            &mut app.lock(),
            interactive(
                "QuickReply",
                json!({ "title": "Rate us", "elements": elements(&["Great", "Good", "Bad"]) }),
            ),
        ),
        "/carousel" => send_interactive(
            &mut app.lock(),
            interactive(
                "Carousel",
                json!({ "title": "Our plans", "elements": [panel("Basic"), panel("Pro")] }),
            ),
        ),
        "/view" => {
            let mut state = app.lock();
            let token = new_id();
            let view = View {
                id: Some(new_id()),
                arn: Some(format!("arn:aws:connect:us-east-1:{}:instance/{}/view/{}", crate::ACCOUNT_ID, crate::INSTANCE_ID, "emulator-form")),
                name: Some("Contact details".into()),
                version: Some(1),
                content: Some(ViewContent {
                    input_schema: Some(json!({ "type": "object", "properties": { "Email": { "type": "string" } } }).to_string()),
                    template: Some(json!({ "Head": { "Title": "Contact details" }, "Body": [{ "_id": "Email", "Type": "FormInput", "Props": { "Label": "Email" } }] }).to_string()),
                    actions: Some(vec!["Submit".into(), "Cancel".into()]),
                }),
            };
            state
                .views
                .insert(token.clone(), (contact_id.clone(), view));
            send_interactive(
                &mut state,
                interactive(
                    "ViewResource",
                    json!({ "viewToken": token, "viewName": "Contact details" }),
                ),
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
        "/bot" => {
            let bot = {
                let mut state = app.lock();
                let bot = state.add_participant(&contact_id, "Bot", ParticipantRole::CustomBot);
                bot.id
            };
            // Every chunk carries the reply's MessageId, which differs from the chunk's own Id:
            // that is how a client knows to stitch them into one growing message.
            let stream = new_id();
            for chunk in [
                "Let me look that up. ",
                "Your order shipped yesterday ",
                "and should arrive ",
                "within two days.",
            ] {
                {
                    let mut state = app.lock();
                    if state.contacts.get(&contact_id).is_none_or(|c| c.ended) {
                        return;
                    }
                    if let Some(mut item) = state.message_item(&bot, content::TEXT_PLAIN, chunk) {
                        item.message_metadata = Some(MessageMetadata {
                            message_id: Some(stream.clone()),
                            ..MessageMetadata::default()
                        });
                        state.emit(&contact_id, item, true, now_ms());
                    }
                }
                tokio::time::sleep(app.config.timing.bot_chunk).await;
            }
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
        _ if item.content_type.as_deref() == Some(content::INTERACTIVE_RESPONSE) => {
            plain(&mut app.lock(), "Thanks, got your selection.");
        }
        _ => plain(&mut app.lock(), &format!("You said: {text}")),
    }
}
