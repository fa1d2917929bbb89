//! The sentence shown for an error.

use crate::error::{Error, ErrorKind};

/// What went wrong, in words the customer can read.
pub(super) fn reason_for(error: &Error) -> String {
    match error {
        Error::Network(_) => "The network is unavailable.".into(),
        Error::Invalid { field, problem } => format!("{field} {problem}."),
        Error::Decode { .. } => "The service sent an answer that could not be read.".into(),
        Error::Service(e) => match e.kind {
            ErrorKind::Throttling => "The service is busy; please try again shortly.".into(),
            ErrorKind::AccessDenied => "The chat is no longer available.".into(),
            ErrorKind::ServiceQuotaExceeded => "Too many attachments in this chat.".into(),
            ErrorKind::Validation => match &e.message {
                Some(m) => format!("The service refused the request: {m}"),
                None => "The service refused the request.".into(),
            },
            ErrorKind::ResourceNotFound => "It could not be found.".into(),
            ErrorKind::Conflict => "The request conflicts with the chat's state.".into(),
            _ => "The service had a problem; please try again.".into(),
        },
    }
}
