//! Helpers shared by the integration tests: an in-process emulator on port 0, a client
//! that speaks through `connect-participant`'s request types, and bounded websocket reads.
#![allow(dead_code)]

use std::time::Duration;

use connect_emulator::{AgentMode, Config, Emulator, Timing};
use connect_participant::frames::{ClientFrame, ServerFrame};
use connect_participant::{
    CreateParticipantConnection, Endpoint, Error, ErrorKind, HttpRequest, HttpResponse, Method,
    Operation,
};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

/// Sends a request built by the protocol crate; a transport failure (the emulator gone,
/// a fault that drops the connection) is an `Err` for tests that expect one.
pub async fn send_with(
    http: &reqwest::Client,
    request: HttpRequest,
) -> Result<HttpResponse, String> {
    let method = match request.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
    };
    let mut builder = http.request(method, &request.url);
    for (k, v) in &request.headers {
        builder = builder.header(*k, v);
    }
    if let Some(body) = request.body {
        builder = builder.body(body);
    }
    let response = builder.send().await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = response.text().await.map_err(|e| e.to_string())?;
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Short delays so tests run quickly; lifetimes stay as the service's unless a test shortens them.
pub fn fast_config(agent: AgentMode) -> Config {
    Config {
        agent,
        timing: Timing {
            agent_join: Duration::from_millis(20),
            agent_typing: Duration::from_millis(10),
            agent_reply: Duration::from_millis(10),
            bot_chunk: Duration::from_millis(5),
            scan: Duration::from_millis(20),
            ..Timing::default()
        },
        ..Config::default()
    }
}

pub struct Harness {
    pub emulator: Emulator,
    pub http: reqwest::Client,
}

pub struct Chat {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
    pub connection_token: String,
    pub ws_url: String,
}

impl Harness {
    pub async fn start(config: Config) -> Harness {
        let emulator = Emulator::start(config).await.expect("emulator starts");
        Harness {
            emulator,
            http: reqwest::Client::new(),
        }
    }

