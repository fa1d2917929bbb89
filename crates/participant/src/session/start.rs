//! Starting a chat: the answer of the site owner's start-chat backend.

use serde::{Deserialize, Serialize};

use crate::error::Error;
/// What a site owner's start-chat backend returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartChat {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
}

impl StartChat {
    /// Reads either shape a backend returns: `{ContactId, ParticipantId, ParticipantToken}` or
    /// Amazon's template's `{"data":{"startChatResult":{...}}}`.
    ///
    /// ```
    /// use connect_participant::session::StartChat;
    /// let a = StartChat::from_json(r#"{"ContactId":"c","ParticipantId":"p","ParticipantToken":"t"}"#).unwrap();
    /// let b = StartChat::from_json(r#"{"data":{"startChatResult":{"ContactId":"c","ParticipantId":"p","ParticipantToken":"t"}}}"#).unwrap();
    /// assert_eq!(a, b);
    /// assert!(StartChat::from_json(r#"{"ContactId":"c"}"#).is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<StartChat, Error> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Decode {
            what: "start-chat response",
            reason: e.to_string(),
        })?;
        let inner = value
            .get("data")
            .and_then(|d| d.get("startChatResult"))
            .unwrap_or(&value);
        let start: StartChat = crate::json::from_value(inner).map_err(|e| Error::Decode {
            what: "start-chat response",
            reason: e.to_string(),
        })?;
        for (field, value) in [
            ("ContactId", &start.contact_id),
            ("ParticipantId", &start.participant_id),
            ("ParticipantToken", &start.participant_token),
        ] {
            if value.is_empty() {
                return Err(Error::Invalid {
                    field,
                    problem: "is empty".into(),
                });
            }
        }
        Ok(start)
    }
}
