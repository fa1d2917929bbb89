//! `POST /start-chat` (a site owner's backend), the control API under `/_emulator`, and
//! the customer-authentication page.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State as AxState};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use connect_participant::content::EventType;
use connect_participant::model::{ChatItemType, Item, MessageMetadata, ParticipantRole};
use connect_participant::time::format_iso8601;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::{new_id, now_ms, Contact, OperationFault, State, WsOut};
use crate::{agent, AgentMode, App};

type Body = Result<Bytes, BytesRejection>;
type JsonResult = Result<Json<Value>, ApiError>;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/start-chat", post(start_chat))
        .route("/connect", get(crate::ws::connect))
        .route("/agent", get(agent::console_page))
        .route("/auth", get(auth_page))
        .route("/_emulator/contacts", get(contacts))
        .route("/_emulator/contacts/{id}/transcript", get(transcript))
        .route(
            "/_emulator/contacts/{id}/agent/messages",
            post(agent_message),
        )
        .route("/_emulator/contacts/{id}/agent/events", post(agent_event))
        .route("/_emulator/contacts/{id}/end", post(end))
        .route("/_emulator/faults", post(faults).get(pending_faults))
        .route("/_emulator/auth/{session}", post(auth_result))
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

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct StartChat {
    participant_details: Option<ParticipantDetails>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
    persistent_chat: Option<PersistentChat>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ParticipantDetails {
    display_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PersistentChat {
    source_contact_id: String,
    rehydration_type: Option<String>,
}

/// What a site owner's backend does with StartChatContact.
#[derive(Deserialize)]
struct StartChatQuery {
    /// `template`: answer as backends built from Amazon's template do,
    /// `{"data":{"startChatResult":{...}}}`.
    shape: Option<String>,
}

async fn start_chat(
    AxState(app): AxState<App>,
    Query(query): Query<StartChatQuery>,
    body: Body,
) -> JsonResult {
    crate::api::inject(&app, "StartChat").await?;
    let request: StartChat = read(body)?;
    let name = request
        .participant_details
        .map(|d| d.display_name.trim().to_owned())
        .unwrap_or_default();
    let chars = name.chars().count();
    if !(1..=256).contains(&chars) {
        return Err(ApiError::validation(
            "ParticipantDetails.DisplayName must have 1 to 256 characters",
        ));
    }
    let now = now_ms();
    let mut state = app.lock();
    let previous = match &request.persistent_chat {
        Some(p) => {
            match p.rehydration_type.as_deref() {
                None | Some("ENTIRE_PAST_SESSION") | Some("FROM_SEGMENT") => {}
                Some(other) => {
                    return Err(ApiError::validation(format!(
                        "RehydrationType '{other}' must be ENTIRE_PAST_SESSION or FROM_SEGMENT"
                    )))
                }
            }
            match state.contacts.get(&p.source_contact_id) {
                Some(c) if c.ended => Some(c.id.clone()),
                Some(_) => {
                    return Err(ApiError::validation(
                        "PersistentChat.SourceContactId is still active; only a past chat can be continued",
                    ))
                }
                None => {
                    return Err(ApiError::not_found(
                        "PersistentChat.SourceContactId is not a contact",
                        &p.source_contact_id,
                        "CONTACT",
                    ))
                }
            }
        }
        None => None,
    };
    let contact_id = new_id();
    // ENTIRE_PAST_SESSION starts a new chain; FROM_SEGMENT keeps the source's.
    let initial_contact_id = match (&request.persistent_chat, &previous) {
        (Some(p), Some(prev)) if p.rehydration_type.as_deref() == Some("FROM_SEGMENT") => state
            .contacts
            .get(prev)
            .map(|c| c.initial_contact_id.clone())
            .unwrap_or_else(|| contact_id.clone()),
        _ => contact_id.clone(),
    };
    state.contacts.insert(
        contact_id.clone(),
        Contact {
            id: contact_id.clone(),
            initial_contact_id,
            previous_contact_id: previous.clone(),
            attributes: request.attributes,
            customer_id: String::new(),
            agent_id: None,
            ended: false,
            created_ms: now,
            items: Vec::new(),
            last_ms: 0,
            attachment_ids: Vec::new(),
        },
    );
    let customer = state.add_participant(&contact_id, &name, ParticipantRole::Customer);
    if let Some(c) = state.contacts.get_mut(&contact_id) {
        c.customer_id = customer.id.clone();
    }
    if let Some(item) = state.event_item(&customer.id, EventType::ParticipantJoined, None) {
        state.emit(&contact_id, item, true, now);
    }
    if let Some(prev) = &previous {
        let item = Item {
            kind: Some(ChatItemType::Event),
            content_type: Some(EventType::ChatRehydrated.as_str().to_owned()),
            participant_role: Some(ParticipantRole::System),
            display_name: Some("SYSTEM_MESSAGE".into()),
            related_contact_id: Some(prev.clone()),
            ..Item::default()
        };
        state.emit(&contact_id, item, true, now);
    }
    drop(state);
    if app.config.agent == AgentMode::Scripted {
        agent::join_later(app.clone(), contact_id.clone());
    }
    let result = json!({
        "ContactId": contact_id,
        "ParticipantId": customer.id,
        "ParticipantToken": customer.participant_token,
    });
    Ok(Json(match query.shape.as_deref() {
        Some("template") => json!({ "data": { "startChatResult": result } }),
        _ => result,
    }))
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
            let mut item = state
                .event_item(&agent_id, event.clone(), None)
                .ok_or_else(|| ApiError::conflict("Unknown agent"))?;
            item.kind = Some(ChatItemType::MessageMetadata);
            item.content_type = Some(crate::api::MESSAGE_METADATA.into());
            item.message_metadata = Some(MessageMetadata {
                message_id: Some(message_id),
                receipts: Some(vec![crate::api::receipt(&agent_id, &event, now)]),
                message_processing_status: None,
            });
            item
        }
        _ => {
            let mut item = state
                .event_item(&agent_id, event.clone(), request.content)
                .ok_or_else(|| ApiError::conflict("Unknown agent"))?;
            item.content_type = Some(request.content_type.clone());
            item
        }
    };
    let keep = !matches!(
        event,
        EventType::Typing | EventType::MessageDelivered | EventType::MessageRead
    );
    let item = state.emit(&id, item, keep, now);
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

/// One fault to inject; see the README for the forms.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Fault {
    operation: Option<String>,
    count: Option<u32>,
    error: Option<String>,
    message: Option<String>,
    delay_ms: Option<u64>,
    socket: Option<String>,
    contact_id: Option<String>,
    heartbeat: Option<String>,
    socket_error_frame: Option<bool>,
    expire_tokens: Option<bool>,
    clear: Option<bool>,
}

