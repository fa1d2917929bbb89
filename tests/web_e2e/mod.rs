//! Against a running `connect-emulator`: the shell's fetch, socket and upload, and the whole
//! widget through a chat.
//!
//! The emulator's participant URL comes from `CONNECT_EMULATOR_URL` at build time, e.g.
//! `CONNECT_EMULATOR_URL=http://127.0.0.1:8710`. Without it these tests say so and pass
//! vacuously, so the component tests still run on a machine without the emulator.

mod start;

use std::cell::RefCell;
use std::rc::Rc;

use connect_chat_widget::shell::fetch;
use connect_chat_widget::shell::socket::{Socket, SocketEvent};
use connect_chat_widget::shell::upload::{Upload, UploadEvent};
use connect_participant::session::StartChat;
use connect_participant::{
    CreateParticipantConnection, CreateParticipantConnectionResponse, Endpoint, ErrorKind,
    Operation, SendMessage, StartAttachmentUpload,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

use crate::web_shell::sleep;

fn emulator() -> Option<&'static str> {
    let url = option_env!("CONNECT_EMULATOR_URL");
    if url.is_none() {
        web_sys::console::log_1(
            &"CONNECT_EMULATOR_URL not set at build time: emulator test skipped".into(),
        );
    }
    url
}

async fn call<O: Operation>(
    base: &str,
    op: &O,
    token: &str,
) -> Result<O::Output, connect_participant::Error> {
    let request = op.to_http_request(&Endpoint::custom(base), token).unwrap();
    let response = fetch::send(&request).await.expect("the emulator answers");
    O::from_http_response(&response)
}

/// Starts a chat and connects: (start, connection token, websocket URL).
async fn connect(base: &str, name: &str) -> (StartChat, String, String) {
    let body = serde_json::json!({"ParticipantDetails": {"DisplayName": name}}).to_string();
    let text = fetch::post_json(&format!("{base}/start-chat"), body)
        .await
        .unwrap();
    let start = StartChat::from_json(&text).unwrap();
    let CreateParticipantConnectionResponse {
        websocket,
        connection_credentials,
        ..
    } = call(
        base,
        &CreateParticipantConnection::websocket_and_credentials(),
        &start.participant_token,
    )
    .await
    .unwrap();
    let token = connection_credentials.unwrap().connection_token.unwrap();
    (start, token, websocket.unwrap().url.unwrap())
}

#[wasm_bindgen_test]
async fn fetch_maps_service_errors_with_cors_readable_headers() {
    let Some(base) = emulator() else { return };
    let err = call(base, &SendMessage::text("hi"), "not-a-token")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::AccessDenied), "{err:?}");
    let request = SendMessage::text("hi")
        .to_http_request(&Endpoint::custom(base), "x")
        .unwrap();
    let response = fetch::send(&request).await.unwrap();
    assert_eq!(response.status, 403);
    assert_eq!(
        response
            .header("x-amzn-ErrorType")
            .map(|h| h.split(':').next().unwrap()),
        Some("AccessDeniedException")
    );
}

#[wasm_bindgen_test]
async fn socket_subscribes_and_closes_on_drop() {
    let Some(base) = emulator() else { return };
    let (_, _, url) = connect(base, "Socket").await;
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    let socket = Socket::open(&url, move |e| sink.borrow_mut().push(e)).unwrap();
    for _ in 0..100 {
        if events.borrow().contains(&SocketEvent::Opened) {
            break;
        }
        sleep(20).await;
    }
    socket
        .send(&connect_participant::frames::ClientFrame::Subscribe.to_json())
        .unwrap();
    let subscribed = |events: &[SocketEvent]| {
        events.iter().any(|e| matches!(e, SocketEvent::Text(t) if t.contains("aws/subscribe") && t.contains("success")))
    };
    for _ in 0..100 {
        if subscribed(&events.borrow()) {
            break;
        }
        sleep(20).await;
    }
    assert!(subscribed(&events.borrow()), "{:?}", events.borrow());
    let seen = events.borrow().len();
    drop(socket);
    sleep(300).await;
    assert_eq!(events.borrow().len(), seen, "nothing after drop");
}

