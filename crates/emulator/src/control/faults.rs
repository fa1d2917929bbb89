//! `/_emulator/faults`: injecting and listing faults.

use axum::extract::State as AxState;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{read, Body, JsonResult};
use crate::error::ApiError;
use crate::state::{new_id, now_ms, OperationFault, WsOut};
use crate::App;

/// `POST` and `GET /_emulator/faults`.
pub(super) fn routes() -> Router<App> {
    Router::new().route("/_emulator/faults", post(faults).get(pending_faults))
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
    after: Option<bool>,
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
                "after": f.after,
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
        let after = fault.after == Some(true);
        if after && operation == "WebSocket" {
            // The upgrade has no effect to fail after.
            return Err(ApiError::validation(
                "\"after\" does not apply to the WebSocket upgrade",
            ));
        }
        let count = fault.count.unwrap_or(1).max(1);
        state.faults.operations.push(OperationFault {
            operation: operation.clone(),
            remaining: count,
            error: fault.error.clone(),
            message: fault.message,
            delay_ms: fault.delay_ms.unwrap_or(0),
            after,
        });
        done.push(json!({ "operation": operation, "count": count }));
    } else if fault.error.is_some()
        || fault.delay_ms.is_some()
        || fault.count.is_some()
        || fault.after.is_some()
    {
        return Err(ApiError::validation(
            "\"error\", \"delay_ms\", \"count\" and \"after\" need \"operation\"",
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