/// `GET /_emulator/faults`: what is still pending.
async fn pending_faults(AxState(app): AxState<App>) -> Json<Value> {
    let state = app.lock();
    let operations: Vec<Value> = state
        .faults
        .operations
        .iter()
        .map(|f| {
            json!({
                "operation": f.operation,
                "remaining": f.remaining,
                "error": f.error,
                "delay_ms": f.delay_ms,
            })
        })
        .collect();
    Json(json!({
        "Operations": operations,
        "HeartbeatStopped": state.faults.heartbeat_stopped,
    }))
}

/// No injected delay may hold a request longer than this.
const MAX_DELAY_MS: u64 = 600_000;

async fn faults(AxState(app): AxState<App>, body: Body) -> JsonResult {
    let fault: Fault = read(body)?;
    let mut state = app.lock();
    let mut done = Vec::new();
    if fault.clear == Some(true) {
        state.faults.operations.clear();
        state.faults.heartbeat_stopped = false;
        done.push(json!({ "cleared": true }));
    }
    if let Some(operation) = fault.operation {
        if fault.error.is_none() && fault.delay_ms.is_none() {
            return Err(ApiError::validation(
                "An operation fault needs \"error\" or \"delay_ms\"",
            ));
        }
        if fault.delay_ms.is_some_and(|d| d > MAX_DELAY_MS) {
            return Err(ApiError::validation(format!(
                "delay_ms is at most {MAX_DELAY_MS} (10 minutes)"
            )));
        }
        let count = fault.count.unwrap_or(1).max(1);
        state.faults.operations.push(OperationFault {
            operation: operation.clone(),
            remaining: count,
            error: fault.error.clone(),
            message: fault.message,
            delay_ms: fault.delay_ms.unwrap_or(0),
        });
        done.push(json!({ "operation": operation, "count": count }));
    } else if fault.error.is_some() || fault.delay_ms.is_some() || fault.count.is_some() {
        return Err(ApiError::validation(
            "\"error\", \"delay_ms\" and \"count\" need \"operation\"",
        ));
    }
    let target = fault.contact_id.as_deref();
    if let Some(socket) = fault.socket {
        let out = match socket.as_str() {
            "drop" => WsOut::Drop,
            "close" => WsOut::Close,
            other => {
                return Err(ApiError::validation(format!(
                    "socket must be \"drop\" or \"close\", not {other:?}"
                )))
            }
        };
        let n = state.send_to_sockets(target, out);
        done.push(json!({ "socket": socket, "sockets": n }));
    }
    if let Some(heartbeat) = fault.heartbeat {
        state.faults.heartbeat_stopped = match heartbeat.as_str() {
            "stop" => true,
            "resume" => false,
            other => {
                return Err(ApiError::validation(format!(
                    "heartbeat must be \"stop\" or \"resume\", not {other:?}"
                )))
            }
        };
        done.push(json!({ "heartbeat": heartbeat }));
    }
    if fault.socket_error_frame == Some(true) {
        let frame = connect_participant::frames::ServerFrame::Error {
            message: "Forbidden".into(),
            connection_id: Some(new_id()),
            request_id: Some(new_id()),
        }
        .to_json();
        let n = state.send_to_sockets(target, WsOut::Frame(frame));
        done.push(json!({ "socket_error_frame": true, "sockets": n }));
    }
    if fault.expire_tokens == Some(true) {
        let now = now_ms();
        let mut n = 0;
        for token in state.tokens.values_mut() {
            if token.kind == crate::state::TokenKind::Connection {
                token.expires_ms = Some(now);
                n += 1;
            }
        }
        for ticket in state.ws_tickets.values_mut() {
            ticket.expires_ms = now;
        }
        done.push(json!({ "expire_tokens": true, "tokens": n }));
    }
    if done.is_empty() {
        return Err(ApiError::validation(
            "The fault names nothing to do; see the README",
        ));
    }
    Ok(Json(json!({ "Applied": done })))
}

