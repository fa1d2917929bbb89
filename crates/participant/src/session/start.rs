//! Starting a chat: the request to the site owner's start-chat backend and its answer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::http::{HttpRequest, Method};

/// What the widget asks the site owner's start-chat backend for: a chat for this customer,
/// with these contact attributes. One definition serves both sides: the client writes it
/// with [`StartChatRequest::to_http_request`], a backend reads it with
/// [`StartChatRequest::from_json`].
///
/// ```
/// use connect_participant::session::StartChatRequest;
/// let request = StartChatRequest {
///     display_name: "Lena".into(),
///     attributes: [("topic".to_owned(), "billing".to_owned())].into(),
///     client_token: Some("0c5e1b8a-3d4f-4a6b-9e2c-7f1d8a9b0c3e".into()),
/// };
/// let http = request.to_http_request("https://example.com/start-chat");
/// assert_eq!(
///     http.body.as_deref(),
///     Some(r#"{"Attributes":{"topic":"billing"},"ClientToken":"0c5e1b8a-3d4f-4a6b-9e2c-7f1d8a9b0c3e","ParticipantDetails":{"DisplayName":"Lena"}}"#)
/// );
/// assert_eq!(StartChatRequest::from_json(http.body.as_deref().unwrap()).unwrap(), request);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StartChatRequest {
    /// The customer's name as the agent sees it.
    pub display_name: String,
    /// Contact attributes for the contact flow.
    pub attributes: BTreeMap<String, String>,
    /// StartChatContact's `ClientToken`: the same for every try of one start, so a backend
    /// that passes it on gets the contact it already created rather than a second one.
    pub client_token: Option<String>,
}

/// The request's JSON: Amazon's start-chat backend template reads `ParticipantDetails` and
/// `Attributes`; `ClientToken` is written only when there is one. Members in this order, as
/// a JSON object map writes them.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StartChatBody {
    #[serde(default)]
    attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_token: Option<String>,
    participant_details: ParticipantDetails,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ParticipantDetails {
    display_name: String,
}

impl StartChatRequest {
    /// The POST to the backend at `url`.
    pub fn to_http_request(&self, url: &str) -> HttpRequest {
        let body = StartChatBody {
            attributes: self.attributes.clone(),
            client_token: self.client_token.clone(),
            participant_details: ParticipantDetails {
                display_name: self.display_name.clone(),
            },
        };
        HttpRequest {
            method: Method::Post,
            url: url.to_owned(),
            headers: vec![("Content-Type", "application/json".to_owned())],
            // Strings and a map of strings: serializing cannot fail.
            body: serde_json::to_string(&body).ok(),
        }
    }

    /// Reads a request as a backend receives it.
    pub fn from_json(text: &str) -> Result<StartChatRequest, Error> {
        let body: StartChatBody = serde_json::from_str(text).map_err(|e| Error::Decode {
            what: "start-chat request",
            reason: e.to_string(),
        })?;
        Ok(StartChatRequest {
            display_name: body.participant_details.display_name,
            attributes: body.attributes,
            client_token: body.client_token,
        })
    }
}

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
