//! A WebSocket that owns its callbacks: dropping it closes the socket and unhooks them.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, Event, MessageEvent, WebSocket};

use crate::error::WidgetError;

/// What a socket reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SocketEvent {
    Opened,
    /// A text frame (binary frames are not part of the protocol and are ignored).
    Text(String),
    /// Closed by either side; the close code when the browser gives one.
    Closed {
        code: Option<u16>,
    },
    /// The browser reported an error; a close follows.
    Error(String),
}

/// An open (or opening) WebSocket. No event is reported after it is dropped.
pub struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Socket {
    /// Opens a socket to `url`; `on_event` receives its events until the socket is dropped.
    pub fn open(
        url: &str,
        on_event: impl Fn(SocketEvent) + 'static,
    ) -> Result<Socket, WidgetError> {
        let ws = WebSocket::new(url).map_err(|e| WidgetError::from_js("WebSocket", e))?;
        let on_event = std::rc::Rc::new(on_event);
        let f = on_event.clone();
        let on_open = Closure::<dyn FnMut(Event)>::new(move |_| f(SocketEvent::Opened));
        let f = on_event.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(text) = e.data().as_string() {
                f(SocketEvent::Text(text));
            }
        });
        let f = on_event.clone();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            f(SocketEvent::Closed {
                code: Some(e.code()),
            })
        });
        let f = on_event;
        // A WebSocket error event carries no detail by design (it would leak network facts).
        let on_error = Closure::<dyn FnMut(Event)>::new(move |_| {
            f(SocketEvent::Error("websocket error".into()))
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        ws.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Socket {
            ws,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
            _on_error: on_error,
        })
    }

    /// Sends a text frame; fails if the socket is not open.
    pub fn send(&self, text: &str) -> Result<(), WidgetError> {
        self.ws
            .send_with_str(text)
            .map_err(|e| WidgetError::from_js("WebSocket.send", e))
    }

    /// `CONNECTING`, `OPEN`, `CLOSING` or `CLOSED` (0..=3).
    pub fn ready_state(&self) -> u16 {
        self.ws.ready_state()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onerror(None);
        if self.ws.ready_state() < WebSocket::CLOSING {
            // 1000: a normal closure; close() only throws for invalid codes.
            let _ = self.ws.close_with_code(1000);
        }
    }
}
