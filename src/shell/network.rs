//! Whether the browser is online, and whether the page is visible, with change events.

use super::listener::EventListener;

/// `navigator.onLine`; `true` outside a browser (nothing to wait for).
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `callback(true)` on `online` and `callback(false)` on `offline` while the returned
/// listeners live.
pub fn watch_online(callback: impl Fn(bool) + Clone + 'static) -> Vec<EventListener> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let on = callback.clone();
    vec![
        EventListener::new(&window, "online", move |_| on(true)),
        EventListener::new(&window, "offline", move |_| callback(false)),
    ]
}

/// Whether the page is visible (`document.visibilityState == "visible"`).
pub fn is_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Calls `callback(visible)` on every `visibilitychange` while the returned listener lives.
pub fn watch_visibility(callback: impl Fn(bool) + 'static) -> Option<EventListener> {
    let document = web_sys::window()?.document()?;
    Some(EventListener::new(
        &document,
        "visibilitychange",
        move |_| callback(is_visible()),
    ))
}
