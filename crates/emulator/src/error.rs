//! Errors: the crate's own (start-up, persistence) and the service's exceptions as answers.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use connect_participant::incoming::Refusal;
use connect_participant::ErrorKind;
use serde_json::json;

/// What can stop the emulator from starting or saving its state.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// A port could not be bound.
    #[error("could not bind {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    /// The data directory could not be read or written.
    #[error("data directory {path}: {source}")]
    Data {
        path: String,
        source: std::io::Error,
    },
    /// The saved state is not readable.
    #[error("saved state {path} is not valid: {source}")]
    State {
        path: String,
        source: serde_json::Error,
    },
}

/// An exception of the Participant Service, answered as the service does: the status, the
/// name in `x-amzn-ErrorType` and `{"message": ...}` as the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The exception's name (`ValidationException`, ...).
    pub code: String,
    pub status: u16,
    pub message: String,
    /// For ResourceNotFoundException.
    pub resource: Option<(String, String)>,
}

impl ApiError {
    /// An exception the model knows, with its usual status.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> ApiError {
        ApiError {
            code: kind.as_str().to_owned(),
            status: kind.status(),
            message: message.into(),
            resource: None,
        }
    }

    /// Any named exception with a status (fault injection may name one the model lacks).
    pub fn named(code: &str, status: u16, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.to_owned(),
            status,
            message: message.into(),
            resource: None,
        }
    }

    pub fn validation(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorKind::Validation, message)
    }

    /// Bad JSON or a member of the wrong type: the front end's `SerializationException`.
    pub fn serialization(message: impl Into<String>) -> ApiError {
        ApiError::named("SerializationException", 400, message)
    }

    pub fn access_denied(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorKind::AccessDenied, message)
    }

    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorKind::Conflict, message)
    }

    pub fn not_found(message: impl Into<String>, id: &str, kind: &str) -> ApiError {
        let mut e = ApiError::new(ErrorKind::ResourceNotFound, message);
        e.resource = Some((id.to_owned(), kind.to_owned()));
        e
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "message": self.message });
        if let Some((id, kind)) = &self.resource {
            body["ResourceId"] = json!(id);
            body["ResourceType"] = json!(kind);
        }
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(body)).into_response();
        if let Ok(value) = HeaderValue::from_str(&self.code) {
            response.headers_mut().insert("x-amzn-ErrorType", value);
        }
        response
    }
}

/// A request the protocol crate refused to read, answered as the service does.
impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> ApiError {
        match refusal {
            Refusal::NotUtf8 => ApiError::serialization("The request body is not valid UTF-8"),
            Refusal::NotJson(reason) => {
                ApiError::serialization(format!("The request body is not valid JSON: {reason}"))
            }
            Refusal::NotObject => ApiError::serialization("The request body must be a JSON object"),
            Refusal::WrongType(reason) => {
                ApiError::serialization(format!("A member has the wrong type: {reason}"))
            }
            Refusal::UnknownMember {
                member,
                within,
                allowed,
            } => {
                let place = within.map(|w| format!(" in {w}")).unwrap_or_default();
                ApiError::validation(format!(
                    "Unknown member '{member}'{place}; allowed: {}",
                    allowed.join(", ")
                ))
            }
            Refusal::Invalid(e) => {
                ApiError::validation(format!("1 validation error detected: {e}"))
            }
        }
    }
}
