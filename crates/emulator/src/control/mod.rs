//! `POST /start-chat` (a site owner's backend), the control API under `/_emulator`, and
//! the customer-authentication page.

mod auth;
mod faults;
mod start_chat;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as AxState};
use axum::routing::{get, post};
use axum::{Json, Router};
use connect_participant::content::EventType;
use connect_participant::model::Item;
use connect_participant::time::format_iso8601;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::{now_ms, Contact, State};
use crate::{agent, App};

type Body = Result<Bytes, BytesRejection>;
type JsonResult = Result<Json<Value>, ApiError>;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/connect", get(crate::ws::connect))
        .route("/agent", get(agent::console::console_page))
        .route("/_emulator/contacts", get(contacts))
        .route("/_emulator/contacts/{id}/transcript", get(transcript))
        .route(
            "/_emulator/contacts/{id}/agent/messages",
            post(agent_message),
        )
        .route("/_emulator/contacts/{id}/agent/events", post(agent_event))
        .route("/_emulator/contacts/{id}/end", post(end))
        .route("/_emulator/contacts/{id}/bot/messages", post(bot_message))
        .route(
            "/_emulator/contacts/{id}/autodisconnect",
            post(autodisconnect),
        )
        .merge(start_chat::routes())
        .merge(faults::routes())
        .merge(auth::routes())
        .fallback(|| async {
            ApiError::named(
                "UnknownOperationException",
                404,
                "No such operation or path",
            )
        })
}

/// Reads a control or start-chat body: strict JSON, unknown members refused.
fn read<T: DeserializeOwned>(body: Body) -> Result<T, ApiError> {
    let bytes = body.map_err(|e| {
        ApiError::validation(format!(
            "The request body could not be read: {}",
            e.body_text()
        ))
    })?;
    let text = if bytes.iter().all(u8::is_ascii_whitespace) {
        &b"{}"[..]
    } else {
        &bytes[..]
    };
    serde_json::from_slice(text)
        .map_err(|e| ApiError::serialization(format!("The request body is not valid: {e}")))
}

async fn contacts(AxState(app): AxState<App>) -> Json<Value> {
    let state = app.lock();
    let mut list: Vec<&Contact> = state.contacts.values().collect();
    list.sort_by_key(|c| c.created_ms);
    let out: Vec<Value> = list
        .iter()
        .map(|c| {
            let participants: Vec<Value> = state
                .participants
                .values()
                .filter(|p| p.contact_id == c.id)
                .map(|p| {
                    json!({
                        "ParticipantId": p.id,
                        "DisplayName": p.display_name,
                        "Role": p.role,
                        "Disconnected": p.disconnected,
                        "Connected": p.connected,
                    })
                })
                .collect();
            json!({
                "ContactId": c.id,
                "InitialContactId": c.initial_contact_id,
                "PreviousContactId": c.previous_contact_id,
                "Attributes": c.attributes,
                "Ended": c.ended,
                "AgentJoined": c.agent_id.is_some(),
                "CreatedAt": format_iso8601(c.created_ms),
                "ItemCount": c.items.len(),
                "Sockets": state.sockets.get(&c.id).map_or(0, Vec::len),
                "Participants": participants,
            })
        })
        .collect();
    Json(json!({ "Contacts": out }))
}

fn contact<'a>(state: &'a State, id: &str) -> Result<&'a Contact, ApiError> {
    state
        .contacts
        .get(id)
        .ok_or_else(|| ApiError::not_found("No such contact", id, "CONTACT"))
}

/// The contact `id`, if it has not ended: an agent cannot speak in an ended chat.
fn open_contact<'a>(state: &'a State, id: &str) -> Result<&'a Contact, ApiError> {
    let c = contact(state, id)?;
    if c.ended {
        return Err(ApiError::conflict("The chat has ended"));
    }
    Ok(c)
}

