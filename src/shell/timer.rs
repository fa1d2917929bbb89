//! `setTimeout` owned by a value: dropping it cancels the timer.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::error::WidgetError;

/// A pending timeout; dropping it before it fires cancels it.
pub struct Timeout {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Calls `callback` once after `millis` milliseconds.
    pub fn new(millis: i32, callback: impl FnOnce() + 'static) -> Result<Timeout, WidgetError> {
        let mut callback = Some(callback);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = callback.take() {
                f();
            }
        });
        let handle = super::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                millis.max(0),
            )
            .map_err(|e| WidgetError::from_js("setTimeout", e))?;
        Ok(Timeout {
            handle,
            _callback: callback,
        })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Waits `millis` milliseconds. The timer is not cancelled if the wait is dropped: what
/// awaits it checks that it is still wanted when it wakes.
pub async fn sleep(millis: u64) {
    let millis = i32::try_from(millis).unwrap_or(i32::MAX);
    let wait = js_sys::Promise::new(&mut |resolve, _| {
        let set = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis));
        // No window (or setTimeout threw): do not wait forever.
        if !matches!(set, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
}
