//! The sans-IO chat session from `connect-participant`, driven over real HTTP and WebSocket
//! against the in-process emulator, through its fault injection: socket drops, stopped
//! heartbeats, error frames, 5xx and 429 answers, expired tokens, a reload from the
//! snapshot. At the end the customer's timeline equals the emulator's transcript.
//!
//! Lifetimes are shortened (websocket URLs 3 s, tokens 8 s, sockets kept 2 s) so refreshes
//! happen during the test; every wait is bounded.

mod common;

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::*;
use connect_emulator::{AgentMode, Config, Timing};
use connect_participant::model::{ChatItemType, Item};
use connect_participant::session::*;
use connect_participant::time::Millis;
use connect_participant::{Endpoint, HttpResponse};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

fn now_ms() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

enum SocketCommand {
    Send(String),
    Close,
}

/// A minimal native shell: carries the session's outputs out with reqwest and
/// tokio-tungstenite and feeds the results back.
struct Driver {
    session: Session,
    config: SessionConfig,
    http: reqwest::Client,
    tx: mpsc::UnboundedSender<Input>,
    rx: mpsc::UnboundedReceiver<Input>,
    sockets: HashMap<SocketId, mpsc::UnboundedSender<SocketCommand>>,
    events: Vec<Event>,
    persisted: Option<Snapshot>,
    sockets_opened: usize,
}

impl Driver {
    fn new(config: SessionConfig) -> Driver {
        let (tx, rx) = mpsc::unbounded_channel();
        Driver {
            session: Session::new(config.clone()),
            config,
            http: reqwest::Client::new(),
            tx,
            rx,
            sockets: HashMap::new(),
            events: Vec::new(),
            persisted: None,
            sockets_opened: 0,
        }
    }

    fn input(&mut self, input: Input) {
        self.session.handle(input, now_ms());
        self.drain();
    }

    fn drain(&mut self) {
        while let Some(output) = self.session.poll_output() {
            self.carry_out(output);
        }
    }

    fn carry_out(&mut self, output: Output) {
        match output {
            Output::Http { id, request } => {
                let http = self.http.clone();
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = send_with(&http, request).await;
                    let _ = tx.send(Input::HttpResponse { id, result });
                });
            }
            Output::PutAttachment {
                id, url, headers, ..
            } => {
                let http = self.http.clone();
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let mut builder = http.put(url).body(b"tiny".to_vec());
                    for (k, v) in headers {
                        builder = builder.header(k, v);
                    }
                    let result = match builder.send().await {
                        Ok(r) => Ok(HttpResponse::new(r.status().as_u16(), "")),
                        Err(e) => Err(e.to_string()),
                    };
                    let _ = tx.send(Input::HttpResponse { id, result });
                });
            }
            Output::OpenSocket { socket, url } => {
                self.sockets_opened += 1;
                let (cmd_tx, cmd_rx) = mpsc::unbounded_channel();
                self.sockets.insert(socket, cmd_tx);
                tokio::spawn(run_socket(socket, url, cmd_rx, self.tx.clone()));
            }
            Output::CloseSocket { socket } => {
                if let Some(cmd) = self.sockets.remove(&socket) {
                    let _ = cmd.send(SocketCommand::Close);
                }
            }
            Output::SendFrame { socket, text } => {
                if let Some(cmd) = self.sockets.get(&socket) {
                    let _ = cmd.send(SocketCommand::Send(text));
                }
            }
            Output::Persist(snapshot) => self.persisted = Some(snapshot),
            Output::ClearPersisted => self.persisted = None,
            Output::Event(event) => self.events.push(event),
        }
    }

    /// Runs the session until `done` holds or `limit` passes; true if it held.
    async fn run_until(&mut self, limit: Duration, done: impl Fn(&Driver) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            self.drain();
            if done(self) {
                return true;
            }
            let wake = self
                .session
                .poll_timeout()
                .map(|t| Duration::from_millis((t - now_ms()).max(0) as u64))
                .unwrap_or(limit);
            tokio::select! {
                input = self.rx.recv() => {
                    if let Some(input) = input {
                        self.session.handle(input, now_ms());
                    }
                }
                _ = tokio::time::sleep(wake) => self.session.handle_timeout(now_ms()),
                _ = tokio::time::sleep_until(deadline) => return false,
            }
        }
    }

    async fn run_for(&mut self, time: Duration) {
        self.run_until(time, |_| false).await;
    }

    /// A page reload: the sockets go away and a new session resumes from the snapshot.
    fn reload(&mut self, seed: u64) {
        for (_, cmd) in self.sockets.drain() {
            let _ = cmd.send(SocketCommand::Close);
        }
        let snapshot = self.persisted.clone().expect("a snapshot");
        let (tx, rx) = mpsc::unbounded_channel();
        self.tx = tx;
        self.rx = rx;
        let mut config = self.config.clone();
        config.jitter_seed = seed;
        self.session = Session::new(config);
        self.input(Input::Resume(snapshot));
    }

    fn ids(&self) -> Vec<String> {
        self.session
            .timeline()
            .entries()
            .filter_map(|e| e.id.clone())
            .collect()
    }

    fn connected(&self) -> bool {
        self.session.status() == ConnectionStatus::Connected
    }
}

