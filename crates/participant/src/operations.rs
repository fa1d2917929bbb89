//! The eleven operations: request and response types, and their HTTP form.
//!
//! A request type holds the operation's JSON members (and, for DescribeView, the URI member);
//! the token that goes in `X-Amz-Bearer` is passed to [`Operation::to_http_request`]. Which
//! token that is depends on the operation ([`Auth`]). [`OperationId`] lists the operations
//! with their method, URI and token; a server reads requests with
//! [`Operation::from_http_request`] and answers with [`Operation::to_http_response`].
//!
//! ```
//! use connect_participant::{Endpoint, Operation, SendMessage};
//! let request = SendMessage::text("Hello").with_client_token("6a1b...");
//! let http = request
//!     .to_http_request(&Endpoint::custom("http://127.0.0.1:41001"), "connection-token")
//!     .unwrap();
//! assert_eq!(http.url, "http://127.0.0.1:41001/participant/message");
//! assert_eq!(http.header("X-Amz-Bearer"), Some("connection-token"));
//! ```

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::endpoint::Endpoint;
use crate::error::{Error, ServiceError};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::incoming::Refusal;
use crate::json::{deserialize_from_json, read_members, FromJson, Members};
use crate::model::*;

/// Which token authenticates an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The ParticipantToken from StartChatContact: only CreateParticipantConnection.
    ParticipantToken,
    /// The ConnectionToken from CreateParticipantConnection: every other operation.
    ConnectionToken,
}

/// Declares [`OperationId`]: every operation, with its method, URI and token.
macro_rules! operations {
    ($($name:ident: $method:ident $uri:literal, $auth:ident;)*) => {
        /// Names one of the eleven operations, for code that handles them all (a server's
        /// routes); each request type's [`Operation::ID`] is its own.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum OperationId {
            $(#[doc = concat!("[`", stringify!($name), "`].")] $name,)*
        }

        impl OperationId {
            /// Every operation.
            pub const ALL: &'static [OperationId] = &[$(OperationId::$name),*];

            /// The operation's name in the service model.
            pub const fn name(self) -> &'static str {
                match self {
                    $(OperationId::$name => stringify!($name),)*
                }
            }

            /// The HTTP method of the model.
            pub const fn method(self) -> Method {
                match self {
                    $(OperationId::$name => Method::$method,)*
                }
            }

            /// The request URI of the model, with `{Label}`s for URI members.
            pub const fn uri(self) -> &'static str {
                match self {
                    $(OperationId::$name => $uri,)*
                }
            }

            /// Which token goes in `X-Amz-Bearer`.
            pub const fn auth(self) -> Auth {
                match self {
                    $(OperationId::$name => Auth::$auth,)*
                }
            }
        }
    };
}

operations! {
    CreateParticipantConnection: Post "/participant/connection", ParticipantToken;
    DisconnectParticipant: Post "/participant/disconnect", ConnectionToken;
    SendMessage: Post "/participant/message", ConnectionToken;
    SendEvent: Post "/participant/event", ConnectionToken;
    GetTranscript: Post "/participant/transcript", ConnectionToken;
    StartAttachmentUpload: Post "/participant/start-attachment-upload", ConnectionToken;
    CompleteAttachmentUpload: Post "/participant/complete-attachment-upload", ConnectionToken;
    GetAttachment: Post "/participant/attachment", ConnectionToken;
    DescribeView: Get "/participant/views/{ViewToken}", ConnectionToken;
    GetAuthenticationUrl: Post "/participant/authentication-url", ConnectionToken;
    CancelParticipantAuthentication: Post "/participant/cancel-authentication", ConnectionToken;
}

/// One operation of the service, as pure data in and out: the client half builds requests
/// and reads answers, the server half reads requests and builds answers.
pub trait Operation: Serialize + DeserializeOwned {
    /// Which operation this is; the constants below are its.
    const ID: OperationId;
    /// The operation's name in the service model.
    const NAME: &'static str = Self::ID.name();
    const METHOD: Method = Self::ID.method();
    /// The request URI of the model, with `{Label}`s for URI members.
    const URI: &'static str = Self::ID.uri();
    const AUTH: Auth = Self::ID.auth();
    /// What a successful call returns.
    type Output: Serialize + DeserializeOwned;

