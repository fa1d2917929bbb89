//! DOM event listeners that are removed when dropped.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

/// A listener for `event` on `target`; dropping it removes it.
pub struct EventListener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl EventListener {
    /// Adds `callback` as a listener for `event` on `target`.
    pub fn new(
        target: &EventTarget,
        event: &'static str,
        callback: impl FnMut(Event) + 'static,
    ) -> EventListener {
        let callback = Closure::<dyn FnMut(Event)>::new(callback);
        // addEventListener does not throw for a function listener.
        let _ = target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        EventListener {
            target: target.clone(),
            event,
            callback,
        }
    }
}

impl Drop for EventListener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}
