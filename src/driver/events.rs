//! What the page's listeners hear: each event's payload as a typed struct, serialized into a
//! plain JavaScript object (camelCase, `null` for an absent value) with serde-wasm-bindgen.
//! `www/index.d.ts` declares the same shapes.

use connect_participant::session::{ConnectionStatus, EndReason};
use connect_participant::time::format_iso8601;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::Listeners;
use crate::ui::state::Line;

/// The events a listener hears, by the name `on` takes.
pub const NAMES: [&str; 4] = ["message", "status", "ended", "error"];

/// The payload of `message`: a line from the other side (agent, bot, supervisor, system).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageEvent {
    /// The item's Id at the service.
    pub id: String,
    /// When the service took it, ISO 8601 in UTC.
    pub time: String,
    pub role: &'static str,
    /// The display name, when the service gave one.
    pub name: Option<String>,
    pub content_type: String,
    pub content: String,
}

impl MessageEvent {
    /// The event for a line. Every line from the service has an Id (the timeline keys incoming
    /// items by it) and a time (its AbsoluteTime); the key and the epoch stand in only for the
    /// customer's own pending line, which is never reported.
    pub fn from_line(line: Line) -> MessageEvent {
        MessageEvent {
            id: line.id.unwrap_or(line.key),
            time: format_iso8601(line.time.unwrap_or_default()),
            role: line.role.class(),
            name: line.name,
            content_type: line.content_type,
            content: line.content,
        }
    }
}

/// The payload of `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusEvent {
    pub status: &'static str,
}

impl StatusEvent {
    /// The status as the page names it (`ChatHandle.status` too).
    pub fn new(status: ConnectionStatus) -> StatusEvent {
        StatusEvent {
            status: status_name(status),
        }
    }
}

/// The status as the page names it.
pub fn status_name(status: ConnectionStatus) -> &'static str {
    match status {
        ConnectionStatus::Idle => "idle",
        ConnectionStatus::Connecting => "connecting",
        ConnectionStatus::Connected => "connected",
        ConnectionStatus::Reconnecting { .. } => "reconnecting",
        ConnectionStatus::Offline => "offline",
        ConnectionStatus::Ended => "ended",
    }
}

/// The payload of `ended`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EndedEvent {
    pub reason: &'static str,
}

impl EndedEvent {
    pub fn new(reason: &EndReason) -> EndedEvent {
        EndedEvent {
            reason: match reason {
                EndReason::Customer => "customer",
                EndReason::Agent => "agent",
                EndReason::Expired => "expired",
            },
        }
    }
}

/// The payload of `error`: something failed; the chat may go on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorEvent {
    pub message: String,
}

/// Into a plain object: `null` rather than `undefined` for an absent value, as JSON would.
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    // These payloads are strings and structs of strings: serializing cannot fail.
    value.serialize(&serializer).unwrap_or(JsValue::NULL)
}

/// Calls the listeners of `event` with the payload `payload()` makes, made only if one of
/// them wants it (a resumed chat's transcript page is a hundred `message` events).
pub fn emit<T: Serialize>(listeners: &Listeners, event: &str, payload: impl FnOnce() -> T) {
    let called = wanting(listeners, event);
    if !called.is_empty() {
        call_all(&called, &to_js(&payload()));
    }
}

/// The listeners of `event` that want it now.
fn wanting(listeners: &Listeners, event: &str) -> Vec<js_sys::Function> {
    listeners
        .borrow()
        .iter()
        .filter(|l| l.event == event)
        .filter(|l| {
            l.wanted.as_ref().is_none_or(|wanted| {
                wanted
                    .call1(&JsValue::NULL, &JsValue::from_str(event))
                    .is_ok_and(|w| w.is_truthy())
            })
        })
        .map(|l| l.call.clone())
        .collect()
}

fn call_all(called: &[js_sys::Function], payload: &JsValue) {
    for f in called {
        // A throwing listener is the page's bug; it must not stop the chat.
        let _ = f.call1(&JsValue::NULL, payload);
    }
}