    /// Checks the model's constraints and the content limits before sending.
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }

    /// The path with URI members filled in (percent-encoded).
    fn path(&self) -> String {
        Self::URI.to_owned()
    }

    /// The JSON body, or `None` for a bodiless GET.
    fn body(&self) -> Option<String> {
        // Serializing these plain structs cannot fail: all keys are strings.
        Some(serde_json::to_string(self).expect("request serializes"))
    }

    /// Validates and builds the HTTP request; `token` goes in `X-Amz-Bearer`.
    fn to_http_request(&self, endpoint: &Endpoint, token: &str) -> Result<HttpRequest, Error> {
        self.validate()?;
        let token_field = match Self::AUTH {
            Auth::ParticipantToken => "ParticipantToken",
            Auth::ConnectionToken => "ConnectionToken",
        };
        // Both tokens have the model's `ParticipantToken` shape: 1..1000 characters.
        crate::validate::length(token_field, token, 1, 1000)?;
        let body = self.body();
        let mut headers = vec![(BEARER, token.to_owned())];
        if body.is_some() {
            headers.push(("Content-Type", JSON.to_owned()));
        }
        Ok(HttpRequest {
            method: Self::METHOD,
            url: format!("{}{}", endpoint.url(), self.path()),
            headers,
            body,
        })
    }

    /// Reads the response: the output on 2xx, the service's exception otherwise.
    fn from_http_response(response: &HttpResponse) -> Result<Self::Output, Error> {
        if !(200..300).contains(&response.status) {
            return Err(Error::Service(ServiceError::from_response(response)));
        }
        // Operations with an empty output may answer with an empty body.
        let body = if response.body.trim().is_empty() {
            "{}"
        } else {
            &response.body
        };
        serde_json::from_str(body).map_err(|e| Error::Decode {
            what: Self::NAME,
            reason: e.to_string(),
        })
    }

    /// Members that hold objects of their own, with the members each may have, so that
    /// [`Operation::from_http_request`] refuses unknown members in them too.
    fn nested_members() -> Vec<(&'static str, &'static [&'static str])> {
        Vec::new()
    }

    /// Reads a request as the service does: `labels` are the URI members a router captured
    /// (`("ViewToken", "...")`, percent-decoded), `body` the raw body. The body must be a JSON
    /// object (an empty body reads as `{}`) with only the request's members, each of the
    /// right type; then [`Operation::validate`] checks it.
    fn from_http_request(labels: &[(&str, &str)], body: &[u8]) -> Result<Self, Refusal> {
        // Only DescribeView has URI members, and it reads them itself.
        let _ = labels;
        let request: Self = crate::incoming::read_body(body, &Self::nested_members())?;
        request.validate().map_err(Refusal::Invalid)?;
        Ok(request)
    }

    /// The answer a server gives for `output`: 200 with the output as JSON.
    fn to_http_response(output: &Self::Output) -> HttpResponse {
        // The outputs are plain structs with string keys: serializing cannot fail.
        let body = serde_json::to_string(output).expect("output serializes");
        HttpResponse::new(200, body).with_header("Content-Type", JSON)
    }
}

/// The header that carries an operation's token.
pub const BEARER: &str = "X-Amz-Bearer";
const JSON: &str = "application/json";

/// Declares an operation's `Operation` impl; `{ ... }` adds or overrides items.
macro_rules! operation {
    ($req:ident => $out:ty $(, { $($extra:tt)* })?) => {
        impl Operation for $req {
            const ID: OperationId = OperationId::$req;
            type Output = $out;

            fn validate(&self) -> Result<(), Error> {
                crate::validate::Validate::validate(self)
            }

            $($($extra)*)?
        }
    };
}

