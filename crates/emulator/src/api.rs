//! The eleven operations of the Participant Service.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as AxState};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use connect_participant::content::{self, EventType};
use connect_participant::model::{
    ChatItemType, ConnectionCredentials, ConnectionType, Item, MessageMetadata, Receipt,
    ScanDirection, SortKey, UploadMetadata, Websocket,
};
use connect_participant::time::{format_iso8601, parse_iso8601, Millis};
use connect_participant::validate::Validate;
use connect_participant::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::{
    new_id, new_token, now_ms, Attachment, Caller, State, TokenKind, UploadStatus, WsTicket,
};
use crate::App;

type ApiResult = Result<Json<Value>, ApiError>;
type Body = Result<Bytes, BytesRejection>;

/// The routes of the eleven operations.
pub fn routes() -> Router<App> {
    Router::new()
        .route(
            "/participant/connection",
            post(create_participant_connection),
        )
        .route("/participant/disconnect", post(disconnect_participant))
        .route("/participant/message", post(send_message))
        .route("/participant/event", post(send_event))
        .route("/participant/transcript", post(get_transcript))
        .route(
            "/participant/start-attachment-upload",
            post(start_attachment_upload),
        )
        .route(
            "/participant/complete-attachment-upload",
            post(complete_attachment_upload),
        )
        .route("/participant/attachment", post(get_attachment))
        .route("/participant/views/{view_token}", get(describe_view))
        .route(
            "/participant/authentication-url",
            post(get_authentication_url),
        )
        .route(
            "/participant/cancel-authentication",
            post(cancel_participant_authentication),
        )
}

/// Applies an injected fault for `operation`: a delay, then maybe an exception.
pub async fn inject(app: &App, operation: &str) -> Result<(), ApiError> {
    let fault = {
        let mut state = app.lock();
        let faults = &mut state.faults.operations;
        let found = faults
            .iter()
            .position(|f| f.operation == operation || f.operation == "*");
        found.map(|i| {
            let f = &mut faults[i];
            f.remaining = f.remaining.saturating_sub(1);
            let copy = f.clone();
            if f.remaining == 0 {
                faults.remove(i);
            }
            copy
        })
    };
    let Some(fault) = fault else { return Ok(()) };
    if fault.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(fault.delay_ms)).await;
    }
    match fault.error {
        Some(code) => {
            let status = match code.as_str() {
                "SerializationException" => 400,
                other => ErrorKind::from_code(other).status(),
            };
            let message = fault
                .message
                .unwrap_or_else(|| format!("Injected {code} for {operation}"));
            Err(ApiError::named(&code, status, message))
        }
        None => Ok(()),
    }
}

/// Reads a JSON body as the service does: bad JSON or a wrong type is a
/// SerializationException, a member the model does not have or a broken constraint a
/// ValidationException.
pub fn parse<R: DeserializeOwned + Validate>(
    body: Body,
    allowed: &[&str],
    nested: &[(&str, &[&str])],
) -> Result<R, ApiError> {
    let bytes = body.map_err(|e| {
        ApiError::validation(format!(
            "The request body could not be read: {}",
            e.body_text()
        ))
    })?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| ApiError::serialization("The request body is not valid UTF-8"))?;
    let value: Value = if text.trim().is_empty() {
        json!({})
    } else {
        serde_json::from_str(text).map_err(|e| {
            ApiError::serialization(format!("The request body is not valid JSON: {e}"))
        })?
    };
    let Some(object) = value.as_object() else {
        return Err(ApiError::serialization(
            "The request body must be a JSON object",
        ));
    };
    check_members(object, allowed, "")?;
    for (name, members) in nested {
        if let Some(inner) = object.get(*name).and_then(Value::as_object) {
            check_members(inner, members, name)?;
        }
    }
    let request: R = serde_json::from_value(value)
        .map_err(|e| ApiError::serialization(format!("A member has the wrong type: {e}")))?;
    request
        .validate()
        .map_err(|e| ApiError::validation(format!("1 validation error detected: {e}")))?;
    Ok(request)
}

fn check_members(
    object: &serde_json::Map<String, Value>,
    allowed: &[&str],
    within: &str,
) -> Result<(), ApiError> {
    for key in object.keys() {
        if !allowed.contains(&key.as_str()) {
            let place = if within.is_empty() {
                String::new()
            } else {
                format!(" in {within}")
            };
            return Err(ApiError::validation(format!(
                "Unknown member '{key}'{place}; allowed: {}",
                allowed.join(", ")
            )));
        }
    }
    Ok(())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-amz-bearer").and_then(|v| v.to_str().ok())
}