#[wasm_bindgen_test]
async fn upload_put_carries_the_signed_headers() {
    let Some(base) = emulator() else { return };
    let (_, token, _) = connect(base, "Uploader").await;
    let bytes = b"hello attachment".to_vec();
    let start = StartAttachmentUpload {
        content_type: "text/plain".into(),
        attachment_size_in_bytes: bytes.len() as i64,
        attachment_name: "note.txt".into(),
        client_token: connect_chat_widget::shell::random::uuid(),
    };
    let out = call(base, &start, &token).await.unwrap();
    let meta = out.upload_metadata.unwrap();
    let headers: Vec<(String, String)> = meta.headers_to_include.unwrap().into_iter().collect();
    let url = meta.url.unwrap();

    let put = |body: &[u8]| {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(body));
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap();
        let result = Rc::new(RefCell::new(None));
        let progress = Rc::new(RefCell::new(0.0));
        let (r, p) = (result.clone(), progress.clone());
        let upload = Upload::start(&url, &headers, &blob, move |e| match e {
            UploadEvent::Progress { loaded, .. } => *p.borrow_mut() = loaded,
            UploadEvent::Done(done) => *r.borrow_mut() = Some(done),
        })
        .unwrap();
        (upload, result, progress)
    };
    let (_upload, result, progress) = put(&bytes);
    for _ in 0..150 {
        if result.borrow().is_some() {
            break;
        }
        sleep(20).await;
    }
    let response = result
        .borrow_mut()
        .take()
        .expect("finished")
        .expect("reached S3");
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(*progress.borrow(), bytes.len() as f64);

    // A body of another size breaks the signed Content-Length: S3 refuses it.
    let (_upload, result, _) = put(b"a different, longer body than declared");
    for _ in 0..150 {
        if result.borrow().is_some() {
            break;
        }
        sleep(20).await;
    }
    let response = result
        .borrow_mut()
        .take()
        .expect("finished")
        .expect("reached S3");
    assert_eq!(response.status, 403, "{}", response.body);
}

fn widget_text(host: &web_sys::Element) -> String {
    host.shadow_root()
        .and_then(|s| s.text_content())
        .unwrap_or_default()
}

async fn wait_for(host: &web_sys::Element, needle: &str, what: &str) {
    for _ in 0..300 {
        if widget_text(host).contains(needle) {
            return;
        }
        sleep(30).await;
    }
    panic!(
        "{what}: {needle:?} never showed; the widget shows {:?}",
        widget_text(host)
    );
}

/// Payloads heard, as JSON.
type Heard = Rc<RefCell<Vec<serde_json::Value>>>;

/// The payloads `handle` gives listeners of `event`; the closure must live as long.
fn listen(
    handle: &connect_chat_widget::ChatHandle,
    event: &str,
) -> (Heard, wasm_bindgen::closure::Closure<dyn FnMut(JsValue)>) {
    let heard = Rc::new(RefCell::new(Vec::new()));
    let sink = heard.clone();
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |p: JsValue| {
        sink.borrow_mut()
            .push(serde_wasm_bindgen::from_value(p).expect("a plain object"));
    });
    handle.on(
        event.into(),
        closure.as_ref().unchecked_ref::<js_sys::Function>().clone(),
    );
    (heard, closure)
}

/// What `sendMessage` settled with: the Id, or the error's code.
async fn sent(handle: &connect_chat_widget::ChatHandle, text: &str) -> Result<String, String> {
    wasm_bindgen_futures::JsFuture::from(handle.send_message(text.into()))
        .await
        .map(|id| id.as_string().expect("an Id"))
        .map_err(|e| {
            assert!(e.is_instance_of::<js_sys::Error>(), "rejects with an Error");
            js_sys::Reflect::get(&e, &"code".into())
                .unwrap()
                .as_string()
                .expect("a code")
        })
}

