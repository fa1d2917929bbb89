//! WebSocket frames: what the client sends, and what the server's text frames mean.
//!
//! ```
//! use connect_participant::frames::{ClientFrame, ServerFrame};
//! assert_eq!(ClientFrame::Heartbeat.to_json(), r#"{"topic":"aws/heartbeat"}"#);
//! let frame = ServerFrame::parse(r#"{"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat"]}}"#).unwrap();
//! assert_eq!(frame, ServerFrame::Subscribed { ok: true, status: "success".into() });
//! ```

use serde_json::{json, Value};

use crate::error::Error;
use crate::json::FromJson;
use crate::model::Item;

/// A frame the client sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientFrame {
    /// Subscribe to `aws/chat`.
    Subscribe,
    /// Liveness, every 10 s; the server echoes it.
    Heartbeat,
    /// Deep heartbeat: the server answers with a status code.
    Ping,
}

impl ClientFrame {
    /// The frame's JSON text.
    pub fn to_json(self) -> String {
        match self {
            ClientFrame::Subscribe => {
                r#"{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}"#.to_owned()
            }
            ClientFrame::Heartbeat => r#"{"topic":"aws/heartbeat"}"#.to_owned(),
            ClientFrame::Ping => r#"{"topic":"aws/ping"}"#.to_owned(),
        }
    }

    /// Reads a client frame (the server side of the protocol).
    pub fn parse(text: &str) -> Result<ClientFrame, Error> {
        let value: Value = serde_json::from_str(text).map_err(|e| decode(e.to_string()))?;
        match value.get("topic").and_then(Value::as_str) {
            Some("aws/subscribe") => Ok(ClientFrame::Subscribe),
            Some("aws/heartbeat") => Ok(ClientFrame::Heartbeat),
            Some("aws/ping") => Ok(ClientFrame::Ping),
            Some(other) => Err(decode(format!("unknown topic {other:?}"))),
            None => Err(decode("no topic".into())),
        }
    }
}

/// A frame the server sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerFrame {
    /// The answer to a subscribe; only `status: "success"` is a success.
    Subscribed { ok: bool, status: String },
    /// The echo of a heartbeat.
    Heartbeat,
    /// The answer to a deep heartbeat.
    Ping { status_code: Option<u16> },
    /// A chat item: a message, an event, a receipt or an attachment.
    Chat(Box<Item>),
    /// An error with no topic (`{"message":"Forbidden",...}`).
    Error {
        message: String,
        connection_id: Option<String>,
        request_id: Option<String>,
    },
    /// A topic this version does not handle; kept so the caller may log it.
    Other { topic: String },
}

impl ServerFrame {
    /// Reads a text frame. Malformed input gives an error value, never a panic.
    pub fn parse(text: &str) -> Result<ServerFrame, Error> {
        let value: Value = serde_json::from_str(text).map_err(|e| decode(e.to_string()))?;
        let Some(obj) = value.as_object() else {
            return Err(decode("not a JSON object".into()));
        };
        let str_field = |name: &str| obj.get(name).and_then(Value::as_str).map(str::to_owned);
        let Some(topic) = obj.get("topic").and_then(Value::as_str) else {
            return match str_field("message") {
                Some(message) => Ok(ServerFrame::Error {
                    message,
                    connection_id: str_field("connectionId"),
                    request_id: str_field("requestId"),
                }),
                None => Err(decode("no topic and no message".into())),
            };
        };
        match topic {
            "aws/subscribe" => {
                let status = obj
                    .get("content")
                    .and_then(|c| c.get("status"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                Ok(ServerFrame::Subscribed {
                    ok: status == "success",
                    status,
                })
            }
            "aws/heartbeat" => Ok(ServerFrame::Heartbeat),
            "aws/ping" => Ok(ServerFrame::Ping {
                status_code: obj
                    .get("statusCode")
                    .and_then(Value::as_u64)
                    .and_then(|c| u16::try_from(c).ok()),
            }),
            "aws/chat" => {
                // The item is a JSON string inside the frame; accept an object too.
                let item = match obj.get("content") {
                    Some(Value::String(s)) => {
                        serde_json::from_str::<Item>(s).map_err(|e| e.to_string())
                    }
                    // Already parsed: read as it stands, not written out and parsed again.
                    Some(v @ Value::Object(_)) => Item::from_json(v),
                    _ => return Err(decode("aws/chat frame without content".into())),
                }
                .map_err(|e| decode(format!("aws/chat item: {e}")))?;
                Ok(ServerFrame::Chat(Box::new(item)))
            }
            other => Ok(ServerFrame::Other {
                topic: other.to_owned(),
            }),
        }
    }

    /// The frame's JSON text, as the service writes it (the emulator's side).
    pub fn to_json(&self) -> String {
        let value = match self {
            ServerFrame::Subscribed { status, .. } => json!({
                "topic": "aws/subscribe",
                "content": { "status": status, "topics": ["aws/chat"] },
            }),
            ServerFrame::Heartbeat => json!({ "topic": "aws/heartbeat" }),
            ServerFrame::Ping { status_code } => json!({
                "topic": "aws/ping",
                "statusCode": status_code,
                "statusContent": { "message": "OK" },
            }),
            ServerFrame::Chat(item) => json!({
                "topic": "aws/chat",
                "contentType": "application/json",
                // Serializing an Item (strings and options only) cannot fail.
                "content": serde_json::to_string(item).expect("item serializes"),
            }),
            ServerFrame::Error {
                message,
                connection_id,
                request_id,
            } => json!({
                "message": message,
                "connectionId": connection_id,
                "requestId": request_id,
            }),
            ServerFrame::Other { topic } => json!({ "topic": topic }),
        };
        value.to_string()
    }
}

fn decode(reason: String) -> Error {
    Error::Decode {
        what: "websocket frame",
        reason,
    }
}