async fn transcript(AxState(app): AxState<App>, Path(id): Path<String>) -> JsonResult {
    let state = app.lock();
    let c = contact(&state, &id)?;
    Ok(Json(json!({
        "ContactId": c.id,
        "InitialContactId": c.initial_contact_id,
        "Ended": c.ended,
        "Transcript": c.items,
    })))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct AgentMessage {
    content: String,
    content_type: Option<String>,
}

async fn agent_message(
    AxState(app): AxState<App>,
    Path(id): Path<String>,
    body: Body,
) -> JsonResult {
    let request: AgentMessage = read(body)?;
    if request.content.is_empty() {
        return Err(ApiError::validation("Content must not be empty"));
    }
    let content_type = request.content_type.unwrap_or_else(|| "text/plain".into());
    let mut state = app.lock();
    open_contact(&state, &id)?;
    let item = agent::say(&mut state, &id, &content_type, &request.content, now_ms())
        .ok_or_else(|| ApiError::conflict("The agent could not join"))?;
    Ok(Json(sent(&item)))
}

/// The answer to an agent message or event: the new item's Id and time, as SendMessage and
/// SendEvent answer.
fn sent(item: &Item) -> Value {
    json!({ "Id": item.id, "AbsoluteTime": item.absolute_time })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct AgentEvent {
    content_type: String,
    content: Option<String>,
}

async fn agent_event(AxState(app): AxState<App>, Path(id): Path<String>, body: Body) -> JsonResult {
    let request: AgentEvent = read(body)?;
    if !request
        .content_type
        .starts_with(connect_participant::content::EVENT_PREFIX)
    {
        return Err(ApiError::validation(format!(
            "ContentType must start with {}",
            connect_participant::content::EVENT_PREFIX
        )));
    }
    let now = now_ms();
    let mut state = app.lock();
    open_contact(&state, &id)?;
    let agent_id = agent::ensure_joined(&mut state, &id, now)
        .ok_or_else(|| ApiError::conflict("The agent could not join"))?;
    let event = EventType::from(request.content_type.as_str());
    let item = match event {
        EventType::MessageDelivered | EventType::MessageRead => {
            let message_id = crate::api::receipt_message_id(request.content.as_deref())?;
            state.receipt(&id, &agent_id, &message_id, &event, now)?
        }
        _ => {
            let mut item = state
                .event_item(&agent_id, event.clone(), request.content)
                .ok_or_else(|| ApiError::conflict("Unknown agent"))?;
            item.content_type = Some(request.content_type.clone());
            // Typing is live only.
            state.emit(&id, item, event != EventType::Typing, now)
        }
    };
    Ok(Json(sent(&item)))
}

async fn end(AxState(app): AxState<App>, Path(id): Path<String>) -> JsonResult {
    let mut state = app.lock();
    let c = contact(&state, &id)?;
    if c.ended {
        return Err(ApiError::conflict("The chat has already ended"));
    }
    let leaving = c.agent_id.clone();
    state.end_contact(&id, leaving.as_deref(), now_ms());
    Ok(Json(json!({ "Ended": true })))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct BotMessage {
    content: String,
    chunks: Option<Chunks>,
}

/// The partials of a streamed reply: their texts, or how many to cut the text into.
#[derive(Deserialize)]
#[serde(untagged)]
enum Chunks {
    Count(usize),
    Texts(Vec<String>),
}

/// `POST /contacts/{id}/bot/messages`: the bot streams a reply; answers once it is complete.
async fn bot_message(AxState(app): AxState<App>, Path(id): Path<String>, body: Body) -> JsonResult {
    let request: BotMessage = read(body)?;
    if request.content.is_empty() {
        return Err(ApiError::validation("Content must not be empty"));
    }
    let chunks = match request.chunks {
        None => agent::split_reply(&request.content, 4),
        Some(Chunks::Count(n)) if n > 0 => agent::split_reply(&request.content, n),
        Some(Chunks::Texts(texts)) if !texts.is_empty() && texts.iter().all(|t| !t.is_empty()) => {
            texts
        }
        Some(_) => {
            return Err(ApiError::validation(
                "Chunks must be a positive number or a list of non-empty texts",
            ))
        }
    };
    {
        let mut state = app.lock();
        open_contact(&state, &id)?;
        agent::bot(&mut state, &id).ok_or_else(|| ApiError::conflict("The chat has ended"))?;
    }
    let item = agent::stream_reply(&app, &id, &request.content, &chunks)
        .await
        .ok_or_else(|| ApiError::conflict("The chat ended before the reply was complete"))?;
    Ok(Json(sent(&item)))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct AutoDisconnect {
    /// Whose idle timer ran out: `CUSTOMER` (default) or `AGENT`.
    idle: Option<String>,
    end_chat: Option<bool>,
    message: Option<String>,
}

/// `POST /contacts/{id}/autodisconnect`: the idle auto-disconnect, now.
async fn autodisconnect(
    AxState(app): AxState<App>,
    Path(id): Path<String>,
    body: Body,
) -> JsonResult {
    let request: AutoDisconnect = read(body)?;
    let mut state = app.lock();
    let c = open_contact(&state, &id)?;
    let idle = match request.idle.as_deref() {
        None | Some("CUSTOMER") => c.customer_id.clone(),
        Some("AGENT") => c
            .agent_id
            .clone()
            .ok_or_else(|| ApiError::conflict("No agent has joined this chat"))?,
        Some(other) => {
            return Err(ApiError::validation(format!(
                "Idle must be CUSTOMER or AGENT, not {other:?}"
            )))
        }
    };
    let ended = crate::idle::autodisconnect(
        &mut state,
        &id,
        &idle,
        request.end_chat.unwrap_or(true),
        request.message.as_deref(),
        now_ms(),
    )?;
    Ok(Json(json!({ "Ended": ended })))
}