    pub async fn new() -> Harness {
        Harness::start(fast_config(AgentMode::None)).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.urls().participant_url)
    }

    /// Sends a request built by the protocol crate and returns the raw response.
    pub async fn send(&self, request: HttpRequest) -> HttpResponse {
        send_with(&self.http, request)
            .await
            .expect("request reaches the emulator")
    }

    /// Calls an operation and reads its answer with the protocol crate.
    pub async fn call<O: Operation>(&self, op: &O, token: &str) -> Result<O::Output, Error> {
        let endpoint = Endpoint::custom(self.emulator.urls().participant_url.clone());
        let request = op.to_http_request(&endpoint, token)?;
        O::from_http_response(&self.send(request).await)
    }

    /// A raw POST: status, response headers, JSON body (Null when not JSON).
    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut builder = self
            .http
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body);
        if let Some(token) = token {
            builder = builder.header("X-Amz-Bearer", token);
        }
        let response = builder.send().await.expect("request reaches the emulator");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.json().await.unwrap_or(Value::Null);
        (status, headers, body)
    }

    pub async fn control(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.emulator.urls().control_url))
            .json(&body)
            .send()
            .await
            .expect("control call");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn control_get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.emulator.urls().control_url))
            .send()
            .await
            .expect("control call")
            .json()
            .await
            .expect("control JSON")
    }

    /// StartChat as a backend would, then CreateParticipantConnection.
    pub async fn start_chat(&self, name: &str) -> Chat {
        self.start_chat_with(json!({ "ParticipantDetails": { "DisplayName": name } }))
            .await
    }

    pub async fn start_chat_with(&self, body: Value) -> Chat {
        let (status, _, started) = self.post_raw("/start-chat", None, body.to_string()).await;
        assert_eq!(status, 200, "{started}");
        let participant_token = started["ParticipantToken"].as_str().unwrap().to_owned();
        let connection = self
            .call(
                &CreateParticipantConnection::websocket_and_credentials(),
                &participant_token,
            )
            .await
            .expect("connection");
        Chat {
            contact_id: started["ContactId"].as_str().unwrap().to_owned(),
            participant_id: started["ParticipantId"].as_str().unwrap().to_owned(),
            participant_token,
            connection_token: connection
                .connection_credentials
                .unwrap()
                .connection_token
                .unwrap(),
            ws_url: connection.websocket.unwrap().url.unwrap(),
        }
    }

    pub async fn transcript(&self, contact_id: &str) -> Vec<Value> {
        self.control_get(&format!("/contacts/{contact_id}/transcript"))
            .await["Transcript"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Polls the control transcript until `pred` holds for some item (at most ~5 s).
    pub async fn wait_item(&self, contact_id: &str, pred: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..250 {
            if let Some(item) = self
                .transcript(contact_id)
                .await
                .into_iter()
                .find(|i| pred(i))
            {
                return item;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!(
            "no matching item in {contact_id}: {:?}",
            self.transcript(contact_id).await
        );
    }
}

/// Opens the websocket and subscribes.
pub async fn subscribe(url: &str) -> Ws {
    let (mut ws, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("websocket opens");
    ws.send(Message::Text(ClientFrame::Subscribe.to_json().into()))
        .await
        .unwrap();
    match next_frame(&mut ws).await {
        Some(ServerFrame::Subscribed { ok: true, .. }) => ws,
        other => panic!("subscribe answered {other:?}"),
    }
}

/// The next text frame within 5 s, parsed; `None` if the socket ended.
pub async fn next_frame(ws: &mut Ws) -> Option<ServerFrame> {
    next_frame_within(ws, Duration::from_secs(5))
        .await
        .expect("a frame within 5 s")
}

/// `Err(())` on timeout, `Ok(None)` when the socket ended.
pub async fn next_frame_within(ws: &mut Ws, limit: Duration) -> Result<Option<ServerFrame>, ()> {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .map_err(|_| ())?;
        match msg {
            Some(Ok(Message::Text(text))) => {
                return Ok(Some(
                    ServerFrame::parse(text.as_str()).expect("frame parses"),
                ))
            }
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return Ok(None),
            Some(Ok(_)) => continue,
        }
    }
}

/// Reads frames until a chat item matches (at most 5 s per frame).
pub async fn wait_chat(
    ws: &mut Ws,
    pred: impl Fn(&connect_participant::model::Item) -> bool,
) -> connect_participant::model::Item {
    for _ in 0..1000 {
        match next_frame(ws).await {
            Some(ServerFrame::Chat(item)) if pred(&item) => return *item,
            Some(_) => continue,
            None => panic!("socket ended while waiting"),
        }
    }
    panic!("no matching chat frame in 1000 frames");
}

/// The next `aws/chat` item as raw JSON, with any member the model does not declare
/// (within 5 s; other frames are skipped).
pub async fn next_raw_item(ws: &mut Ws) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .expect("a chat item within 5 s");
        match msg {
            Some(Ok(Message::Text(text))) => {
                let frame: Value = serde_json::from_str(text.as_str()).expect("frame is JSON");
                if frame["topic"] == "aws/chat" {
                    let content = frame["content"].as_str().expect("the item is a string");
                    return serde_json::from_str(content).expect("the item is JSON");
                }
            }
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => panic!("socket ended"),
            Some(Ok(_)) => {}
        }
    }
}

/// The scripted agent, joining after the test has subscribed.
pub async fn scripted() -> (Harness, Chat, Ws) {
    let mut config = fast_config(AgentMode::Scripted);
    // The socket carries live items only: the agent must join after the test has subscribed,
    // even on a busy machine, or the join and greeting the tests wait for are never seen.
    config.timing.agent_join = Duration::from_millis(500);
    let h = Harness::start(config).await;
    let chat = h.start_chat("Ann").await;
    let ws = subscribe(&chat.ws_url).await;
    (h, chat, ws)
}

/// The customer sends `text`.
pub async fn say(h: &Harness, chat: &Chat, text: &str) {
    h.call(
        &connect_participant::SendMessage::text(text),
        &chat.connection_token,
    )
    .await
    .unwrap();
}

/// An agent MESSAGE.
pub fn from_agent_message(i: &connect_participant::model::Item) -> bool {
    use connect_participant::model::{ChatItemType, ParticipantRole};
    i.kind == Some(ChatItemType::Message) && i.participant_role == Some(ParticipantRole::Agent)
}

/// A SYSTEM MESSAGE (a bot's or a flow's).
pub fn from_system_message(i: &connect_participant::model::Item) -> bool {
    use connect_participant::model::{ChatItemType, ParticipantRole};
    i.kind == Some(ChatItemType::Message) && i.participant_role == Some(ParticipantRole::System)
}

pub async fn send_text(ws: &mut Ws, text: &str) {
    ws.send(Message::Text(text.to_owned().into()))
        .await
        .unwrap();
}

/// The service exception a failed call names.
pub fn kind<T: std::fmt::Debug>(result: Result<T, Error>) -> ErrorKind {
    result
        .unwrap_err()
        .kind()
        .cloned()
        .expect("a service error")
}