async fn run_socket(
    socket: SocketId,
    url: String,
    mut commands: mpsc::UnboundedReceiver<SocketCommand>,
    tx: mpsc::UnboundedSender<Input>,
) {
    let ws = match tokio_tungstenite::connect_async(url.as_str()).await {
        Ok((ws, _)) => ws,
        Err(e) => {
            let _ = tx.send(Input::SocketError {
                socket,
                message: e.to_string(),
            });
            return;
        }
    };
    let _ = tx.send(Input::SocketOpened { socket });
    let (mut write, mut read) = ws.split();
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                Some(SocketCommand::Send(text)) => {
                    if write.send(Message::Text(text.into())).await.is_err() {
                        let _ = tx.send(Input::SocketError { socket, message: "send failed".into() });
                        return;
                    }
                }
                Some(SocketCommand::Close) | None => {
                    let _ = write.close().await;
                    return;
                }
            },
            message = read.next() => match message {
                Some(Ok(Message::Text(text))) => {
                    let _ = tx.send(Input::SocketText { socket, text: text.to_string() });
                }
                Some(Ok(Message::Close(frame))) => {
                    let code = frame.map(|f| u16::from(f.code));
                    let _ = tx.send(Input::SocketClosed { socket, code });
                    return;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    let _ = tx.send(Input::SocketError { socket, message: e.to_string() });
                    return;
                }
                None => {
                    let _ = tx.send(Input::SocketClosed { socket, code: None });
                    return;
                }
            },
        }
    }
}

/// The emulator's transcript as the timeline should show it: ordered by (time, Id).
async fn server_ids(h: &Harness, contact_id: &str) -> Vec<String> {
    let mut items: Vec<Item> = h
        .transcript(contact_id)
        .await
        .into_iter()
        .filter_map(|v| serde_json::from_value::<Item>(v).ok())
        .filter(is_timeline_item)
        .collect();
    items.sort_by_key(|i| (i.time_millis(), i.id.clone()));
    items.into_iter().filter_map(|i| i.id).collect()
}

