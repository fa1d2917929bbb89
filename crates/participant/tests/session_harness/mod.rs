//! A simulated world for session tests: a simulated clock, an in-memory model of the
//! Participant Service (transcript, tokens, sockets, ClientToken idempotency) and a network
//! with injectable faults. No threads, no real time: everything is deterministic.

#![allow(dead_code)]

use std::collections::{HashSet, VecDeque};

use connect_participant::content::EventType;
use connect_participant::model::ChatItemType;
use connect_participant::session::*;
use connect_participant::time::Millis;
use connect_participant::*;

pub const CONTACT: &str = "contact-1";
pub const ME: &str = "customer-1";
pub const AGENT: &str = "agent-1";
pub const PARTICIPANT_TOKEN: &str = "participant-token-1";
/// A plausible wall clock start (2024-01-01T00:00:00Z), so timestamps look real.
pub const T0: Millis = 1_704_067_200_000;

mod server;

pub use server::*;

/// The session, the service and the clock.
pub struct World {
    pub now: Millis,
    pub session: Session,
    pub server: Server,
    pub online: bool,
    pub events: Vec<Event>,
    pub outputs: Vec<Output>,
    pub persisted: Option<Snapshot>,
    pub config: SessionConfig,
    inbox: VecDeque<Input>,
    /// Sockets the client has open (as far as the client side knows).
    client_sockets: HashSet<SocketId>,
    /// HTTP requests held back (not answered until released), by request id.
    pub held: Vec<(RequestId, HttpRequest)>,
    pub hold_http: bool,
    /// Attachment PUTs held back (not answered until released), by request id.
    pub held_puts: Vec<RequestId>,
    pub hold_puts: bool,
    /// The entries' keys as [`Event::Timeline`]'s diffs built them.
    mirror: Vec<String>,
}

pub fn config(seed: u64) -> SessionConfig {
    SessionConfig::new(Endpoint::custom("http://emu"), seed)
}

impl World {
    pub fn new(config: SessionConfig) -> World {
        World {
            now: T0,
            session: Session::new(config.clone()),
            server: Server::default(),
            online: true,
            events: Vec::new(),
            outputs: Vec::new(),
            persisted: None,
            config,
            inbox: VecDeque::new(),
            client_sockets: HashSet::new(),
            held: Vec::new(),
            hold_http: false,
            held_puts: Vec::new(),
            hold_puts: false,
            mirror: Vec::new(),
        }
    }

    /// A world whose chat has started, is connected, and has loaded its transcript.
    pub fn started(config: SessionConfig) -> World {
        let mut w = World::new(config);
        w.server.event(ME, EventType::ParticipantJoined, None);
        w.server.event(AGENT, EventType::ParticipantJoined, None);
        w.input(Input::Start(StartChat {
            contact_id: CONTACT.into(),
            participant_id: ME.into(),
            participant_token: PARTICIPANT_TOKEN.into(),
        }));
        assert_eq!(w.session.status(), ConnectionStatus::Connected);
        w
    }

    pub fn input(&mut self, input: Input) {
        self.server.now = self.now;
        self.session.handle(input, self.now);
        self.pump();
    }

    /// Carries out outputs and feeds back what they cause until nothing is left.
    pub fn pump(&mut self) {
        for _ in 0..200_000 {
            self.server.now = self.now;
            if let Some(output) = self.session.poll_output() {
                self.carry_out(output);
                continue;
            }
            if let Some(input) = self.inbox.pop_front() {
                self.session.handle(input, self.now);
                continue;
            }
            let keys: Vec<&String> = self.session.timeline().entries().map(|e| &e.key).collect();
            assert_eq!(
                self.mirror.iter().collect::<Vec<_>>(),
                keys,
                "the timeline's diffs replay to the timeline"
            );
            return;
        }
        panic!("the session did not settle");
    }

    fn collect_server_output(&mut self) {
        for (socket, text) in std::mem::take(&mut self.server.frames_out) {
            if self.client_sockets.contains(&socket) {
                self.inbox.push_back(Input::SocketText { socket, text });
            }
        }
        for socket in std::mem::take(&mut self.server.closed_out) {
            if self.client_sockets.remove(&socket) {
                self.inbox.push_back(Input::SocketClosed {
                    socket,
                    code: Some(1006),
                });
            }
        }
    }

    fn carry_out(&mut self, output: Output) {
        self.outputs.push(output.clone());
        match output {
            Output::Http { id, request } => {
                if self.hold_http {
                    self.held.push((id, request));
                    return;
                }
                self.answer(id, &request);
            }
            Output::PutAttachment { id, .. } => {
                if self.hold_puts {
                    self.held_puts.push(id);
                    return;
                }
                let result = if self.online {
                    Ok(HttpResponse::new(self.server.upload_put_status, ""))
                } else {
                    Err("offline".into())
                };
                self.inbox.push_back(Input::HttpResponse { id, result });
            }
            Output::OpenSocket { socket, url } => {
                if self.online && self.server.open(socket, &url) {
                    self.client_sockets.insert(socket);
                    self.inbox.push_back(Input::SocketOpened { socket });
                } else {
                    self.inbox.push_back(Input::SocketError {
                        socket,
                        message: "could not connect".into(),
                    });
                }
            }
            Output::CloseSocket { socket } => {
                self.client_sockets.remove(&socket);
                self.server.sockets.remove(&socket);
            }
            Output::SendFrame { socket, text } => {
                if self.online && self.client_sockets.contains(&socket) {
                    self.server.frame(socket, &text);
                    self.collect_server_output();
                }
            }
            Output::Persist(snapshot) => self.persisted = Some(snapshot),
            Output::ClearPersisted => self.persisted = None,
            Output::Event(event) => {
                if let Event::Timeline(diffs) = &event {
                    self.replay(diffs);
                }
                self.events.push(event)
            }
        }
    }

