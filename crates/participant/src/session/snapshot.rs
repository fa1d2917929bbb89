//! What is stored so that a reload resumes the chat.

use serde::{Deserialize, Serialize};

use super::SendingFailed;
use crate::time::Millis;

/// A message waiting to be sent (or whose send is not yet confirmed), as persisted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedMessage {
    /// The idempotency key, fixed for the life of the message.
    pub client_token: String,
    pub content_type: String,
    pub content: String,
    /// It failed and waits for the customer to retry or remove it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<SendingFailed>,
}

/// What a reload needs to resume the chat: small and serializable (store it as JSON).
///
/// Emitted as [`super::Output::Persist`] whenever it changes;
/// [`super::Output::ClearPersisted`] when the chat ends. Fields a newer or older version
/// wrote that this one does not know are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
    #[serde(default)]
    pub connection_token: Option<String>,
    /// When the ConnectionToken expires (ms since the epoch).
    #[serde(default)]
    pub connection_expiry: Option<Millis>,
    /// The newest message the customer has read, so a reload does not send its read
    /// receipt again.
    #[serde(default)]
    pub last_read_id: Option<String>,
    #[serde(default)]
    pub last_read_time: Option<Millis>,
    /// Messages not yet confirmed by the service, failed ones included, in the order typed.
    #[serde(default)]
    pub unsent: Vec<QueuedMessage>,
    /// The SessionIds of authentications already finished, so a reload does not ask for
    /// their pages again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authentications_closed: Vec<String>,
    /// The customer ended this chat and the service has not been told yet: resuming such a
    /// snapshot only sends the DisconnectParticipant (see
    /// [`super::Session::farewell_snapshot`]). Snapshots stored under the old name
    /// `disconnect_owed` still read.
    #[serde(
        default,
        alias = "disconnect_owed",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub farewell_owed: bool,
}