/// The emulator's transcript of contact `id`.
async fn transcript(base: &str, id: &str) -> Vec<serde_json::Value> {
    let body = control_get(base, &format!("/contacts/{id}/transcript")).await;
    body["Transcript"].as_array().cloned().unwrap_or_default()
}

/// Mounts the widget with `options` on a page with nothing stored: its handle and its host
/// element.
fn mount_fresh(options: serde_json::Value) -> (connect_chat_widget::ChatHandle, web_sys::Element) {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let options = js_sys::JSON::parse(&options.to_string()).unwrap();
    let handle = connect_chat_widget::mount(options).expect("mounts");
    let host = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .query_selector("[data-connect-chat]")
        .unwrap()
        .expect("a host element");
    (handle, host)
}

#[wasm_bindgen_test]
async fn a_whole_chat_through_the_widget() {
    let Some(base) = emulator() else { return };
    let (handle, host) = mount_fresh(serde_json::json!({
        "startChatUrl": format!("{base}/start-chat"),
        "participantEndpoint": base,
        "displayName": "Tess",
        "open": true,
        "locale": "en",
    }));
    let document = web_sys::window().unwrap().document().unwrap();
    let shadow = host.shadow_root().expect("an open shadow root");
    assert_eq!(
        shadow.adopted_style_sheets().length(),
        1,
        "styles live in the shadow root, as a constructed sheet (no inline <style>)"
    );
    assert!(shadow.query_selector("style").unwrap().is_none());
    assert_eq!(handle.status(), "idle");
    assert_eq!(sent(&handle, "too early").await, Err("not_started".into()));
    let (messages, _keep) = listen(&handle, "message");
    submit_prechat(&host);
    wait_for(&host, "emulator's agent", "the agent's greeting").await;
    assert_eq!(sent(&handle, "  ").await, Err("empty".into()));
    assert_eq!(
        sent(&handle, &"x".repeat(1025)).await,
        Err("too_long".into()),
        "longer than the default maxMessageLength"
    );
    let id = sent(&handle, "ping from the widget")
        .await
        .expect("the service took it");
    wait_for(&host, "ping from the widget", "the customer's message").await;
    assert_eq!(handle.status(), "connected");
    let contact = stored_snapshot().expect("a stored chat").contact_id;
    let items = transcript(base, &contact).await;
    let mine = items
        .iter()
        .find(|i| i["Id"] == id.as_str())
        .unwrap_or_else(|| panic!("{id} in the transcript {items:?}"));
    assert_eq!(mine["Content"], "ping from the widget");
    let greeting = messages
        .borrow()
        .iter()
        .find(|m| {
            m["content"]
                .as_str()
                .unwrap_or("")
                .contains("emulator's agent")
        })
        .cloned()
        .expect("the greeting was a message event");
    let at_service = items
        .iter()
        .find(|i| i["Id"] == greeting["id"])
        .unwrap_or_else(|| panic!("{greeting} in the transcript {items:?}"));
    assert_eq!(greeting["time"], at_service["AbsoluteTime"], "{greeting}");
    assert_eq!(greeting["role"], "agent", "{greeting}");
    assert_eq!(greeting["name"], at_service["DisplayName"], "{greeting}");
    assert_eq!(
        greeting["contentType"], at_service["ContentType"],
        "{greeting}"
    );
    // The service refuses the next one for good: the promise says so.
    control(
        base,
        "/faults",
        serde_json::json!({ "operation": "SendMessage", "error": "ValidationException" }),
    )
    .await;
    assert_eq!(
        sent(&handle, "refused by the service").await,
        Err("failed".into())
    );
    let stored = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item("connect-chat:session")
        .unwrap();
    assert!(
        stored.is_some_and(|s| s.contains("ParticipantToken") || s.contains("participant_token")),
        "the session is stored for a reload"
    );
    handle.end();
    wait_for(&host, "Download transcript", "the ended panel").await;
    let stored = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item("connect-chat:session")
        .unwrap();
    assert!(stored.is_none(), "the stored session is cleared at the end");
    assert_eq!(handle.status(), "ended");
    assert_eq!(sent(&handle, "after the end").await, Err("ended".into()));
    handle.destroy();
    assert!(document
        .query_selector("[data-connect-chat]")
        .unwrap()
        .is_none());
    // A destroyed handle is inert, not a crash.
    handle.open();
    handle.end();
    assert_eq!(sent(&handle, "late").await, Err("destroyed".into()));
    handle.destroy();
}

