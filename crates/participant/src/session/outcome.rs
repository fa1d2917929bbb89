//! Typed outcomes: what failed and why, as data. The crate words nothing; the UI words each
//! case from its locale table, and the error behind it travels alongside for logs.

use serde::{Deserialize, Serialize};

use crate::attachments::UploadRefusal;
use crate::error::{Error, ErrorKind};

/// Why something did not work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
/// (matrix-rust-sdk's `SendingFailed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendingFailed {
    pub failure: Failure,
    /// Whether [`super::Input::Retry`] may help (throttling, a server error, the network).
    pub is_recoverable: bool,
}