/// Declares an operation output that has no members.
macro_rules! empty_output {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        pub struct $name {}
    };
}

/// CreateParticipantConnection: trades the ParticipantToken for a websocket URL and a
/// ConnectionToken.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateParticipantConnection {
    #[serde(default, rename = "Type", skip_serializing_if = "Option::is_none")]
    pub types: Option<Vec<ConnectionType>>,
    /// Marks the participant connected. The official clients send it only for agent
    /// sessions (alone, without `Type`); a customer's call connects by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_participant: Option<bool>,
}

impl CreateParticipantConnection {
    /// What a customer asks for: a websocket and connection credentials, exactly
    /// `{"Type":["WEBSOCKET","CONNECTION_CREDENTIALS"]}` as the official client sends it.
    pub fn websocket_and_credentials() -> Self {
        CreateParticipantConnection {
            types: Some(vec![
                ConnectionType::Websocket,
                ConnectionType::ConnectionCredentials,
            ]),
            connect_participant: None,
        }
    }
}

/// The output of CreateParticipantConnection.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct CreateParticipantConnectionResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub websocket: Option<Websocket>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_credentials: Option<ConnectionCredentials>,
    #[serde(
        default,
        rename = "WebRTCConnection",
        skip_serializing_if = "Option::is_none"
    )]
    pub web_rtc_connection: Option<WebRtcConnection>,
}
operation!(CreateParticipantConnection => CreateParticipantConnectionResponse);

/// DisconnectParticipant: the customer leaves; the chat ends for them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DisconnectParticipant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}
empty_output!(
    /// The output of DisconnectParticipant.
    DisconnectParticipantResponse
);
operation!(DisconnectParticipant => DisconnectParticipantResponse);

/// SendMessage: a message (`text/plain`, `text/markdown`, `application/json`, or an
/// interactive response).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessage {
    pub content_type: String,
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

impl SendMessage {
    /// A `text/plain` message.
    pub fn text(content: impl Into<String>) -> Self {
        SendMessage {
            content_type: "text/plain".into(),
            content: content.into(),
            client_token: None,
        }
    }

    /// Sets the idempotency key; retries must reuse it.
    pub fn with_client_token(mut self, token: impl Into<String>) -> Self {
        self.client_token = Some(token.into());
        self
    }
}

/// The output of SendMessage.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct SendMessageResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absolute_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_metadata: Option<MessageProcessingMetadata>,
}
operation!(SendMessage => SendMessageResponse);

/// SendEvent: typing, receipts, and other events
/// (`application/vnd.amazonaws.connect.event.*`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendEvent {
    pub content_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

/// The output of SendEvent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct SendEventResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absolute_time: Option<String>,
}
operation!(SendEvent => SendEventResponse);

/// GetTranscript: a page of the chat's items (or of an earlier contact's, with `ContactId`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTranscript {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_direction: Option<ScanDirection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<SortKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_position: Option<StartPosition>,
}

/// The output of GetTranscript.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct GetTranscriptResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_contact_id: Option<String>,
    #[serde(default)]
    pub transcript: Vec<Item>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
operation!(GetTranscript => GetTranscriptResponse, {
    fn nested_members() -> Vec<(&'static str, &'static [&'static str])> {
        vec![("StartPosition", crate::incoming::members::<StartPosition>())]
    }
});

/// StartAttachmentUpload: reserves an attachment and returns a presigned PUT URL.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartAttachmentUpload {
    pub content_type: String,
    pub attachment_size_in_bytes: i64,
    pub attachment_name: String,
    pub client_token: String,
}

/// The output of StartAttachmentUpload.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct StartAttachmentUploadResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_metadata: Option<UploadMetadata>,
}
operation!(StartAttachmentUpload => StartAttachmentUploadResponse);