#[wasm_bindgen_test]
async fn a_reload_resumes_the_same_chat_with_its_transcript() {
    let Some(base) = emulator() else { return };
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage.clear().unwrap();
    let options = || {
        js_sys::JSON::parse(
            &serde_json::json!({
                "startChatUrl": format!("{base}/start-chat"),
                "participantEndpoint": base,
                "displayName": "Rita",
                "open": true,
            })
            .to_string(),
        )
        .unwrap()
    };
    let document = web_sys::window().unwrap().document().unwrap();
    let first = connect_chat_widget::mount(options()).unwrap();
    let host = document
        .query_selector("[data-connect-chat]")
        .unwrap()
        .unwrap();
    submit_prechat(&host);
    wait_for(&host, "emulator's agent", "the greeting").await;
    sent(&first, "before the reload").await.unwrap();
    wait_for(&host, "before the reload", "the message").await;
    let stored = storage
        .get_item("connect-chat:session")
        .unwrap()
        .expect("stored");
    // Like a reload: the page goes away without ending the chat; a new page mounts again.
    first.destroy();
    let second = connect_chat_widget::mount(options()).unwrap();
    let host = document
        .query_selector("[data-connect-chat]")
        .unwrap()
        .unwrap();
    wait_for(&host, "before the reload", "the transcript after resuming").await;
    wait_for(
        &host,
        "emulator's agent",
        "the agent's greeting after resuming",
    )
    .await;
    assert!(
        host.shadow_root()
            .unwrap()
            .query_selector("form")
            .unwrap()
            .is_none(),
        "no pre-chat form: the chat resumed"
    );
    let contact_of = |text: &str| {
        serde_json::from_str::<connect_participant::session::Snapshot>(text)
            .unwrap()
            .contact_id
    };
    let now_stored = storage
        .get_item("connect-chat:session")
        .unwrap()
        .expect("still stored");
    assert_eq!(
        contact_of(&now_stored),
        contact_of(&stored),
        "the same contact"
    );
    second.end();
    wait_for(&host, "Download transcript", "the end").await;
    second.destroy();
}

/// Records every `fetch` the page makes as (URL, `X-Amz-Bearer`) until dropped.
struct FetchLog {
    original: JsValue,
}

impl FetchLog {
    fn install() -> FetchLog {
        let window = web_sys::window().unwrap();
        let original = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
        // Reads the Request's URL and headers only, so the body stays unread for the real fetch.
        let wrap = js_sys::Function::new_with_args(
            "original",
            "window.__ccFetchLog = [];
             return function (input, init) {
               window.__ccFetchLog.push([String(input.url || input),
                 (input.headers && input.headers.get('x-amz-bearer')) || '']);
               return original.call(window, input, init);
             };",
        );
        let patched = wrap.call1(&JsValue::NULL, &original).unwrap();
        js_sys::Reflect::set(&window, &"fetch".into(), &patched).unwrap();
        FetchLog { original }
    }