fn caller(app: &App, headers: &HeaderMap, kind: TokenKind) -> Result<Caller, ApiError> {
    app.lock().authenticate(bearer(headers), kind, now_ms())
}

/// The key under which a ClientToken's first answer is kept.
fn idem_key(caller: &Caller, operation: &str, token: &Option<String>) -> Option<String> {
    token
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| participant_key(&caller.participant.id, operation, t))
}

/// The idempotency key of `participant_id`'s `operation` with ClientToken `token`.
fn participant_key(participant_id: &str, operation: &str, token: &str) -> String {
    format!("{participant_id}|{operation}|{token}")
}

/// The answer already given to the request with idempotency `key`. Callers look it up
/// under the same lock as the change, so two racing retries make one item.
fn replay(state: &State, key: Option<&str>) -> Option<Json<Value>> {
    key.and_then(|k| state.idempotency.get(k))
        .map(|previous| Json(previous.clone()))
}

/// Keeps `out` as the answer to a retry with the same idempotency `key`.
fn remember(state: &mut State, key: Option<String>, out: Value) {
    if let Some(key) = key {
        state.idempotency.insert(key, out);
    }
}

fn enum_error(member: &str, value: &str, allowed: &[&str]) -> ApiError {
    ApiError::validation(format!(
        "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
        allowed.join(", ")
    ))
}

async fn create_participant_connection(
    AxState(app): AxState<App>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    inject(&app, "CreateParticipantConnection").await?;
    let request: CreateParticipantConnection = parse(body, &["Type", "ConnectParticipant"], &[])?;
    let types = request.types.unwrap_or_else(|| {
        vec![
            ConnectionType::Websocket,
            ConnectionType::ConnectionCredentials,
        ]
    });
    for t in &types {
        if let ConnectionType::Unknown(v) = t {
            return Err(enum_error(
                "type",
                v,
                &["WEBSOCKET", "CONNECTION_CREDENTIALS", "WEBRTC_CONNECTION"],
            ));
        }
    }
    let caller = caller(&app, &headers, TokenKind::Participant)?;
    let now = now_ms();
    let mut out = CreateParticipantConnectionResponse::default();
    let mut state = app.lock();
    if types.contains(&ConnectionType::Websocket) {
        let ticket = new_token();
        let expires_ms = now + app.config.timing.websocket_url_ttl.as_millis() as Millis;
        state.ws_tickets.insert(
            ticket.clone(),
            WsTicket {
                participant_id: caller.participant.id.clone(),
                expires_ms,
            },
        );
        out.websocket = Some(Websocket {
            url: Some(format!(
                "{}/connect?AuthToken={ticket}",
                app.urls.websocket_base
            )),
            connection_expiry: Some(format_iso8601(expires_ms)),
        });
    }
    if types.contains(&ConnectionType::ConnectionCredentials) {
        let token = new_token();
        let expires_ms = now + app.config.timing.connection_token_ttl.as_millis() as Millis;
        state.tokens.insert(
            token.clone(),
            crate::state::Token {
                participant_id: caller.participant.id.clone(),
                kind: TokenKind::Connection,
                expires_ms: Some(expires_ms),
            },
        );
        out.connection_credentials = Some(ConnectionCredentials {
            connection_token: Some(token),
            expiry: Some(format_iso8601(expires_ms)),
        });
    }
    state.changed.notify_one();
    Ok(Json(serde_json::to_value(out).unwrap_or_default()))
}

async fn disconnect_participant(
    AxState(app): AxState<App>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    inject(&app, "DisconnectParticipant").await?;
    let request: DisconnectParticipant = parse(body, &["ClientToken"], &[])?;
    let caller = match caller(&app, &headers, TokenKind::Connection) {
        Ok(caller) => caller,
        Err(denied) => {
            // A retry (same ClientToken) of a disconnect that went through answers as the
            // first call did, though the participant is gone now.
            let state = app.lock();
            let retried = bearer(&headers)
                .and_then(|t| state.tokens.get(t))
                .zip(request.client_token.as_deref())
                .is_some_and(|(token, client_token)| {
                    state.idempotency.contains_key(&participant_key(
                        &token.participant_id,
                        "DisconnectParticipant",
                        client_token,
                    ))
                });
            return if retried {
                Ok(Json(json!({})))
            } else {
                Err(denied)
            };
        }
    };
    let mut state = app.lock();
    state.end_contact(&caller.contact_id, Some(&caller.participant.id), now_ms());
    if let Some(p) = state.participants.get_mut(&caller.participant.id) {
        p.disconnected = true;
    }
    state.close_participant_sockets(&caller.participant.id);
    let key = idem_key(&caller, "DisconnectParticipant", &request.client_token);
    remember(&mut state, key, json!({}));
    Ok(Json(json!({})))
}

