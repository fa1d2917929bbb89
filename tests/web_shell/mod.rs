//! The browser shell: storage fallback, socket lifecycle, timers, fetch errors.

use std::cell::RefCell;
use std::rc::Rc;

use connect_chat_widget::shell::socket::{Socket, SocketEvent};
use connect_chat_widget::shell::storage::Store;
use connect_chat_widget::shell::timer::Timeout;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
fn storage_uses_session_storage_when_it_works() {
    let store = Store::open();
    assert!(store.is_persistent());
    store.set("connect-chat:test", "v1");
    let raw = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item("connect-chat:test")
        .unwrap();
    assert_eq!(raw.as_deref(), Some("v1"));
    store.remove("connect-chat:test");
    assert_eq!(store.get("connect-chat:test"), None);
}

#[wasm_bindgen_test]
fn storage_falls_back_to_memory_when_blocked() {
    let store = Store::open_with(|| Err(JsValue::from_str("SecurityError: access denied")));
    assert!(!store.is_persistent());
    store.set("k", "v");
    assert_eq!(store.get("k").as_deref(), Some("v"));
    store.remove("k");
    assert_eq!(store.get("k"), None);
}

#[wasm_bindgen_test]
fn storage_keeps_values_when_a_write_throws() {
    let store = Store::open();
    store.set("connect-chat:kept", "early");
    // Far beyond the ~5 MB sessionStorage quota: the write throws QuotaExceededError.
    let huge = "x".repeat(12 * 1024 * 1024);
    store.set("connect-chat:big", &huge);
    assert!(!store.is_persistent(), "switched to memory");
    assert_eq!(
        store.get("connect-chat:big").map(|v| v.len()),
        Some(huge.len())
    );
    assert_eq!(store.get("connect-chat:kept").as_deref(), Some("early"));
}

#[wasm_bindgen_test]
async fn socket_to_a_closed_port_reports_error_then_close() {
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    let socket = Socket::open("ws://127.0.0.1:9/", move |e| sink.borrow_mut().push(e)).unwrap();
    for _ in 0..50 {
        if events
            .borrow()
            .iter()
            .any(|e| matches!(e, SocketEvent::Closed { .. }))
        {
            break;
        }
        sleep(20).await;
    }
    let events = events.borrow();
    assert!(
        matches!(events.first(), Some(SocketEvent::Error(_))),
        "{events:?}"
    );
    assert!(
        matches!(
            events.last(),
            Some(SocketEvent::Closed { code: Some(1006) })
        ),
        "{events:?}"
    );
    drop(socket);
}

#[wasm_bindgen_test]
async fn a_dropped_socket_reports_nothing() {
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    let socket = Socket::open("ws://127.0.0.1:9/", move |e| sink.borrow_mut().push(e)).unwrap();
    drop(socket);
    sleep(200).await;
    assert!(events.borrow().is_empty(), "{:?}", events.borrow());
}

#[wasm_bindgen_test]
fn a_bad_socket_url_is_an_error_not_a_panic() {
    let err = Socket::open("ftp://127.0.0.1/", |_| {})
        .err()
        .expect("refused");
    assert!(err.to_string().starts_with("WebSocket:"), "{err}");
}

#[wasm_bindgen_test]
async fn timers_fire_once_and_cancel_on_drop() {
    let fired = Rc::new(RefCell::new(0));
    let f = fired.clone();
    let _kept = Timeout::new(10, move || *f.borrow_mut() += 1).unwrap();
    let f = fired.clone();
    let cancelled = Timeout::new(10, move || *f.borrow_mut() += 100).unwrap();
    drop(cancelled);
    sleep(80).await;
    assert_eq!(*fired.borrow(), 1);
}

#[wasm_bindgen_test]
async fn fetch_to_a_closed_port_is_a_network_error() {
    use connect_chat_widget::error::WidgetError;
    let request = connect_participant::HttpRequest {
        method: connect_participant::Method::Post,
        url: "http://127.0.0.1:9/participant/message".into(),
        headers: vec![("Content-Type", "application/json".into())],
        body: Some("{}".into()),
    };
    let err = connect_chat_widget::shell::fetch::send(&request)
        .await
        .unwrap_err();
    assert!(matches!(err, WidgetError::Network(_)), "{err:?}");
}

#[wasm_bindgen_test]
fn uuids_are_v4_and_distinct() {
    let a = connect_chat_widget::shell::random::uuid();
    let b = connect_chat_widget::shell::random::uuid();
    assert_ne!(a, b);
    assert_eq!(a.len(), 36);
    assert_eq!(&a[14..15], "4");
}