    /// (URL, bearer token) of every call so far.
    fn calls(&self) -> Vec<(String, String)> {
        let window = web_sys::window().unwrap();
        let log = js_sys::Reflect::get(&window, &"__ccFetchLog".into()).unwrap();
        js_sys::Array::from(&log)
            .iter()
            .map(|pair| {
                let pair = js_sys::Array::from(&pair);
                (
                    pair.get(0).as_string().unwrap_or_default(),
                    pair.get(1).as_string().unwrap_or_default(),
                )
            })
            .collect()
    }
}

impl Drop for FetchLog {
    fn drop(&mut self) {
        let window = web_sys::window().unwrap();
        let _ = js_sys::Reflect::set(&window, &"fetch".into(), &self.original);
    }
}

/// Whether the emulator says contact `id` has ended.
async fn contact_ended(base: &str, id: &str) -> bool {
    let value = control_get(base, &format!("/contacts/{id}/transcript")).await;
    value["Ended"].as_bool().expect("an Ended field")
}

fn button(host: &web_sys::Element, label: &str) -> web_sys::HtmlElement {
    let shadow = host.shadow_root().unwrap();
    let all = shadow.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.get(i))
        .find(|b| b.text_content().is_some_and(|t| t.contains(label)))
        .unwrap_or_else(|| panic!("no {label:?} button in {:?}", widget_text(host)))
        .unchecked_into()
}

fn submit_prechat(host: &web_sys::Element) {
    let form: web_sys::HtmlFormElement = host
        .shadow_root()
        .unwrap()
        .query_selector("form")
        .unwrap()
        .expect("the pre-chat form")
        .unchecked_into();
    form.request_submit().unwrap();
}

/// After the end: presses "Start a new chat", fills in the pre-chat form, waits for the
/// agent's greeting and returns the new chat's stored snapshot.
async fn start_new_chat(host: &web_sys::Element) -> connect_participant::session::Snapshot {
    button(host, "Start a new chat").click();
    for _ in 0..100 {
        if host
            .shadow_root()
            .unwrap()
            .query_selector("form")
            .unwrap()
            .is_some()
        {
            break;
        }
        sleep(20).await;
    }
    submit_prechat(host);
    wait_for(host, "emulator's agent", "the second chat's greeting").await;
    stored_snapshot().expect("the second chat is stored")
}

fn stored_snapshot() -> Option<connect_participant::session::Snapshot> {
    let text = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item("connect-chat:session")
        .unwrap()?;
    Some(serde_json::from_str(&text).unwrap())
}

fn network_event(name: &str) {
    let window = web_sys::window().unwrap();
    window
        .dispatch_event(&web_sys::Event::new(name).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_chat_ended_offline_says_goodbye_when_online_while_the_next_chat_runs() {
    let Some(base) = emulator() else { return };
    let (handle, host) = mount_fresh(serde_json::json!({
        "startChatUrl": format!("{base}/start-chat"),
        "participantEndpoint": base,
        "displayName": "Otto",
        "open": true,
        "locale": "en",
    }));
    submit_prechat(&host);
    wait_for(&host, "emulator's agent", "the first chat's greeting").await;
    let first = stored_snapshot().expect("the first chat is stored");

    // The browser says the network went away; the customer ends the chat meanwhile.
    network_event("offline");
    sleep(50).await;
    handle.end();
    wait_for(&host, "Start a new chat", "the ended panel").await;
    sleep(300).await;
    assert!(
        !contact_ended(base, &first.contact_id).await,
        "offline: the service was not told yet"
    );

    let log = FetchLog::install();
    let second = start_new_chat(&host).await;
    assert_ne!(second.contact_id, first.contact_id);

    // Back online: the first chat's owed DisconnectParticipant goes out.
    network_event("online");
    let mut told = false;
    for _ in 0..100 {
        if contact_ended(base, &first.contact_id).await {
            told = true;
            break;
        }
        sleep(50).await;
    }
    assert!(told, "the first chat's contact is ended once online");

    // The second chat is untouched by the first one's goodbye.
    sent(&handle, "still here")
        .await
        .expect("the second chat takes messages");
    wait_for(&host, "You said: still here", "the agent's answer").await;
    assert!(!contact_ended(base, &second.contact_id).await);

    // After the first chat ended, its tokens went to the service once more: the goodbye.
    let old_tokens = [
        first.participant_token.clone(),
        first.connection_token.clone().unwrap_or_default(),
    ];
    let calls = log.calls();
    let stale: Vec<_> = calls
        .iter()
        .filter(|(_, token)| !token.is_empty() && old_tokens.contains(token))
        .collect();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0].0.ends_with("/participant/disconnect"), "{stale:?}");
    drop(log);
    handle.end();
    wait_for(&host, "Download transcript", "the second chat's end").await;
    handle.destroy();
}

