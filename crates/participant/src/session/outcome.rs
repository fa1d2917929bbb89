//! Typed outcomes: what failed and why, as data. The crate words nothing; the UI words each
//! case from its locale table, and the error behind it travels alongside for logs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::attachments::UploadRefusal;
use crate::error::{Error, ErrorKind};
use crate::json::{self, deserialize_from_json, FromJson, Members};

/// Why something did not work.
///
/// Stored with a failed message in a [`super::Snapshot`], as serde's derive writes it; read
/// back through [`Value`] (see [`FromJson`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Value")]
pub enum Failure {
    /// The request did not get through (offline, DNS, CORS, a reset, no answer).
    Network,
    /// There is no usable connection at the moment; trying again shortly may work.
    NotConnected,
    /// The chat has not started.
    NotStarted,
    /// A chat is already running in this session.
    AlreadyStarted,
    /// It needs something the site owner did not configure (a sign-in redirect page).
    NotConfigured,
    /// The chat is over (or the service no longer accepts its tokens).
    ChatEnded,
    /// The service is busy (throttled).
    Throttled,
    /// The message is empty.
    Empty,
    /// The message has `length` characters; at most `limit` are allowed.
    TooLong { limit: usize, length: usize },
    /// A request broke a constraint of the service model before it was sent; `field` names
    /// the member as the model does.
    Invalid { field: String },
    /// The service refused the request (a validation error, a failed subscribe).
    Refused,
    /// The service's quota is used up (ServiceQuotaExceeded).
    QuotaExceeded,
    /// What was asked for does not exist (ResourceNotFound).
    NotFound,
    /// The request conflicts with the chat's state (Conflict).
    Conflict,
    /// The service failed (a server error, or one this version does not know).
    Service,
    /// The service's answer could not be read, or lacked what was needed.
    BadAnswer,
    /// A file could not be attached.
    Upload(UploadRefusal),
}

impl Failure {
    /// The failure an error stands for.
    pub fn of(error: &Error) -> Failure {
        match error {
            Error::Network(_) => Failure::Network,
            Error::Invalid { field, .. } => Failure::Invalid {
                field: (*field).to_owned(),
            },
            Error::Decode { .. } => Failure::BadAnswer,
            Error::Service(e) => match e.kind {
                ErrorKind::Throttling => Failure::Throttled,
                // On a live chat a refused token usually means the chat has ended.
                ErrorKind::AccessDenied => Failure::ChatEnded,
                ErrorKind::ServiceQuotaExceeded => Failure::QuotaExceeded,
                ErrorKind::Validation => Failure::Refused,
                ErrorKind::ResourceNotFound => Failure::NotFound,
                ErrorKind::Conflict => Failure::Conflict,
                ErrorKind::InternalServer | ErrorKind::Unknown(_) => Failure::Service,
            },
        }
    }
}

impl FromJson for Failure {
    /// Reads what the derived `Serialize` writes: `"Network"`, `{"TooLong":{"limit":5,"length":7}}`.
    fn from_json(value: &Value) -> Result<Failure, String> {
        let (name, inner) = json::variant(value)?;
        let unit = inner.is_null();
        Ok(match name {
            "Network" if unit => Failure::Network,
            "NotConnected" if unit => Failure::NotConnected,
            "NotStarted" if unit => Failure::NotStarted,
            "AlreadyStarted" if unit => Failure::AlreadyStarted,
            "NotConfigured" if unit => Failure::NotConfigured,
            "ChatEnded" if unit => Failure::ChatEnded,
            "Throttled" if unit => Failure::Throttled,
            "Empty" if unit => Failure::Empty,
            "Refused" if unit => Failure::Refused,
            "QuotaExceeded" if unit => Failure::QuotaExceeded,
            "NotFound" if unit => Failure::NotFound,
            "Conflict" if unit => Failure::Conflict,
            "Service" if unit => Failure::Service,
            "BadAnswer" if unit => Failure::BadAnswer,
            "TooLong" => {
                let m = Members::of(inner)?;
                Failure::TooLong {
                    limit: m.count("limit")?,
                    length: m.count("length")?,
                }
            }
            "Invalid" => Failure::Invalid {
                field: Members::of(inner)?.text("field")?,
            },
            "Upload" => Failure::Upload(UploadRefusal::from_json(inner)?),
            _ => return Err(format!("no Failure `{name}`")),
        })
    }
}

deserialize_from_json!(Failure, SendingFailed);

/// What the customer (or the session for them) was doing when something failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Starting or resuming the chat.
    Start,
    /// Getting a connection (CreateParticipantConnection).
    Connect,
    /// Subscribing to the chat on the websocket.
    Subscribe,
    /// Sending a message.
    Send,
    /// Loading older messages.
    LoadOlder,
    /// Attaching a file.
    Upload,
    /// Opening an attachment (its download URL).
    OpenAttachment,
    /// Loading a view (DescribeView).
    LoadView,
    /// Sending a typing event or a receipt.
    Notify,
    /// Cancelling a sign-in.
    CancelAuthentication,
    /// Ending the chat.
    End,
}