#[derive(Deserialize)]
struct AuthQuery {
    #[serde(rename = "sessionId")]
    session_id: Option<String>,
    #[serde(rename = "redirectUri")]
    redirect_uri: Option<String>,
}

/// The customer-authentication page GetAuthenticationUrl points to.
async fn auth_page(Query(q): Query<AuthQuery>) -> Response {
    // The values reach the page only as JSON data read by script, never as markup.
    let data = json!({ "sessionId": q.session_id, "redirectUri": q.redirect_uri })
        .to_string()
        .replace('<', "\\u003c");
    Html(AUTH_PAGE.replace("__DATA__", &data)).into_response()
}

const AUTH_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in (emulator)</title></head>
<body><h1>Sign in</h1><p id="info"></p>
<button id="ok">Sign in</button> <button id="fail">Fail</button>
<script>
const data = __DATA__;
document.getElementById("info").textContent = "Session " + (data.sessionId || "(none)");
async function finish(result) {
  await fetch("/_emulator/auth/" + encodeURIComponent(data.sessionId || ""), {
    method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({result})});
  if (data.redirectUri && /^https?:/.test(data.redirectUri)) location.href = data.redirectUri;
  else document.getElementById("info").textContent = "Done: " + result;
}
document.getElementById("ok").onclick = () => finish("succeeded");
document.getElementById("fail").onclick = () => finish("failed");
</script></body></html>"#;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthResult {
    result: String,
}

async fn auth_result(
    AxState(app): AxState<App>,
    Path(session): Path<String>,
    body: Body,
) -> JsonResult {
    let request: AuthResult = read(body)?;
    let event = match request.result.as_str() {
        "succeeded" => EventType::AuthenticationSucceeded,
        "failed" => EventType::AuthenticationFailed,
        "timeout" => EventType::AuthenticationTimeout,
        "expired" => EventType::AuthenticationExpired,
        other => return Err(ApiError::validation(format!("Unknown result {other:?}"))),
    };
    let mut state = app.lock();
    let participant_id = state.auth_sessions.remove(&session).ok_or_else(|| {
        ApiError::not_found("No such authentication session", &session, "SESSION")
    })?;
    let contact_id = state
        .participants
        .get(&participant_id)
        .map(|p| p.contact_id.clone())
        .ok_or_else(|| ApiError::conflict("The participant is gone"))?;
    let content = json!({ "SessionId": session }).to_string();
    let item = Item {
        kind: Some(ChatItemType::Event),
        content_type: Some(event.as_str().to_owned()),
        content: Some(content),
        participant_role: Some(ParticipantRole::System),
        display_name: Some("SYSTEM_MESSAGE".into()),
        ..Item::default()
    };
    let item = state.emit(&contact_id, item, true, now_ms());
    Ok(Json(json!({ "Id": item.id })))
}