/// A call to the emulator's control API; panics if it refuses.
async fn control(base: &str, path: &str, body: serde_json::Value) {
    fetch::post_json(&format!("{base}/_emulator{path}"), body.to_string())
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
}

/// The emulator's control API's answer to `GET {path}`.
async fn control_get(base: &str, path: &str) -> serde_json::Value {
    let request = connect_participant::HttpRequest {
        method: connect_participant::Method::Get,
        url: format!("{base}/_emulator{path}"),
        headers: Vec::new(),
        body: None,
    };
    let text = fetch::expect_success(&request)
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("the control API answers JSON")
}

#[wasm_bindgen_test]
async fn a_late_answer_for_a_finished_chat_does_not_reach_the_next() {
    let Some(base) = emulator() else { return };
    // Each chat's first GetTranscript is held, so the first chat's answer comes back while
    // the second chat waits for its own request with the same id.
    control(
        base,
        "/faults",
        serde_json::json!({"operation": "GetTranscript", "count": 2, "delay_ms": 4000}),
    )
    .await;
    let log = FetchLog::install();
    let (handle, host) = mount_fresh(serde_json::json!({
        "startChatUrl": format!("{base}/start-chat"),
        "participantEndpoint": base,
        "displayName": "Lena",
        "open": true,
        "locale": "en",
    }));
    submit_prechat(&host);
    let mut first = None;
    for _ in 0..100 {
        let asked = log
            .calls()
            .iter()
            .any(|(url, _)| url.ends_with("/participant/transcript"));
        if asked {
            first = stored_snapshot();
            break;
        }
        sleep(20).await;
    }
    let first = first.expect("the first chat asked for its transcript");
    control(
        base,
        &format!("/contacts/{}/end", first.contact_id),
        serde_json::json!({}),
    )
    .await;
    wait_for(&host, "Start a new chat", "the ended panel").await;
    let second = start_new_chat(&host).await;
    assert_ne!(second.contact_id, first.contact_id);
    // Both held answers are back by now.
    sleep(4500).await;
    sent(&handle, "second chat")
        .await
        .expect("the second chat takes messages");
    wait_for(&host, "You said: second chat", "the agent's answer").await;
    let text = widget_text(&host);
    assert!(
        !text.contains("no longer available") && !text.contains("has ended"),
        "{text}"
    );
    // The first chat's refused transcript was not taken for the second chat's: one
    // connection, no refresh after a 403 that was not its own.
    let connections = log
        .calls()
        .iter()
        .filter(|(url, token)| {
            url.ends_with("/participant/connection") && *token == second.participant_token
        })
        .count();
    assert_eq!(connections, 1, "{:?}", log.calls());
    // The second chat's own transcript answer was taken: the customer's join, which only
    // the transcript carries (it happened before the socket subscribed), shows.
    let text = widget_text(&host);
    assert!(
        text.contains("Lena joined the chat"),
        "the second chat's transcript was read: {text}"
    );
    drop(log);
    handle.end();
    wait_for(&host, "Download transcript", "the second chat's end").await;
    handle.destroy();
}
