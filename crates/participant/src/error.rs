//! Errors: the service's seven exceptions, client-side validation, and decoding.

use crate::enums::string_enum;
use crate::http::HttpResponse;

string_enum! {
    /// The exception a failed call names.
    ErrorKind {
        /// 403: a wrong or expired token; on a live chat, usually that the chat has ended.
        AccessDenied = "AccessDeniedException",
        /// 409: the request conflicts with the chat's state.
        Conflict = "ConflictException",
        /// 500.
        InternalServer = "InternalServerException",
        /// 404.
        ResourceNotFound = "ResourceNotFoundException",
        /// 402: too many attachments on the contact.
        ServiceQuotaExceeded = "ServiceQuotaExceededException",
        /// 429.
        Throttling = "ThrottlingException",
        /// 400: the request broke a constraint of the model.
        Validation = "ValidationException",
    }
}

impl ErrorKind {
    /// The HTTP status the service answers this exception with.
    pub fn status(&self) -> u16 {
        match self {
            ErrorKind::AccessDenied => 403,
            ErrorKind::Conflict => 409,
            ErrorKind::InternalServer => 500,
            ErrorKind::ResourceNotFound => 404,
            ErrorKind::ServiceQuotaExceeded => 402,
            ErrorKind::Throttling => 429,
            ErrorKind::Validation => 400,
            ErrorKind::Unknown(_) => 500,
        }
    }

    /// The exception a bare status code stands for, when nothing else names it.
    pub fn from_status(status: u16) -> ErrorKind {
        match status {
            400 => ErrorKind::Validation,
            402 => ErrorKind::ServiceQuotaExceeded,
            401 | 403 => ErrorKind::AccessDenied,
            404 => ErrorKind::ResourceNotFound,
            409 => ErrorKind::Conflict,
            429 => ErrorKind::Throttling,
            500..=599 => ErrorKind::InternalServer,
            other => ErrorKind::Unknown(format!("HTTP {other}")),
        }
    }

    /// Reads an error code as SDKs do: the part before `:` and after the last `#`
    /// (`aws.protocoltests#ThrottlingException:http://...` is `ThrottlingException`).
    pub fn from_code(code: &str) -> ErrorKind {
        let code = code.split(':').next().unwrap_or(code);
        let code = code.rsplit('#').next().unwrap_or(code).trim();
        ErrorKind::from(code)
    }
}

/// An error answer of the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub kind: ErrorKind,
    pub status: u16,
    /// The service's message, if it sent one.
    pub message: Option<String>,
    /// For ResourceNotFound: which resource.
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
}

impl ServiceError {
    /// Reads an error response: the code from `x-amzn-ErrorType`, else the body's `code`, else
    /// `__type`, else the status alone (a browser may hide the header); the message from
    /// `message`, else `Message`.
    pub fn from_response(response: &HttpResponse) -> ServiceError {
        let body: serde_json::Value =
            serde_json::from_str(&response.body).unwrap_or(serde_json::Value::Null);
        let field = |name: &str| body.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        // An empty code (a proxy that blanks the header) says nothing: try the next source.
        let named =
            |code: Option<String>| code.filter(|c| !ErrorKind::from_code(c).as_str().is_empty());
        let code = named(response.header("x-amzn-ErrorType").map(str::to_owned))
            .or_else(|| named(field("code")))
            .or_else(|| named(field("__type")));
        let kind = match code {
            Some(code) => ErrorKind::from_code(&code),
            None => ErrorKind::from_status(response.status),
        };
        ServiceError {
            kind,
            status: response.status,
            message: field("message").or_else(|| field("Message")),
            resource_id: field("ResourceId"),
            resource_type: field("ResourceType"),
        }
    }
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (HTTP {})", self.kind, self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in this crate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The service answered with an exception.
    #[error("{0}")]
    Service(ServiceError),
    /// A request broke a constraint before it was sent.
    #[error("{field}: {problem}")]
    Invalid {
        /// The member, as the model names it (`Content`, `AttachmentIds`, ...).
        field: &'static str,
        /// What is wrong, with the limit (`is 20000 characters, at most 16384 allowed`).
        problem: String,
    },
    /// A response or frame could not be read.
    #[error("could not read {what}: {reason}")]
    Decode { what: &'static str, reason: String },
    /// The request did not reach the service (offline, DNS, CORS, connection reset).
    #[error("network error: {0}")]
    Network(String),
}

impl Error {
    /// The service exception, if this is one.
    pub fn kind(&self) -> Option<&ErrorKind> {
        match self {
            Error::Service(e) => Some(&e.kind),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed; see [`crate::retry`].
    pub fn is_retryable(&self) -> bool {
        crate::retry::is_retryable(self)
    }

    pub(crate) fn invalid(field: &'static str, problem: impl Into<String>) -> Error {
        Error::Invalid {
            field,
            problem: problem.into(),
        }
    }
}