/// CompleteAttachmentUpload: after the PUT succeeded, hands the file to the scanner.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompleteAttachmentUpload {
    /// Exactly one id.
    pub attachment_ids: Vec<String>,
    pub client_token: String,
}
empty_output!(
    /// The output of CompleteAttachmentUpload.
    CompleteAttachmentUploadResponse
);
operation!(CompleteAttachmentUpload => CompleteAttachmentUploadResponse);

/// GetAttachment: a presigned GET URL for an approved attachment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAttachment {
    pub attachment_id: String,
    /// 5..300 seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_expiry_in_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_content_disposition: Option<ContentDisposition>,
}

/// The output of GetAttachment.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct GetAttachmentResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_expiry: Option<String>,
    /// Required by the model; 0 if a service left it out.
    #[serde(default)]
    pub attachment_size_in_bytes: i64,
}
operation!(GetAttachment => GetAttachmentResponse);

/// DescribeView: the template of a ShowView view, by the token from an interactive message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeView {
    /// Travels in the path, not the body.
    #[serde(skip)]
    pub view_token: String,
}

/// The output of DescribeView.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct DescribeViewResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
}

operation!(DescribeView => DescribeViewResponse, {
    fn path(&self) -> String {
        Self::URI.replace(
            "{ViewToken}",
            &crate::validate::percent_encode(&self.view_token),
        )
    }

    fn body(&self) -> Option<String> {
        None
    }

    /// A GET: the body is not read.
    fn from_http_request(labels: &[(&str, &str)], _body: &[u8]) -> Result<Self, Refusal> {
        let view_token = labels
            .iter()
            .find(|(name, _)| *name == "ViewToken")
            .map(|(_, value)| (*value).to_owned())
            // A missing label reads as empty, which `validate` refuses.
            .unwrap_or_default();
        let request = DescribeView { view_token };
        request.validate().map_err(Refusal::Invalid)?;
        Ok(request)
    }
});

/// GetAuthenticationUrl: the URL of the customer-authentication page for a SessionId.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetAuthenticationUrl {
    /// Exactly 36 characters, from the `authentication.initiated` event.
    pub session_id: String,
    pub redirect_uri: String,
}

/// The output of GetAuthenticationUrl.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", try_from = "Value")]
pub struct GetAuthenticationUrlResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_url: Option<String>,
}
operation!(GetAuthenticationUrl => GetAuthenticationUrlResponse);

/// CancelParticipantAuthentication: the customer gives up authenticating.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancelParticipantAuthentication {
    pub session_id: String,
}
empty_output!(
    /// The output of CancelParticipantAuthentication.
    CancelParticipantAuthenticationResponse
);
operation!(CancelParticipantAuthentication => CancelParticipantAuthenticationResponse);

// Outputs are read through `Value`, member by member (`json::Members`), as the shapes they
// hold are (`model`): a derived `Deserialize` compiles a visitor per output and a copy of
// `Option<T>`'s reading per member type. Writing them (the emulator) stays derived.
read_members! {
    CreateParticipantConnectionResponse { websocket: "Websocket", connection_credentials: "ConnectionCredentials", web_rtc_connection: "WebRTCConnection" }
    SendMessageResponse { id: "Id", absolute_time: "AbsoluteTime", message_metadata: "MessageMetadata" }
    SendEventResponse { id: "Id", absolute_time: "AbsoluteTime" }
    StartAttachmentUploadResponse { attachment_id: "AttachmentId", upload_metadata: "UploadMetadata" }
    DescribeViewResponse { view: "View" }
    GetAuthenticationUrlResponse { authentication_url: "AuthenticationUrl" }
}

impl FromJson for GetTranscriptResponse {
    fn from_json(value: &Value) -> Result<Self, String> {
        let m = Members::of(value)?;
        Ok(GetTranscriptResponse {
            initial_contact_id: m.get("InitialContactId")?,
            transcript: m.get("Transcript")?.unwrap_or_default(),
            next_token: m.get("NextToken")?,
        })
    }
}

