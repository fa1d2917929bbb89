//! The browser: the thin layer between the sans-IO session and web APIs.
//!
//! Each file wraps one browser facility. Everything that registers a JavaScript callback is a
//! value that owns its `Closure` and unregisters it when dropped, so nothing outlives its
//! owner and nothing is leaked with `forget`. Thrown JavaScript values become
//! [`WidgetError`](crate::error::WidgetError) here and go no further.

pub mod clock;
pub mod dom;
pub mod fetch;
pub mod listener;
pub mod network;
pub mod page;
pub mod random;
pub mod socket;
pub mod sound;
pub mod storage;
pub mod timer;
pub mod upload;

use crate::error::WidgetError;

/// The page's `window`, or an error outside a browser (a worker, SSR, tests under Node).
pub fn window() -> Result<web_sys::Window, WidgetError> {
    web_sys::window().ok_or(WidgetError::Browser {
        api: "window",
        message: "not running in a browser window".into(),
    })
}

/// Milliseconds since the epoch: the session's clock.
pub fn now() -> connect_participant::time::Millis {
    js_sys::Date::now() as connect_participant::time::Millis
}
