//! What is stored so that a reload resumes the chat.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Failure, SendingFailed};
use crate::json::{deserialize_from_json, FromJson, Members};
use crate::time::Millis;

/// A message waiting to be sent (or whose send is not yet confirmed), as persisted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Value")]
pub struct QueuedMessage {
    /// The idempotency key, fixed for the life of the message.
    pub client_token: String,
    pub content_type: String,
    pub content: String,
    /// It failed and waits for the customer to retry or remove it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<SendingFailed>,
}

/// What a reload needs to resume the chat: small and serializable (store it as JSON).
///
/// Emitted as [`super::Output::Persist`] whenever it changes;
/// [`super::Output::ClearPersisted`] when the chat ends. Fields a newer or older version
/// wrote that this one does not know are ignored.
///
/// It is read through [`Value`] ([`FromJson`]), member by member as a derived
/// `Deserialize` reads fields: a derived one compiles a visitor per type and a copy of
/// `Option<T>`'s reading per field type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Value")]
pub struct Snapshot {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
    pub connection_token: Option<String>,
    /// When the ConnectionToken expires (ms since the epoch).
    pub connection_expiry: Option<Millis>,
    /// The newest message the customer has read, so a reload does not send its read
    /// receipt again.
    pub last_read_id: Option<String>,
    pub last_read_time: Option<Millis>,
    /// Messages not yet confirmed by the service, failed ones included, in the order typed.
    pub unsent: Vec<QueuedMessage>,
    /// The SessionIds of authentications already finished, so a reload does not ask for
    /// their pages again.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authentications_closed: Vec<String>,
    /// The customer ended this chat and the service has not been told yet: resuming such a
    /// snapshot only sends the DisconnectParticipant (see
    /// [`super::Session::farewell_snapshot`]). Snapshots stored under the old name
    /// `disconnect_owed` still read.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub farewell_owed: bool,
}

deserialize_from_json!(Snapshot, QueuedMessage);

impl FromJson for Snapshot {
    fn from_json(value: &Value) -> Result<Snapshot, String> {
        let m = Members::of(value)?;
        Ok(Snapshot {
            contact_id: m.text("contact_id")?,
            participant_id: m.text("participant_id")?,
            participant_token: m.text("participant_token")?,
            connection_token: m.get("connection_token")?,
            connection_expiry: m.get("connection_expiry")?,
            last_read_id: m.get("last_read_id")?,
            last_read_time: m.get("last_read_time")?,
            unsent: m.get("unsent")?.unwrap_or_default(),
            authentications_closed: m.get("authentications_closed")?.unwrap_or_default(),
            farewell_owed: match m.get("farewell_owed")? {
                Some(owed) => owed,
                None => m.get("disconnect_owed")?.unwrap_or(false),
            },
        })
    }
}

impl FromJson for QueuedMessage {
    fn from_json(value: &Value) -> Result<QueuedMessage, String> {
        let m = Members::of(value)?;
        Ok(QueuedMessage {
            client_token: m.text("client_token")?,
            content_type: m.text("content_type")?,
            content: m.text("content")?,
            failed: m.get("failed")?,
        })
    }
}

impl FromJson for SendingFailed {
    fn from_json(value: &Value) -> Result<SendingFailed, String> {
        let m = Members::of(value)?;
        Ok(SendingFailed {
            failure: m.required("failure", Some).map(Failure::from_json)??,
            is_recoverable: m.required("is_recoverable", Value::as_bool)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Snapshot {
        Snapshot {
            contact_id: "c".into(),
            participant_id: "p".into(),
            participant_token: "t".into(),
            connection_token: Some("ct".into()),
            connection_expiry: Some(1_790_000_000_000),
            last_read_id: Some("m9".into()),
            last_read_time: Some(-5),
            unsent: vec![
                QueuedMessage {
                    client_token: "k1".into(),
                    content_type: "text/plain".into(),
                    content: "Hi".into(),
                    failed: None,
                },
                QueuedMessage {
                    client_token: "k2".into(),
                    content_type: "text/markdown".into(),
                    content: "**Hi**".into(),
                    failed: Some(SendingFailed {
                        failure: Failure::TooLong {
                            limit: 1024,
                            length: 2000,
                        },
                        is_recoverable: false,
                    }),
                },
            ],
            authentications_closed: vec!["s1".into()],
            farewell_owed: true,
        }
    }

    #[test]
    fn a_snapshot_reads_back_as_written() {
        let snapshot = full();
        let text = serde_json::to_string(&snapshot).unwrap();
        assert_eq!(serde_json::from_str::<Snapshot>(&text).unwrap(), snapshot);
        let list = serde_json::to_string(&[snapshot.clone(), snapshot.clone()]).unwrap();
        assert_eq!(
            serde_json::from_str::<Vec<Snapshot>>(&list).unwrap(),
            [snapshot.clone(), snapshot]
        );
    }

    #[test]
    fn optional_members_may_be_absent_or_null_and_unknown_ones_are_ignored() {
        let read = serde_json::from_str::<Snapshot>(
            r#"{"contact_id":"c","participant_id":"p","participant_token":"t",
                "connection_token":null,"last_read_time":null,"newer":{"x":1},
                "unsent":[{"client_token":"k","content_type":"text/plain","content":"a",
                           "failed":null}],
                "disconnect_owed":true}"#,
        )
        .unwrap();
        assert_eq!(read.connection_token, None);
        assert_eq!(read.last_read_time, None);
        assert_eq!(read.unsent[0].failed, None);
        assert!(read.authentications_closed.is_empty());
        assert!(read.farewell_owed, "the old name still reads");
    }

    #[test]
    fn a_wrong_snapshot_is_refused() {
        let good = serde_json::to_value(full()).unwrap();
        for (member, wrong) in [
            ("contact_id", Value::Null),
            ("participant_token", serde_json::json!(7)),
            ("connection_expiry", serde_json::json!(1.5)),
            ("unsent", serde_json::json!({})),
            ("unsent", serde_json::json!([{"client_token":"k"}])),
            (
                "unsent",
                serde_json::json!([{"client_token":"k","content_type":"t","content":"c",
                                    "failed":{"failure":"Later","is_recoverable":true}}]),
            ),
            ("authentications_closed", serde_json::json!([1])),
            ("farewell_owed", serde_json::json!("yes")),
        ] {
            let mut value = good.clone();
            value[member] = wrong.clone();
            let text = value.to_string();
            assert!(
                serde_json::from_str::<Snapshot>(&text).is_err(),
                "{member}: {wrong}"
            );
        }
        assert!(serde_json::from_str::<Snapshot>("[]").is_err());
    }
}