async fn agent_says(h: &Harness, contact_id: &str, text: &str) {
    let (status, body) = h
        .control(
            &format!("/contacts/{contact_id}/agent/messages"),
            json!({"Content": text, "ContentType": "text/plain"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn fault(h: &Harness, body: serde_json::Value) {
    let (status, answer) = h.control("/faults", body).await;
    assert_eq!(status, 200, "{answer}");
}

/// Waits until the client shows exactly the emulator's transcript.
async fn converge(d: &mut Driver, h: &Harness, contact_id: &str, what: &str) {
    for _ in 0..40 {
        let expected = server_ids(h, contact_id).await;
        if d.run_until(Duration::from_millis(250), |d| {
            d.connected() && d.ids() == expected && d.session.timeline().pending().count() == 0
        })
        .await
        {
            return;
        }
    }
    panic!(
        "{what}: the timeline did not converge\n client {:?}\n server {:?}\n status {:?}",
        d.ids(),
        server_ids(h, contact_id).await,
        d.session.status()
    );
}

fn customer_copies(d: &Driver, text: &str) -> usize {
    d.session
        .timeline()
        .entries()
        .filter(|e| e.mine && e.item.kind == Some(ChatItemType::Message))
        .filter(|e| e.item.content.as_deref() == Some(text))
        .count()
}

#[tokio::test]
async fn the_session_survives_the_emulators_faults_and_ends_with_its_transcript() {
    let h = Harness::start(Config {
        agent: AgentMode::None,
        timing: Timing {
            websocket_url_ttl: Duration::from_secs(3),
            connection_token_ttl: Duration::from_secs(8),
            ..fast_config(AgentMode::None).timing
        },
        ..Config::default()
    })
    .await;
    let (status, _, started) = h
        .post_raw(
            "/start-chat",
            None,
            json!({"ParticipantDetails": {"DisplayName": "Ada"}}).to_string(),
        )
        .await;
    assert_eq!(status, 200);
    let start = StartChat::from_json(&started.to_string()).expect("start-chat answer reads");
    let contact = start.contact_id.clone();

    let mut config = SessionConfig::new(
        Endpoint::custom(h.emulator.urls().participant_url.clone()),
        42,
    );
    config.heartbeat_interval = 300;
    config.ping_interval = Some(1_000);
    config.socket_refresh_margin = 1_000;
    config.socket_max_age = 2_000;
    config.token_refresh_margin = 2_000;
    config.reconnect_initial = 100;
    config.reconnect_max = 1_000;
    config.receipt_interval = 100;
    config.subscribe_timeout = 1_000;
    config.transcript_page_size = 3;
    let mut d = Driver::new(config);

    d.input(Input::Start(start));
    assert!(
        d.run_until(Duration::from_secs(5), Driver::connected).await,
        "connects"
    );

    // Plain conversation.
    for i in 0..3 {
        agent_says(&h, &contact, &format!("agent {i}")).await;
        d.input(Input::text(format!("customer {i}"), format!("tok-{i}")));
    }
    converge(&mut d, &h, &contact, "conversation").await;

    // The socket drops while messages are sent both ways.
    fault(&h, json!({"socket": "drop"})).await;
    for i in 0..4 {
        agent_says(&h, &contact, &format!("during drop {i}")).await;
    }
    d.input(Input::text("sent during drop", "tok-drop"));
    converge(&mut d, &h, &contact, "socket drop").await;

    // Heartbeats stop being answered: the socket is declared dead and replaced.
    let opened = d.sockets_opened;
    fault(&h, json!({"heartbeat": "stop"})).await;
    agent_says(&h, &contact, "while heartbeats stop").await;
    d.run_for(Duration::from_millis(900)).await;
    fault(&h, json!({"heartbeat": "resume"})).await;
    converge(&mut d, &h, &contact, "heartbeat loss").await;
    assert!(d.sockets_opened > opened);

    // An error frame, then 5xx and 429 answers to sends.
    fault(&h, json!({"socket_error_frame": true})).await;
    fault(
        &h,
        json!({"operation": "SendMessage", "count": 2, "error": "InternalServerException"}),
    )
    .await;
    fault(
        &h,
        json!({"operation": "SendMessage", "count": 1, "error": "ThrottlingException"}),
    )
    .await;
    d.input(Input::text("retried", "tok-retried"));
    converge(&mut d, &h, &contact, "5xx and 429").await;
    assert_eq!(customer_copies(&d, "retried"), 1);

    // The tokens expire under us: a new connection is made and the send goes through.
    fault(&h, json!({"expire_tokens": true})).await;
    d.input(Input::text("after expiry", "tok-expiry"));
    agent_says(&h, &contact, "after expiry too").await;
    converge(&mut d, &h, &contact, "token expiry").await;

    // Time passes: sockets (after 2 s, with a fresh URL once the last is past its usable
    // 2 s) and tokens (8 s) are renewed on schedule.
    let opened = d.sockets_opened;
    d.run_for(Duration::from_secs(4)).await;
    assert!(d.sockets_opened > opened, "the socket was renewed");
    assert!(d.connected());
    assert!(d.events.iter().any(|e| matches!(
        e,
        Event::Ping {
            status_code: Some(200)
        }
    )));

    // A reload: the snapshot resumes the chat; older pages load on demand.
    agent_says(&h, &contact, "before reload").await;
    d.run_for(Duration::from_millis(200)).await;
    d.reload(7);
    assert!(
        d.run_until(Duration::from_secs(5), |d| d.connected()
            && d.session.transcript_loaded())
            .await
    );
    assert!(d.session.has_older(), "page size 3: older pages exist");
    for _ in 0..100 {
        if !d.session.has_older() {
            break;
        }
        let loaded = |d: &Driver| {
            d.events
                .iter()
                .filter(|e| matches!(e, Event::OlderLoaded { .. }))
                .count()
        };
        let before = loaded(&d);
        d.input(Input::LoadOlder);
        assert!(
            d.run_until(Duration::from_secs(2), |d| loaded(d) > before)
                .await
        );
    }
    converge(&mut d, &h, &contact, "reload").await;
    for text in ["customer 0", "sent during drop", "retried", "after expiry"] {
        assert_eq!(customer_copies(&d, text), 1, "{text}");
    }

    // The customer ends the chat.
    d.input(Input::End);
    assert!(d.session.is_ended());
    assert!(d.persisted.is_none());
    d.run_for(Duration::from_millis(300)).await;
    let contacts = h.control_get("/contacts").await;
    let ended = contacts.to_string();
    assert!(ended.contains(&contact), "{ended}");
}
