//! The widget's one error type: everything the browser or the options can get wrong.

use connect_participant::session::Failure;
use wasm_bindgen::JsValue;

/// What went wrong in the widget's browser shell or options.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WidgetError {
    /// A request did not reach the server (offline, DNS, CORS, connection reset, aborted).
    #[error("network error: {0}")]
    Network(String),
    /// The server answered with an unexpected HTTP status.
    #[error("HTTP {status}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Status {
        status: u16,
        message: Option<String>,
    },
    /// A browser API threw or is missing (no `window`, storage blocked, socket refused).
    #[error("{api}: {message}")]
    Browser { api: &'static str, message: String },
    /// The operation was cancelled by the user or the widget.
    #[error("cancelled")]
    Cancelled,
    /// The options given to `mount` are not usable.
    #[error("invalid option {field}: {problem}")]
    Options {
        /// The option's path, e.g. `features.markdown`.
        field: String,
        problem: String,
    },
    /// The protocol crate refused a request or could not read a response.
    #[error(transparent)]
    Protocol(#[from] connect_participant::Error),
}

impl WidgetError {
    /// Converts a thrown JavaScript value at the browser boundary, naming the API that threw.
    pub fn from_js(api: &'static str, value: JsValue) -> WidgetError {
        WidgetError::Browser {
            api,
            message: js_message(&value),
        }
    }

    /// What the failure stands for, as the customer is told it (the UI words it from the
    /// locale table; the error's own text is for the site owner).
    pub fn failure(&self) -> Failure {
        match self {
            WidgetError::Network(_) | WidgetError::Cancelled => Failure::Network,
            WidgetError::Status { status: 429, .. } => Failure::Throttled,
            WidgetError::Status { status, .. } if *status >= 500 => Failure::Service,
            WidgetError::Status { .. } => Failure::Refused,
            WidgetError::Browser { .. } => Failure::Service,
            WidgetError::Options { .. } => Failure::NotConfigured,
            WidgetError::Protocol(e) => Failure::of(e),
        }
    }

    /// Whether the same request may work if tried again: it did not get through, the server
    /// was busy (429) or failed (5xx). Any other answer would be the same again.
    pub fn is_transient(&self) -> bool {
        match self {
            WidgetError::Network(_) => true,
            WidgetError::Status { status, .. } => *status == 429 || (500..=599).contains(status),
            WidgetError::Protocol(e) => connect_participant::retry::is_retryable(e),
            _ => false,
        }
    }
}

/// The message of a thrown JavaScript value: `Error.message`, a string, or its debug form.
pub fn js_message(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    if let Some(err) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Error>(value) {
        let name: String = err.name().into();
        let message: String = err.message().into();
        return if name.is_empty() {
            message
        } else {
            format!("{name}: {message}")
        };
    }
    format!("{value:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> WidgetError {
        WidgetError::Status {
            status,
            message: Some(r#"{"message":"Injected ThrottlingException"}"#.into()),
        }
    }

    #[test]
    fn failures_of_the_start_call_are_typed_for_the_customer() {
        assert_eq!(status(429).failure(), Failure::Throttled);
        assert_eq!(status(503).failure(), Failure::Service);
        assert_eq!(status(400).failure(), Failure::Refused);
        assert_eq!(status(403).failure(), Failure::Refused);
        let offline = WidgetError::Network("Failed to fetch".into());
        assert_eq!(offline.failure(), Failure::Network);
        let unreadable = WidgetError::Protocol(connect_participant::Error::Decode {
            what: "start-chat answer",
            reason: "expected value".into(),
        });
        assert_eq!(unreadable.failure(), Failure::BadAnswer);
    }

    #[test]
    fn only_busy_failing_or_unreached_servers_are_worth_another_try() {
        assert!(status(429).is_transient());
        assert!(status(500).is_transient());
        assert!(status(503).is_transient());
        assert!(WidgetError::Network("Failed to fetch".into()).is_transient());
        for refused in [400, 401, 403, 404, 409, 413] {
            assert!(!status(refused).is_transient(), "{refused}");
        }
        let unreadable = WidgetError::Protocol(connect_participant::Error::Decode {
            what: "start-chat answer",
            reason: "expected value".into(),
        });
        assert!(!unreadable.is_transient());
        assert!(!WidgetError::Cancelled.is_transient());
    }
}