impl FromJson for GetAttachmentResponse {
    fn from_json(value: &Value) -> Result<Self, String> {
        let m = Members::of(value)?;
        Ok(GetAttachmentResponse {
            url: m.get("Url")?,
            url_expiry: m.get("UrlExpiry")?,
            attachment_size_in_bytes: m.get("AttachmentSizeInBytes")?.unwrap_or_default(),
        })
    }
}

deserialize_from_json!(GetTranscriptResponse, GetAttachmentResponse);

#[cfg(test)]
mod output_tests {
    use super::*;
    use serde_json::json;

    /// Reads `body` as `T` and writes it back: every member must survive, so each is read
    /// by the name it is written with.
    fn round_trip<T: DeserializeOwned + Serialize>(body: Value) {
        let read: T = serde_json::from_str(&body.to_string()).expect("reads");
        assert_eq!(serde_json::to_value(&read).unwrap(), body);
    }

    #[test]
    fn every_output_member_is_read_by_the_name_it_is_written_with() {
        round_trip::<CreateParticipantConnectionResponse>(json!({
            "Websocket": { "Url": "wss://x", "ConnectionExpiry": "t" },
            "ConnectionCredentials": { "ConnectionToken": "c", "Expiry": "t" },
            "WebRTCConnection": {
                "Attendee": { "AttendeeId": "a", "JoinToken": "j" },
                "Meeting": {
                    "MediaPlacement": { "AudioHostUrl": "h", "AudioFallbackUrl": "f",
                                        "SignalingUrl": "s", "EventIngestionUrl": "e" },
                    "MeetingFeatures": { "Audio": { "EchoReduction": "AVAILABLE" } },
                    "MeetingId": "m"
                }
            }
        }));
        round_trip::<SendMessageResponse>(json!({
            "Id": "i", "AbsoluteTime": "t",
            "MessageMetadata": { "MessageProcessingStatus": "PROCESSING" }
        }));
        round_trip::<SendEventResponse>(json!({ "Id": "i", "AbsoluteTime": "t" }));
        round_trip::<GetTranscriptResponse>(json!({
            "InitialContactId": "c",
            "Transcript": [{ "Id": "m1", "Type": "MESSAGE", "Content": "hi" }],
            "NextToken": "n"
        }));
        round_trip::<StartAttachmentUploadResponse>(json!({
            "AttachmentId": "a",
            "UploadMetadata": { "Url": "u", "UrlExpiry": "t", "HeadersToInclude": { "h": "v" } }
        }));
        round_trip::<GetAttachmentResponse>(json!({
            "Url": "u", "UrlExpiry": "t", "AttachmentSizeInBytes": 5
        }));
        round_trip::<DescribeViewResponse>(json!({
            "View": { "Id": "v", "Arn": "a", "Name": "n", "Version": 1,
                      "Content": { "InputSchema": "{}", "Template": "{}", "Actions": ["Submit"] } }
        }));
        round_trip::<GetAuthenticationUrlResponse>(json!({ "AuthenticationUrl": "u" }));
    }

    #[test]
    fn outputs_read_as_derive_read_them() {
        // Absent and null members are none (a list empty, a size 0); unknown ones are ignored.
        let page: GetTranscriptResponse =
            serde_json::from_str(r#"{"Transcript":null,"NextToken":null,"New":1}"#).unwrap();
        assert_eq!(page, GetTranscriptResponse::default());
        let file: GetAttachmentResponse = serde_json::from_str("{}").unwrap();
        assert_eq!(file.attachment_size_in_bytes, 0);
        for wrong in [
            r#"{"Transcript":{}}"#,
            r#"{"Transcript":[1]}"#,
            r#"{"NextToken":5}"#,
            "[]",
        ] {
            assert!(
                serde_json::from_str::<GetTranscriptResponse>(wrong).is_err(),
                "{wrong}"
            );
        }
        assert!(
            serde_json::from_str::<GetAttachmentResponse>(r#"{"AttachmentSizeInBytes":"5"}"#)
                .is_err()
        );
        assert!(serde_json::from_str::<SendMessageResponse>(r#"{"Id":["i"]}"#).is_err());
    }
}
