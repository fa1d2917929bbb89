//! SendMessage, SendEvent, and DescribeView (the views interactive messages name).

use connect_participant::content::{self, EventType};
use connect_participant::*;
use serde_json::Value;

use super::{Call, Serve};
use crate::error::ApiError;
use crate::state::now_ms;

const MESSAGE_TYPES: &[&str] = &[
    content::TEXT_PLAIN,
    content::TEXT_MARKDOWN,
    content::APPLICATION_JSON,
    content::INTERACTIVE_RESPONSE,
];

impl Serve for SendMessage {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let app = call.app;
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
        let caller = call.caller()?;
        let key = call.idempotency_key(&caller, request.client_token.as_deref());
        let mut state = app.lock();
        if let Some(previous) = call.replay(&state, key.as_deref()) {
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
        let out = SendMessageResponse {
            id: item.id,
            absolute_time: item.absolute_time,
            message_metadata: None,
        };
        call.remember(&mut state, key, &out);
        Ok(out)
    }
}

const CONNECTION_ACK: &str = "application/vnd.amazonaws.connect.event.connection.acknowledged";
/// The content type of a receipt item on the socket.
pub const MESSAGE_METADATA: &str = "application/vnd.amazonaws.connect.event.message.metadata";

impl Serve for SendEvent {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
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
        let caller = call.caller()?;
        let key = call.idempotency_key(&caller, request.client_token.as_deref());
        let event = EventType::from(request.content_type.as_str());
        let now = now_ms();
        let mut state = call.app.lock();
        if let Some(previous) = call.replay(&state, key.as_deref()) {
            return Ok(previous);
        }
        let item = match event {
            EventType::MessageDelivered | EventType::MessageRead => {
                let message_id = receipt_message_id(request.content.as_deref())?;
                state.receipt(
                    &caller.contact_id,
                    &caller.participant.id,
                    &message_id,
                    &event,
                    now,
                )?
            }
            _ => {
                let mut item = state
                    .event_item(&caller.participant.id, event, request.content.clone())
                    .ok_or_else(|| ApiError::access_denied("Unknown participant"))?;
                item.content_type = Some(request.content_type.clone());
                // Typing and acknowledgements are live signals: never in the transcript.
                state.emit(&caller.contact_id, item, false, now)
            }
        };
        let out = SendEventResponse {
            id: item.id,
            absolute_time: item.absolute_time,
        };
        call.remember(&mut state, key, &out);
        Ok(out)
    }
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

impl Serve for DescribeView {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let caller = call.caller()?;
        let state = call.app.lock();
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
        Ok(DescribeViewResponse { view: Some(view) })
    }
}
