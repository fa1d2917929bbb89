//! The widget's one error type: everything the browser or the options can get wrong.

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

    /// A user-readable sentence, for the UI.
    pub fn user_message(&self) -> String {
        self.to_string()
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