    /// Applies the timeline's diffs to the mirror, as a list renderer would.
    fn replay(&mut self, diffs: &[Diff]) {
        for diff in diffs {
            match diff {
                Diff::Insert { index, key } => self.mirror.insert(*index, key.clone()),
                Diff::Update { index } => assert!(*index < self.mirror.len(), "{diff:?}"),
                Diff::Remove { index } => {
                    self.mirror.remove(*index);
                }
            }
        }
    }

    fn answer(&mut self, id: RequestId, request: &HttpRequest) {
        let result = if self.online {
            self.server.http(request)
        } else {
            Err("offline".into())
        };
        if self.server.echo_first {
            self.collect_server_output();
            self.inbox.push_back(Input::HttpResponse { id, result });
        } else {
            self.inbox.push_back(Input::HttpResponse { id, result });
            self.collect_server_output();
        }
    }

    /// Answers the held requests now, in order.
    pub fn release(&mut self) {
        self.hold_http = false;
        for (id, request) in std::mem::take(&mut self.held) {
            self.answer(id, &request);
        }
        self.pump();
    }

    /// Lets `ms` of simulated time pass, waking the session whenever it asked to be.
    pub fn advance(&mut self, ms: Millis) {
        let target = self.now + ms;
        for _ in 0..100_000 {
            match self.session.poll_timeout() {
                Some(t) if t <= target => {
                    self.now = self.now.max(t);
                    self.server.now = self.now;
                    self.session.handle_timeout(self.now);
                    self.pump();
                }
                _ => {
                    self.now = target;
                    self.server.now = target;
                    return;
                }
            }
        }
        panic!(
            "timers did not settle at {} (next {:?}): {:#?}",
            self.now,
            self.session.poll_timeout(),
            self.session
        );
    }

    /// Server-side changes (agent messages, closed sockets) reach the client.
    pub fn deliver(&mut self) {
        self.collect_server_output();
        self.pump();
    }

    pub fn set_online(&mut self, online: bool, tell_session: bool) {
        self.online = online;
        if !online {
            // The network is gone: the sockets die without a word from the server.
            self.server.deafen_sockets();
        }
        if tell_session {
            self.input(Input::Online(online));
        }
    }

    /// Reload the page: a new session resumes from the stored snapshot.
    pub fn reload(&mut self, seed: u64) {
        let snapshot = self.persisted.clone().expect("a snapshot was persisted");
        // The old page's sockets go away with it.
        for socket in self.client_sockets.drain() {
            self.server.sockets.remove(&socket);
        }
        self.inbox.clear();
        self.held.clear();
        self.hold_http = false;
        let mut config = self.config.clone();
        config.jitter_seed = seed;
        self.session = Session::new(config);
        self.mirror.clear();
        self.input(Input::Resume(snapshot));
    }

    /// The contents of the customer's messages in order: on the service, and on screen.
    pub fn customer_messages(&self) -> (Vec<String>, Vec<String>) {
        let is_message = |kind: &Option<ChatItemType>| *kind == Some(ChatItemType::Message);
        let service = self
            .server
            .items
            .iter()
            .filter(|i| i.participant_id.as_deref() == Some(ME) && is_message(&i.kind))
            .filter_map(|i| i.content.clone())
            .collect();
        let screen = self
            .session
            .timeline()
            .entries()
            .filter(|e| e.mine && is_message(&e.item.kind))
            .filter_map(|e| e.item.content.clone())
            .collect();
        (service, screen)
    }

    /// The Ids of the confirmed timeline entries, in order.
    pub fn client_ids(&self) -> Vec<String> {
        self.session
            .timeline()
            .entries()
            .filter_map(|e| e.id.clone())
            .collect()
    }

    pub fn requests_to(&self, path: &str) -> usize {
        self.server
            .requests
            .iter()
            .filter(|r| r.0.starts_with(path))
            .count()
    }

    /// The HTTP requests the session issued to `path`, in order.
    pub fn http_outputs(&self, path: &str) -> Vec<HttpRequest> {
        self.outputs
            .iter()
            .filter_map(|o| match o {
                Output::Http { request, .. } if request.url.ends_with(path) => {
                    Some(request.clone())
                }
                _ => None,
            })
            .collect()
    }

    pub fn frames_sent(&self, topic: &str) -> usize {
        self.outputs
            .iter()
            .filter(|o| matches!(o, Output::SendFrame { text, .. } if text.contains(topic)))
            .count()
    }

    /// The first socket the session asked to open.
    pub fn first_socket(&self) -> SocketId {
        self.outputs
            .iter()
            .find_map(|o| match o {
                Output::OpenSocket { socket, .. } => Some(*socket),
                _ => None,
            })
            .expect("a socket was opened")
    }

    pub fn sockets_opened(&self) -> usize {
        self.outputs
            .iter()
            .filter(|o| matches!(o, Output::OpenSocket { .. }))
            .count()
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }
}