const MESSAGE_TYPES: &[&str] = &[
    content::TEXT_PLAIN,
    content::TEXT_MARKDOWN,
    content::APPLICATION_JSON,
    content::INTERACTIVE_RESPONSE,
];

async fn send_message(AxState(app): AxState<App>, headers: HeaderMap, body: Body) -> ApiResult {
    inject(&app, "SendMessage").await?;
    let request: SendMessage = parse(body, &["ContentType", "Content", "ClientToken"], &[])?;
    if !MESSAGE_TYPES.contains(&request.content_type.as_str()) {
        return Err(ApiError::validation(format!(
            "ContentType '{}' is not supported; use one of {}",
            request.content_type,
            MESSAGE_TYPES.join(", ")
        )));
    }
    app.config
        .limits
        .content
        .check(&request.content_type, &request.content)
        .map_err(|e| ApiError::validation(format!("1 validation error detected: {e}")))?;
    let caller = caller(&app, &headers, TokenKind::Connection)?;
    let key = idem_key(&caller, "SendMessage", &request.client_token);
    let mut state = app.lock();
    if let Some(previous) = replay(&state, key.as_deref()) {
        return Ok(previous);
    }
    let item = state
        .message_item(
            &caller.participant.id,
            &request.content_type,
            &request.content,
        )
        .ok_or_else(|| ApiError::access_denied("Unknown participant"))?;
    let item = state.emit(&caller.contact_id, item, true, now_ms());
    let out = sent(&item);
    remember(&mut state, key, out.clone());
    Ok(Json(out))
}

const CONNECTION_ACK: &str = "application/vnd.amazonaws.connect.event.connection.acknowledged";
/// The content type of a receipt item on the socket.
pub const MESSAGE_METADATA: &str = "application/vnd.amazonaws.connect.event.message.metadata";

async fn send_event(AxState(app): AxState<App>, headers: HeaderMap, body: Body) -> ApiResult {
    inject(&app, "SendEvent").await?;
    let request: SendEvent = parse(body, &["ContentType", "Content", "ClientToken"], &[])?;
    let allowed = [
        EventType::Typing.as_str(),
        EventType::MessageDelivered.as_str(),
        EventType::MessageRead.as_str(),
        CONNECTION_ACK,
    ];
    if !allowed.contains(&request.content_type.as_str()) {
        return Err(ApiError::validation(format!(
            "ContentType '{}' is not supported; use one of {}",
            request.content_type,
            allowed.join(", ")
        )));
    }
    let caller = caller(&app, &headers, TokenKind::Connection)?;
    let key = idem_key(&caller, "SendEvent", &request.client_token);
    let event = EventType::from(request.content_type.as_str());
    let now = now_ms();
    let mut state = app.lock();
    if let Some(previous) = replay(&state, key.as_deref()) {
        return Ok(previous);
    }
    let item = match event {
        EventType::MessageDelivered | EventType::MessageRead => {
            let message_id = receipt_message_id(request.content.as_deref())?;
            let contact = state
                .contacts
                .get(&caller.contact_id)
                .ok_or_else(|| ApiError::access_denied("Unknown contact"))?;
            let message = contact
                .items
                .iter()
                .find(|i| i.id.as_deref() == Some(&message_id))
                .ok_or_else(|| {
                    ApiError::validation(format!("No message {message_id} in this chat"))
                })?;
            if message.participant_id.as_deref() == Some(&caller.participant.id) {
                return Err(ApiError::conflict(
                    "A participant cannot send a receipt for its own message",
                ));
            }
            let receipt = receipt(&caller.participant.id, &event, now);
            let (name, role) = state
                .author(&caller.participant.id)
                .ok_or_else(|| ApiError::access_denied("Unknown participant"))?;
            Item {
                kind: Some(ChatItemType::MessageMetadata),
                content_type: Some(MESSAGE_METADATA.to_owned()),
                participant_id: Some(caller.participant.id.clone()),
                display_name: Some(name),
                participant_role: Some(role),
                message_metadata: Some(MessageMetadata {
                    message_id: Some(message_id),
                    receipts: Some(vec![receipt]),
                    message_processing_status: None,
                }),
                ..Item::default()
            }
        }
        _ => {
            let mut item = state
                .event_item(&caller.participant.id, event, request.content.clone())
                .ok_or_else(|| ApiError::access_denied("Unknown participant"))?;
            item.content_type = Some(request.content_type.clone());
            item
        }
    };
    // Typing, receipts and acknowledgements are live signals: never in the transcript.
    let item = state.emit(&caller.contact_id, item, false, now);
    let out = sent(&item);
    remember(&mut state, key, out.clone());
    Ok(Json(out))
}