/// Something failed that the customer should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionError {
    /// What failed.
    pub activity: Activity,
    /// Why.
    pub failure: Failure,
    /// The error behind it, when there is one.
    pub error: Option<Error>,
}

/// Why a message could not be sent, and whether trying again may help
/// (matrix-rust-sdk's `SendingFailed`). Stored with a failed message; read as the
/// [`super::Snapshot`] is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Value")]
pub struct SendingFailed {
    pub failure: Failure,
    /// Whether [`super::Input::Retry`] may help (throttling, a server error, the network).
    pub is_recoverable: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each variant; the `match` stops compiling when a variant is added, so that the
    /// list, and the reading it checks, grow with the enums.
    fn every_failure() -> Vec<Failure> {
        let upload = |refusal| Failure::Upload(refusal);
        let all = vec![
            Failure::Network,
            Failure::NotConnected,
            Failure::NotStarted,
            Failure::AlreadyStarted,
            Failure::NotConfigured,
            Failure::ChatEnded,
            Failure::Throttled,
            Failure::Empty,
            Failure::TooLong {
                limit: 1024,
                length: 1030,
            },
            Failure::Invalid {
                field: "Content".into(),
            },
            Failure::Refused,
            Failure::QuotaExceeded,
            Failure::NotFound,
            Failure::Conflict,
            Failure::Service,
            Failure::BadAnswer,
            upload(UploadRefusal::Name { name: "".into() }),
            upload(UploadRefusal::Type {
                name: "a.exe".into(),
                extension: Some("exe".into()),
                allowed: vec!["pdf".into(), "png".into()],
            }),
            upload(UploadRefusal::Type {
                name: "noext".into(),
                extension: None,
                allowed: vec![],
            }),
            upload(UploadRefusal::ContentType {
                name: "a.pdf".into(),
                mime: "image/png".into(),
                expected: vec!["application/pdf".into()],
            }),
            upload(UploadRefusal::Empty {
                name: "a.txt".into(),
            }),
            upload(UploadRefusal::TooBig {
                name: "a.mp4".into(),
                size: 30_000_000,
                limit: 20_971_520,
            }),
            upload(UploadRefusal::TooMany),
            upload(UploadRefusal::Storage { status: 403 }),
        ];
        for failure in &all {
            match failure {
                Failure::Network
                | Failure::NotConnected
                | Failure::NotStarted
                | Failure::AlreadyStarted
                | Failure::NotConfigured
                | Failure::ChatEnded
                | Failure::Throttled
                | Failure::Empty
                | Failure::TooLong { .. }
                | Failure::Invalid { .. }
                | Failure::Refused
                | Failure::QuotaExceeded
                | Failure::NotFound
                | Failure::Conflict
                | Failure::Service
                | Failure::BadAnswer => {}
                Failure::Upload(refusal) => match refusal {
                    UploadRefusal::Name { .. }
                    | UploadRefusal::Type { .. }
                    | UploadRefusal::ContentType { .. }
                    | UploadRefusal::Empty { .. }
                    | UploadRefusal::TooBig { .. }
                    | UploadRefusal::TooMany
                    | UploadRefusal::Storage { .. } => {}
                },
            }
        }
        all
    }

    #[test]
    fn every_failure_reads_back_as_written() {
        for failure in every_failure() {
            let text = serde_json::to_string(&failure).unwrap();
            let read: Failure = serde_json::from_str(&text).unwrap();
            assert_eq!(read, failure, "{text}");
        }
    }

    #[test]
    fn failures_read_as_serde_writes_them() {
        let read = |text: &str| serde_json::from_str::<Failure>(text).ok();
        assert_eq!(read(r#""ChatEnded""#), Some(Failure::ChatEnded));
        assert_eq!(read(r#"{"ChatEnded":null}"#), Some(Failure::ChatEnded));
        assert_eq!(
            read(r#"{"TooLong":{"limit":5,"length":7}}"#),
            Some(Failure::TooLong {
                limit: 5,
                length: 7
            })
        );
        assert_eq!(
            read(r#"{"Upload":{"Type":{"name":"a","allowed":["png"]}}}"#),
            Some(Failure::Upload(UploadRefusal::Type {
                name: "a".into(),
                extension: None,
                allowed: vec!["png".into()],
            }))
        );
        assert_eq!(
            read(r#"{"Upload":"TooMany"}"#),
            Some(Failure::Upload(UploadRefusal::TooMany))
        );
        for wrong in [
            r#""Later""#,
            r#"{"ChatEnded":1}"#,
            r#"{"TooLong":{"limit":5}}"#,
            r#"{"TooLong":{"limit":-1,"length":7}}"#,
            r#"{"Invalid":{"field":3}}"#,
            r#"{"Upload":{"Storage":{"status":70000}}}"#,
            r#"{"Upload":{"Type":{"name":"a","allowed":[1]}}}"#,
            r#"{"Network":null,"Empty":null}"#,
            r#"["Network"]"#,
            "7",
        ] {
            assert_eq!(read(wrong), None, "{wrong}");
        }
    }
}