/// The answer to SendMessage and SendEvent (and the control API's agent messages and
/// events): the new item's Id and time.
pub(crate) fn sent(item: &Item) -> Value {
    json!({ "Id": item.id, "AbsoluteTime": item.absolute_time })
}

/// The `messageId` a receipt event's Content names.
pub(crate) fn receipt_message_id(content: Option<&str>) -> Result<String, ApiError> {
    content
        .and_then(|c| serde_json::from_str::<Value>(c).ok())
        .and_then(|v| {
            v.get("messageId")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .ok_or_else(|| ApiError::validation(r#"A receipt's Content must be {"messageId":"..."}"#))
}

/// The receipt `recipient` gives at `now`: a read message counts as delivered too.
pub(crate) fn receipt(recipient: &str, event: &EventType, now: Millis) -> Receipt {
    let stamp = format_iso8601(now);
    Receipt {
        delivered_timestamp: Some(stamp.clone()),
        read_timestamp: (*event == EventType::MessageRead).then_some(stamp),
        recipient_participant_id: Some(recipient.to_owned()),
    }
}

/// A position in a transcript scan, carried in NextToken.
fn encode_next(contact_id: &str, index: usize, forward: bool) -> String {
    hex::encode(format!(
        "v1|{contact_id}|{index}|{}",
        if forward { "F" } else { "B" }
    ))
}

fn decode_next(token: &str) -> Option<(String, usize, bool)> {
    let text = String::from_utf8(hex::decode(token).ok()?).ok()?;
    let mut parts = text.split('|');
    if parts.next()? != "v1" {
        return None;
    }
    let contact = parts.next()?.to_owned();
    let index = parts.next()?.parse().ok()?;
    let forward = match parts.next()? {
        "F" => true,
        "B" => false,
        _ => return None,
    };
    Some((contact, index, forward))
}

/// One page of a transcript, as GetTranscript's documentation describes it.
pub fn page(
    items: &[Item],
    contact_id: &str,
    request: &GetTranscript,
) -> Result<(Vec<Item>, Option<String>), ApiError> {
    // An empty StartPosition (the official client library always sends one) means none.
    let start_position = request
        .start_position
        .as_ref()
        .filter(|p| p.id.is_some() || p.absolute_time.is_some() || p.most_recent.is_some());
    let forward = match &request.scan_direction {
        Some(ScanDirection::Forward) => true,
        Some(ScanDirection::Backward) => false,
        Some(ScanDirection::Unknown(v)) => {
            return Err(enum_error("scanDirection", v, &["FORWARD", "BACKWARD"]))
        }
        // Default: BACKWARD without StartPosition, FORWARD with it.
        None => start_position.is_some(),
    };
    let ascending = match &request.sort_order {
        Some(SortKey::Ascending) => true,
        Some(SortKey::Descending) | None => false,
        Some(SortKey::Unknown(v)) => {
            return Err(enum_error("sortOrder", v, &["DESCENDING", "ASCENDING"]))
        }
    };
    let len = items.len();
    // `start` is the index of the first item to take, scanning in `forward`'s direction;
    // a backward scan that has nothing left has start None.
    let start: Option<usize> = if let Some(token) = &request.next_token {
        let (token_contact, index, token_forward) =
            decode_next(token).ok_or_else(|| ApiError::validation("The NextToken is not valid"))?;
        if token_contact != contact_id || token_forward != forward {
            return Err(ApiError::validation(
                "The NextToken belongs to another transcript or scan direction",
            ));
        }
        Some(index)
    } else if let Some(position) = start_position {
        if let Some(id) = &position.id {
            let index = items
                .iter()
                .position(|i| i.id.as_deref() == Some(id.as_str()))
                .ok_or_else(|| {
                    ApiError::validation(format!("StartPosition.Id {id} is not in this transcript"))
                })?;
            Some(index)
        } else if let Some(time) = &position.absolute_time {
            let at = parse_iso8601(time).ok_or_else(|| {
                ApiError::validation(format!(
                    "StartPosition.AbsoluteTime '{time}' is not an ISO 8601 time (yyyy-MM-ddThh:mm:ss.SSSZ)"
                ))
            })?;
            let time_of = |i: &Item| i.time_millis().unwrap_or(0);
            if forward {
                Some(items.iter().position(|i| time_of(i) >= at).unwrap_or(len))
            } else {
                items.iter().rposition(|i| time_of(i) <= at)
            }
        } else {
            // MostRecent n starts at the n-th newest item (0 is the newest); the filter above
            // leaves it as the only member that can be set here.
            let n = position.most_recent.unwrap_or(0) as usize;
            Some(len.saturating_sub(1).saturating_sub(n))
        }
    } else if forward {
        Some(0)
    } else {
        len.checked_sub(1)
    };
    let max = match request.max_results {
        None | Some(0) => 10,
        Some(n) => n as usize,
    };
    let mut page = Vec::new();
    let mut next = None;
    if let Some(start) = start {
        if forward {
            let end = start.saturating_add(max).min(len);
            page.extend_from_slice(items.get(start..end).unwrap_or(&[]));
            if end < len {
                next = Some(encode_next(contact_id, end, true));
            }
        } else if start < len {
            let first = (start + 1).saturating_sub(max);
            page.extend_from_slice(&items[first..=start]);
            if first > 0 {
                next = Some(encode_next(contact_id, first - 1, false));
            }
        } else {
            return Err(ApiError::validation("The NextToken is past the transcript"));
        }
    }
    // Items are stored ascending; the page is returned in the requested order.
    if !ascending {
        page.reverse();
    }
    Ok((page, next))
}

async fn get_transcript(AxState(app): AxState<App>, headers: HeaderMap, body: Body) -> ApiResult {
    inject(&app, "GetTranscript").await?;
    let request: GetTranscript = parse(
        body,
        &[
            "ContactId",
            "MaxResults",
            "NextToken",
            "ScanDirection",
            "SortOrder",
            "StartPosition",
        ],
        &[("StartPosition", &["Id", "AbsoluteTime", "MostRecent"])],
    )?;
    let caller = caller(&app, &headers, TokenKind::Connection)?;
    let state = app.lock();
    let contact_id = request
        .contact_id
        .clone()
        .unwrap_or_else(|| caller.contact_id.clone());
    if !state.chain(&caller.contact_id).contains(&contact_id) {
        return Err(ApiError::access_denied(
            "The ContactId is not part of this participant's contact chain",
        ));
    }
    let contact = state
        .contacts
        .get(&contact_id)
        .ok_or_else(|| ApiError::access_denied("Unknown contact"))?;
    let (transcript, next_token) = page(&contact.items, &contact_id, &request)?;
    let out = GetTranscriptResponse {
        initial_contact_id: Some(contact.initial_contact_id.clone()),
        transcript,
        next_token,
    };
    Ok(Json(serde_json::to_value(out).unwrap_or_default()))
}

/// `attachment; filename="..."`, with RFC 5987 encoding when the name is not plain ASCII.
pub fn content_disposition(kind: &str, name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ');
    if plain {
        format!("{kind}; filename=\"{name}\"")
    } else {
        format!(
            "{kind}; filename*=UTF-8''{}",
            connect_participant::validate::percent_encode(name)
        )
    }
}

async fn start_attachment_upload(
    AxState(app): AxState<App>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    inject(&app, "StartAttachmentUpload").await?;
    let request: StartAttachmentUpload = parse(
        body,
        &[
            "ContentType",
            "AttachmentSizeInBytes",
            "AttachmentName",
            "ClientToken",
        ],
        &[],
    )?;
    let limits = &app.config.limits;
    if !request
        .content_type
        .chars()
        .all(|c| c.is_ascii_graphic() || c == ' ')
    {
        return Err(ApiError::validation("ContentType must be printable ASCII"));
    }
    let extension = request
        .attachment_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !limits.allowed_extensions.contains(&extension) {
        return Err(ApiError::validation(format!(
            "Attachment type '.{extension}' is not supported; allowed: {}",
            limits.allowed_extensions.join(", ")
        )));
    }
    if request.attachment_size_in_bytes > limits.attachment_bytes {
        return Err(ApiError::validation(format!(
            "AttachmentSizeInBytes is {}; at most {} are allowed",
            request.attachment_size_in_bytes, limits.attachment_bytes
        )));
    }
    let caller = caller(&app, &headers, TokenKind::Connection)?;
    let key = idem_key(
        &caller,
        "StartAttachmentUpload",
        &Some(request.client_token.clone()),
    );
    let mut state = app.lock();
    if let Some(previous) = replay(&state, key.as_deref()) {
        return Ok(previous);
    }
    let contact = state
        .contacts
        .get_mut(&caller.contact_id)
        .ok_or_else(|| ApiError::access_denied("Unknown contact"))?;
    if contact.attachment_ids.len() >= limits.attachments_per_contact {
        return Err(ApiError::new(
            ErrorKind::ServiceQuotaExceeded,
            format!(
                "The contact already has {} attachments, the most allowed",
                contact.attachment_ids.len()
            ),
        ));
    }
    let id = new_id();
    contact.attachment_ids.push(id.clone());
    let object_key = format!("connect-attachments/{}/{id}", caller.contact_id);
    let mut signed: BTreeMap<String, String> = BTreeMap::new();
    signed.insert("Content-Type".into(), request.content_type.clone());
    signed.insert(
        "Content-Disposition".into(),
        content_disposition("attachment", &request.attachment_name),
    );
    signed.insert(
        "Content-Length".into(),
        request.attachment_size_in_bytes.to_string(),
    );
    signed.insert("x-amz-acl".into(), "bucket-owner-full-control".into());
    signed.insert("x-amz-meta-account_id".into(), crate::ACCOUNT_ID.into());
    signed.insert("x-amz-meta-contact_id".into(), caller.contact_id.clone());
    signed.insert(
        "x-amz-meta-initial_contact_id".into(),
        caller.initial_contact_id.clone(),
    );
    signed.insert(
        "x-amz-meta-organization_id".into(),
        crate::INSTANCE_ID.into(),
    );
    let now = now_ms();
    let expires = app.config.timing.upload_url_ttl.as_secs();
    let url = app
        .signer
        .presign("PUT", &object_key, &signed, &[], now, expires);
    state.attachments.insert(
        id.clone(),
        Attachment {
            id: id.clone(),
            contact_id: caller.contact_id.clone(),
            participant_id: caller.participant.id.clone(),
            name: request.attachment_name.clone(),
            content_type: request.content_type.clone(),
            size: request.attachment_size_in_bytes,
            key: object_key,
            status: UploadStatus::Pending,
        },
    );
    let out = StartAttachmentUploadResponse {
        attachment_id: Some(id),
        upload_metadata: Some(UploadMetadata {
            url: Some(url),
            url_expiry: Some(format_iso8601(now + expires as Millis * 1000)),
            headers_to_include: Some(signed),
        }),
    };
    let out = serde_json::to_value(out).unwrap_or_default();
    remember(&mut state, key, out.clone());
    state.changed.notify_one();
    Ok(Json(out))
}

async fn complete_attachment_upload(
    AxState(app): AxState<App>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    inject(&app, "CompleteAttachmentUpload").await?;
    let request: CompleteAttachmentUpload = parse(body, &["AttachmentIds", "ClientToken"], &[])?;
    let caller = caller(&app, &headers, TokenKind::Connection)?;
    let key = idem_key(
        &caller,
        "CompleteAttachmentUpload",
        &Some(request.client_token.clone()),
    );
    let id = &request.attachment_ids[0];
    let mut state = app.lock();
    if let Some(previous) = replay(&state, key.as_deref()) {
        return Ok(previous);
    }
    let attachment = state
        .attachments
        .get(id)
        .filter(|a| a.contact_id == caller.contact_id)
        .cloned()
        .ok_or_else(|| ApiError::validation(format!("Attachment {id} is not part of this chat")))?;
    if attachment.status != UploadStatus::Pending {
        return Err(ApiError::conflict(format!(
            "Attachment {id} has already been completed"
        )));
    }
    let uploaded = state
        .objects
        .get(&attachment.key)
        .map(|(b, _)| b.len() as i64);
    match uploaded {
        None => {
            return Err(ApiError::conflict(format!(
                "Attachment {id} has not been uploaded"
            )))
        }
        Some(n) if n != attachment.size => {
            return Err(ApiError::conflict(format!(
                "Attachment {id} was declared as {} bytes but {n} were uploaded",
                attachment.size
            )))
        }
        Some(_) => {}
    }
    if let Some(a) = state.attachments.get_mut(id) {
        a.status = UploadStatus::Scanning;
    }
    remember(&mut state, key, json!({}));
    drop(state);
    crate::spawn_scan(app.clone(), id.clone());
    Ok(Json(json!({})))
}

async fn get_attachment(AxState(app): AxState<App>, headers: HeaderMap, body: Body) -> ApiResult {
    inject(&app, "GetAttachment").await?;
    let request: GetAttachment = parse(
        body,
        &[
            "AttachmentId",
            "UrlExpiryInSeconds",
            "UrlContentDisposition",
        ],
        &[],
    )?;
    let disposition = match &request.url_content_disposition {
        None | Some(model::ContentDisposition::Attachment) => "attachment",
        Some(model::ContentDisposition::Inline) => "inline",
        Some(model::ContentDisposition::Unknown(v)) => {
            return Err(enum_error(
                "urlContentDisposition",
                v,
                &["INLINE", "ATTACHMENT"],
            ))
        }
    };
    let caller = caller(&app, &headers, TokenKind::Connection)?;
    let state = app.lock();
    let chain = state.chain(&caller.contact_id);
    let attachment = state
        .attachments
        .get(&request.attachment_id)
        .filter(|a| chain.contains(&a.contact_id))
        .ok_or_else(|| {
            ApiError::validation(format!(
                "Attachment {} is not part of this chat",
                request.attachment_id
            ))
        })?;
    if attachment.status != UploadStatus::Approved {
        return Err(ApiError::validation(format!(
            "Attachment {} is not available (status {:?})",
            attachment.id, attachment.status
        )));
    }
    let now = now_ms();
    let expires = u64::from(request.url_expiry_in_seconds.unwrap_or(300));
    let query = [(
        "response-content-disposition".to_owned(),
        content_disposition(disposition, &attachment.name),
    )];
    let url = app.signer.presign(
        "GET",
        &attachment.key,
        &BTreeMap::new(),
        &query,
        now,
        expires,
    );
    let out = GetAttachmentResponse {
        url: Some(url),
        url_expiry: Some(format_iso8601(now + expires as Millis * 1000)),
        attachment_size_in_bytes: attachment.size,
    };
    Ok(Json(serde_json::to_value(out).unwrap_or_default()))
}

async fn describe_view(
    AxState(app): AxState<App>,
    Path(view_token): Path<String>,
    headers: HeaderMap,
) -> ApiResult {
    inject(&app, "DescribeView").await?;
    let request = DescribeView { view_token };
    Validate::validate(&request)
        .map_err(|e| ApiError::validation(format!("1 validation error detected: {e}")))?;
    let caller = caller(&app, &headers, TokenKind::Connection)?;
    let state = app.lock();
    let chain = state.chain(&caller.contact_id);
    let view = state
        .views
        .get(&request.view_token)
        .filter(|(contact, _)| chain.contains(contact))
        .map(|(_, view)| view.clone())
        .ok_or_else(|| {
            ApiError::not_found(
                "The view token does not name a view of this chat",
                &request.view_token,
                "VIEW",
            )
        })?;
    let out = DescribeViewResponse { view: Some(view) };
    Ok(Json(serde_json::to_value(out).unwrap_or_default()))
}

fn own_session(app: &App, caller: &Caller, session_id: &str) -> Result<(), ApiError> {
    let state = app.lock();
    match state.auth_sessions.get(session_id) {
        Some(pid) if *pid == caller.participant.id => Ok(()),
        _ => Err(ApiError::validation(format!(
            "SessionId {session_id} is not an authentication session of this participant"
        ))),
    }
}

async fn get_authentication_url(
    AxState(app): AxState<App>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    inject(&app, "GetAuthenticationUrl").await?;
    let request: GetAuthenticationUrl = parse(body, &["SessionId", "RedirectUri"], &[])?;
    let caller = caller(&app, &headers, TokenKind::Connection)?;
    own_session(&app, &caller, &request.session_id)?;
    let url = format!(
        "{}/auth?sessionId={}&redirectUri={}",
        app.urls.participant_url,
        connect_participant::validate::percent_encode(&request.session_id),
        connect_participant::validate::percent_encode(&request.redirect_uri)
    );
    Ok(Json(json!({ "AuthenticationUrl": url })))
}

async fn cancel_participant_authentication(
    AxState(app): AxState<App>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    inject(&app, "CancelParticipantAuthentication").await?;
    let request: CancelParticipantAuthentication = parse(body, &["SessionId"], &[])?;
    let caller = caller(&app, &headers, TokenKind::Connection)?;
    own_session(&app, &caller, &request.session_id)?;
    let mut state = app.lock();
    state.auth_sessions.remove(&request.session_id);
    let content = json!({ "SessionId": request.session_id }).to_string();
    if let Some(item) = state.event_item(
        &caller.participant.id,
        EventType::AuthenticationCancelled,
        Some(content),
    ) {
        state.emit(&caller.contact_id, item, true, now_ms());
    }
    Ok(Json(json!({})))
}

#[cfg(test)]
mod tests {
    use super::*;
    use connect_participant::model::StartPosition;

    fn items(n: usize) -> Vec<Item> {
        (0..n)
            .map(|i| Item {
                id: Some(format!("i{i}")),
                absolute_time: Some(format_iso8601(1_000_000 + i as Millis * 1000)),
                ..Item::default()
            })
            .collect()
    }

    fn ids(page: &[Item]) -> Vec<&str> {
        page.iter().map(|i| i.id.as_deref().unwrap()).collect()
    }

    #[test]
    fn empty_transcripts_give_empty_pages_in_every_direction() {
        for direction in [
            None,
            Some(ScanDirection::Forward),
            Some(ScanDirection::Backward),
        ] {
            let request = GetTranscript {
                scan_direction: direction,
                ..GetTranscript::default()
            };
            let (page, next) = page(&[], "c", &request).unwrap();
            assert!(page.is_empty() && next.is_none());
        }
    }

    #[test]
    fn backward_pages_walk_to_the_start_and_stop() {
        let all = items(5);
        let mut request = GetTranscript {
            max_results: Some(2),
            sort_order: Some(SortKey::Ascending),
            ..GetTranscript::default()
        };
        let mut pages = Vec::new();
        loop {
            let (page, next) = page(&all, "c", &request).unwrap();
            pages.push(ids(&page).join(","));
            match next {
                Some(token) => request.next_token = Some(token),
                None => break,
            }
        }
        assert_eq!(pages, ["i3,i4", "i1,i2", "i0"]);
    }

    #[test]
    fn an_empty_start_position_is_no_start_position() {
        // The official client library sends `"StartPosition":{}` when given none.
        let all = items(5);
        let empty = GetTranscript {
            start_position: Some(StartPosition::default()),
            max_results: Some(2),
            ..GetTranscript::default()
        };
        let none = GetTranscript {
            max_results: Some(2),
            ..GetTranscript::default()
        };
        assert_eq!(
            page(&all, "c", &empty).unwrap(),
            page(&all, "c", &none).unwrap()
        );
        assert_eq!(ids(&page(&all, "c", &empty).unwrap().0), ["i4", "i3"]);
    }

    #[test]
    fn positions_past_either_end_give_empty_pages() {
        let all = items(3);
        let late = GetTranscript {
            start_position: Some(StartPosition {
                absolute_time: Some(format_iso8601(9_000_000)),
                ..StartPosition::default()
            }),
            ..GetTranscript::default()
        };
        assert!(page(&all, "c", &late).unwrap().0.is_empty());
        let early = GetTranscript {
            scan_direction: Some(ScanDirection::Backward),
            start_position: Some(StartPosition {
                absolute_time: Some(format_iso8601(0)),
                ..StartPosition::default()
            }),
            ..GetTranscript::default()
        };
        assert!(page(&all, "c", &early).unwrap().0.is_empty());
        // MostRecent beyond the transcript starts at the oldest item.
        let recent = GetTranscript {
            start_position: Some(StartPosition {
                most_recent: Some(50),
                ..StartPosition::default()
            }),
            sort_order: Some(SortKey::Ascending),
            ..GetTranscript::default()
        };
        assert_eq!(
            ids(&page(&all, "c", &recent).unwrap().0),
            ["i0", "i1", "i2"]
        );
    }

    #[test]
    fn next_tokens_are_bound_to_their_contact() {
        let all = items(5);
        let first = GetTranscript {
            max_results: Some(1),
            ..GetTranscript::default()
        };
        let (_, next) = page(&all, "c", &first).unwrap();
        let elsewhere = GetTranscript {
            next_token: next,
            ..GetTranscript::default()
        };
        assert!(page(&all, "other", &elsewhere).is_err());
        let forged = GetTranscript {
            next_token: Some(hex::encode("v1|c|99|B")),
            ..GetTranscript::default()
        };
        assert!(page(&all, "c", &forged).is_err());
        let far = GetTranscript {
            next_token: Some(hex::encode(format!("v1|c|{}|F", usize::MAX))),
            scan_direction: Some(ScanDirection::Forward),
            ..GetTranscript::default()
        };
        assert!(page(&all, "c", &far).unwrap().0.is_empty());
    }

    #[test]
    fn content_disposition_quotes_plain_names_and_encodes_others() {
        assert_eq!(
            content_disposition("attachment", "a b.txt"),
            "attachment; filename=\"a b.txt\""
        );
        assert_eq!(
            content_disposition("inline", "é\".png"),
            "inline; filename*=UTF-8''%C3%A9%22.png"
        );
    }
}
