//! The session's inner state and its transitions.
//!
//! Every entry point ([`Session::handle_input`], [`Session::run_timers`]) ends with
//! [`Session::drive`], which compares what should exist (a connection, a subscribed socket,
//! requests for queued sends, gap fill and receipts) with what does, and asks for the
//! difference. Time-based decisions are made only from `now` and the service's own times.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::content::{parse_session_id, EventType, ReceiptContent};
use crate::error::ErrorKind;
use crate::frames::{ClientFrame, ServerFrame};
use crate::model::{
    ChatItemType, ConnectionType, MessageProcessingStatus, ScanDirection, SortKey, StartPosition,
};
use crate::operations::*;
use crate::retry::{is_retryable, RetryPolicy};
use crate::time::parse_iso8601;
use crate::timeline::Change;

/// The chat being served: what StartChat returned.
#[derive(Debug, Clone)]
pub(crate) struct Chat {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
}

/// An attachment upload in progress.
#[derive(Debug, Clone)]
pub(crate) struct Upload {
    attachment_id: Option<String>,
}

/// Where a socket is in its life.
#[derive(Debug, Clone, PartialEq)]
enum SockPhase {
    /// Asked to open; `deadline` for the open event.
    Opening { deadline: Millis },
    /// Subscribe sent (`waiting`) or about to be resent at `deadline`.
    Subscribing {
        waiting: bool,
        deadline: Millis,
        failures: u32,
    },
    /// Subscribed: chat items arrive.
    Live,
}

#[derive(Debug, Clone)]
struct Sock {
    id: SocketId,
    phase: SockPhase,
    /// The URL it was opened with: a refused URL is not tried again.
    url: String,
    /// When it opened, then when it subscribed: its age counts from there.
    live_since: Millis,
    heartbeat_at: Millis,
    heartbeat_waiting: bool,
    ping_at: Option<Millis>,
}

/// What a request the session issued was for.
#[derive(Debug, Clone)]
enum Pending {
    CreateConnection,
    Send { client_token: String },
    Typing,
    Receipt,
    GapFill,
    Older,
    StartUpload { client_token: String },
    PutUpload { client_token: String },
    CompleteUpload { client_token: String },
    GetAttachment { attachment_id: String },
    DescribeView { view_token: String },
    AuthUrl { session_id: String },
    CancelAuth,
    Disconnect,
}

/// A websocket URL from CreateParticipantConnection, kept for (re)connects while it can
/// still be opened.
#[derive(Debug, Clone)]
struct WsUrl {
    url: String,
    /// Used to open a socket only before this time: `ConnectionExpiry` minus the margin.
    usable_until: Millis,
}

/// How long a websocket URL stays openable when the service does not say (it documents
/// 100 s).
const DEFAULT_URL_LIFE: Millis = 100_000;

/// The DisconnectParticipant owed to the service after the customer ended the chat.
#[derive(Debug, Clone, Default)]
struct Farewell {
    in_flight: bool,
    retry_at: Option<Millis>,
    attempts: u32,
}

/// A message in the send queue.
#[derive(Debug, Clone)]
struct Outgoing {
    message: QueuedMessage,
    /// Failed attempts that count towards `send_max_attempts`.
    attempts: u32,
    in_flight: bool,
    retry_at: Option<Millis>,
}

/// Where the gap fill is.
#[derive(Debug, Clone, Default)]
struct Sync {
    /// A fill should start (after a (re)connect, a return to the page).
    needed: bool,
    in_flight: bool,
    /// The page to ask for next, when paging.
    paging: Option<String>,
    /// The newest item seen by the fill running now.
    newest: Option<(Millis, String)>,
    retry_at: Option<Millis>,
    attempts: u32,
    /// The first load (the most recent page) is done.
    initial_done: bool,
}

/// Loading of older items on demand.
#[derive(Debug, Clone, Default)]
struct Older {
    /// NextToken of the backward scan of the current contact; `None` with `started` means
    /// the current contact is exhausted.
    cursor: Option<String>,
    in_flight: bool,
    /// Earlier contacts still to page, most recent first.
    contacts: Vec<String>,
    /// The earlier contact being paged and its NextToken.
    contact: Option<(String, Option<String>)>,
    /// Every contact id already queued or paged.
    seen_contacts: HashSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Socket,
    Transcript,
    Older,
}

#[derive(Debug, Clone, Default)]
struct Receipts {
    /// (message id, read?) already sent.
    sent: HashSet<(String, bool)>,
    /// (due, message id, read?), in the order they were asked for.
    queue: Vec<(Millis, String, bool)>,
    last_sent: Option<Millis>,
}

/// Everything a session tracks besides its timeline and outputs.
#[derive(Debug)]
pub(crate) struct State {
    pub status: ConnectionStatus,
    pub chat: Option<Chat>,
    rng: u64,
    next_id: u64,
    online: bool,
    visible: bool,
    token: Option<String>,
    token_expiry: Option<Millis>,
    /// When the current token was received (unknown after a resume).
    token_issued: Option<Millis>,
    /// The newest websocket URL, while it may still be used to open a socket.
    url: Option<WsUrl>,
    create_in_flight: bool,
    primary: Option<Sock>,
    /// The socket being replaced, while the new one subscribes.
    old: Option<Sock>,
    attempt: u32,
    reconnect_at: Option<Millis>,
    requests: HashMap<RequestId, Pending>,
    /// The token each request carried, to tell a 403 for a token since replaced.
    bearers: HashMap<RequestId, String>,
    answered_bearer: Option<String>,
    /// When the current reconnect attempt was due (shown in the status).
    retry_shown: Millis,
    queue: Vec<Outgoing>,
    failed: Vec<QueuedMessage>,
    sync: Sync,
    /// The newest item known to be in the timeline with nothing missing before it.
    marker: Option<(Millis, String)>,
    older: Older,
    rehydrated: bool,
    receipts: Receipts,
    active: HashSet<String>,
    last_typing: Option<Millis>,
    /// The time of the latest call, for decisions that need it outside of one.
    now: Millis,
    /// The newest message a read receipt was asked for (time, Id); persisted.
    last_read: Option<(Millis, String)>,
    last_persisted: Option<Snapshot>,
    /// Set when the customer ended the chat and the service has not been told yet.
    farewell: Option<Farewell>,
}

impl State {
    pub fn new(seed: u64) -> State {
        State {
            status: ConnectionStatus::Idle,
            chat: None,
            rng: seed,
            next_id: 1,
            online: true,
            visible: true,
            token: None,
            token_expiry: None,
            token_issued: None,
            url: None,
            create_in_flight: false,
            primary: None,
            old: None,
            attempt: 0,
            reconnect_at: None,
            requests: HashMap::new(),
            bearers: HashMap::new(),
            answered_bearer: None,
            retry_shown: 0,
            queue: Vec::new(),
            failed: Vec::new(),
            sync: Sync::default(),
            marker: None,
            older: Older::default(),
            rehydrated: false,
            receipts: Receipts::default(),
            active: HashSet::new(),
            last_typing: None,
            now: 0,
            last_read: None,
            last_persisted: None,
            farewell: None,
        }
    }

    pub fn has_older(&self) -> bool {
        let earlier_contacts =
            self.rehydrated && (self.older.contact.is_some() || !self.older.contacts.is_empty());
        self.sync.initial_done && (self.older.cursor.is_some() || earlier_contacts)
    }

    /// What the session is doing, without tokens (for `Debug`).
    pub fn summary(&self) -> String {
        let sock = |s: &Option<Sock>| s.as_ref().map(|s| (s.id, s.phase.clone()));
        format!(
            "online {} visible {} token {} expiry {:?} create_in_flight {} primary {:?} old {:?} \
             attempt {} reconnect_at {:?} requests {} queue {:?} failed {} sync {:?} marker {:?} \
             receipts queued {} farewell {:?} now {}",
            self.online,
            self.visible,
            if self.token.is_some() { "set" } else { "none" },
            self.token_expiry,
            self.create_in_flight,
            sock(&self.primary),
            sock(&self.old),
            self.attempt,
            self.reconnect_at,
            self.requests.len(),
            self.queue
                .iter()
                .map(|o| (&o.message.client_token, o.in_flight, o.retry_at))
                .collect::<Vec<_>>(),
            self.failed.len(),
            self.sync,
            self.marker,
            self.receipts.queue.len(),
            self.farewell,
            self.now,
        )
    }

    /// A farewell whose token has run out is as good as dropped: it can never go.
    pub fn disconnect_pending(&self) -> bool {
        self.farewell.is_some() && self.token_valid(self.now)
    }

    pub fn transcript_loaded(&self) -> bool {
        self.sync.initial_done
    }

    /// A number in `[0, 1)` from splitmix64: jitter only, never identity.
    fn jitter(&mut self) -> f64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    fn ended(&self) -> bool {
        self.status == ConnectionStatus::Ended
    }

    fn me(&self) -> &str {
        self.chat
            .as_ref()
            .map(|c| c.participant_id.as_str())
            .unwrap_or("")
    }

    fn token_valid(&self, now: Millis) -> bool {
        self.token.is_some() && self.token_expiry.is_none_or(|e| now < e)
    }
}

fn reason_for(error: &Error) -> String {
    match error {
        Error::Network(_) => "The network is unavailable.".into(),
        Error::Invalid { field, problem } => format!("{field} {problem}."),
        Error::Decode { .. } => "The service sent an answer that could not be read.".into(),
        Error::Service(e) => match e.kind {
            ErrorKind::Throttling => "The service is busy; please try again shortly.".into(),
            ErrorKind::AccessDenied => "The chat is no longer available.".into(),
            ErrorKind::ServiceQuotaExceeded => "Too many attachments in this chat.".into(),
            ErrorKind::Validation => match &e.message {
                Some(m) => format!("The service refused the request: {m}"),
                None => "The service refused the request.".into(),
            },
            ErrorKind::ResourceNotFound => "It could not be found.".into(),
            ErrorKind::Conflict => "The request conflicts with the chat's state.".into(),
            _ => "The service had a problem; please try again.".into(),
        },
    }
}

impl Session {
    fn emit(&mut self, output: Output) {
        self.outputs.push_back(output);
    }

    fn event(&mut self, event: Event) {
        self.outputs.push_back(Output::Event(event));
    }

    fn error(&mut self, reason: impl Into<String>, error: Option<Error>) {
        self.event(Event::Error(SessionError {
            reason: reason.into(),
            error,
        }));
    }

    /// The answer being handled says the ConnectionToken is refused: forget it (a new one is
    /// fetched), unless it was already replaced since the request went out.
    fn invalidate_token(&mut self) {
        if self.state.answered_bearer.is_none() || self.state.answered_bearer == self.state.token {
            self.state.token = None;
        }
    }

    fn next_id(&mut self) -> u64 {
        let id = self.state.next_id;
        self.state.next_id += 1;
        id
    }

    fn backoff(&mut self, attempt: u32) -> Millis {
        let policy = RetryPolicy {
            max_attempts: u32::MAX,
            base_delay_ms: self.config.reconnect_initial.max(0) as u64,
            max_delay_ms: self.config.reconnect_max.max(0) as u64,
            jitter_ratio: self.config.jitter,
            honour_retry_after: false,
        };
        let jitter = self.state.jitter();
        policy.delay_ms(attempt.max(1), jitter) as Millis
    }

    /// Issues a request authenticated by the ConnectionToken.
    fn call<O: Operation>(&mut self, op: &O, pending: Pending) -> Result<RequestId, Error> {
        let token = match (O::AUTH, &self.state.chat) {
            (Auth::ParticipantToken, Some(chat)) => chat.participant_token.clone(),
            _ => self.state.token.clone().unwrap_or_default(),
        };
        let request = op.to_http_request(&self.config.endpoint, &token)?;
        let id = self.next_id();
        self.state.requests.insert(id, pending);
        self.state.bearers.insert(id, token);
        self.emit(Output::Http { id, request });
        Ok(id)
    }

    pub(super) fn handle_input(&mut self, input: Input, now: Millis) {
        match input {
            Input::Start(start) => self.start(start, None, now),
            Input::Resume(snapshot) => self.resume(snapshot, now),
            Input::HttpResponse { id, result } => self.on_response(id, result, now),
            Input::SocketOpened { socket } => self.on_socket_opened(socket, now),
            Input::SocketText { socket, text } => self.on_socket_text(socket, &text, now),
            Input::SocketClosed { socket, .. } => self.on_socket_gone(socket, None, now),
            Input::SocketError { socket, message } => {
                self.on_socket_gone(socket, Some(message), now)
            }
            Input::Online(online) => {
                self.state.online = online;
                if online {
                    self.state.attempt = 0;
                    self.state.reconnect_at = None;
                    // The network is back: what waited for it goes now.
                    if let Some(f) = self.state.farewell.as_mut() {
                        f.retry_at = None;
                    }
                } else {
                    self.drop_sockets();
                }
            }
            Input::Visible(visible) => self.on_visible(visible, now),
            _ if self.state.chat.is_none() => {
                self.error("The chat has not started.", None);
            }
            _ if self.state.ended() => {
                self.error("The chat has ended.", None);
            }
            Input::SendMessage {
                content_type,
                content,
                client_token,
            } => self.send_message(content_type, content, client_token),
            Input::Typing => self.typing(now),
            Input::MarkRead { item_id } => self.mark_read(item_id, now),
            Input::Retry { client_token } => self.retry(&client_token),
            Input::LoadOlder => self.load_older(),
            Input::StartUpload {
                name,
                content_type,
                size,
                client_token,
            } => self.start_upload(name, content_type, size, client_token),
            Input::GetAttachmentUrl { attachment_id } => {
                let op = GetAttachment {
                    attachment_id: attachment_id.clone(),
                    url_expiry_in_seconds: None,
                    url_content_disposition: None,
                };
                self.one_shot(&op, Pending::GetAttachment { attachment_id }, now);
            }
            Input::DescribeView { view_token } => {
                let op = DescribeView {
                    view_token: view_token.clone(),
                };
                self.one_shot(&op, Pending::DescribeView { view_token }, now);
            }
            Input::GetAuthenticationUrl {
                session_id,
                redirect_uri,
            } => {
                let op = GetAuthenticationUrl {
                    session_id: session_id.clone(),
                    redirect_uri,
                };
                self.one_shot(&op, Pending::AuthUrl { session_id }, now);
            }
            Input::CancelAuthentication { session_id } => {
                let op = CancelParticipantAuthentication { session_id };
                self.one_shot(&op, Pending::CancelAuth, now);
            }
            Input::End => self.customer_end(),
        }
        self.drive(now);
    }

    /// A request the user asked for that is not retried automatically.
    fn one_shot<O: Operation>(&mut self, op: &O, pending: Pending, now: Millis) {
        if !self.state.token_valid(now) || !self.state.online {
            self.error("Not connected; please try again in a moment.", None);
            return;
        }
        if let Err(e) = self.call(op, pending) {
            self.error(reason_for(&e), Some(e));
        }
    }

    fn start(&mut self, start: StartChat, snapshot: Option<&Snapshot>, now: Millis) {
        if self.state.chat.is_some() {
            self.error("A chat is already running.", None);
            return;
        }
        self.state.active.insert(start.participant_id.clone());
        self.state.chat = Some(Chat {
            contact_id: start.contact_id,
            participant_id: start.participant_id,
            participant_token: start.participant_token,
        });
        self.state.status = ConnectionStatus::Connecting;
        self.event(Event::Status(ConnectionStatus::Connecting));
        if let Some(snapshot) = snapshot {
            if snapshot.connection_expiry.is_none_or(|e| now < e) {
                self.state.token = snapshot.connection_token.clone();
                self.state.token_expiry = snapshot.connection_expiry;
            }
            if snapshot.disconnect_owed {
                // Ended before the reload: what is left is telling the service.
                self.customer_end();
                return;
            }
            if let (Some(id), Some(time)) = (&snapshot.last_read_id, snapshot.last_read_time) {
                self.state.last_read = Some((time, id.clone()));
            }
            for message in &snapshot.unsent {
                if self.timeline.add_pending(
                    &message.client_token,
                    &message.content_type,
                    &message.content,
                ) {
                    self.event(Event::ItemAdded {
                        key: message.client_token.clone(),
                    });
                    self.state.queue.push(Outgoing {
                        message: message.clone(),
                        attempts: 0,
                        in_flight: false,
                        retry_at: None,
                    });
                }
            }
        }
        // The transcript loads once the socket is subscribed (see on_subscribed), so that
        // nothing falls between the page and the first live item.
    }

    fn resume(&mut self, snapshot: Snapshot, now: Millis) {
        let start = StartChat {
            contact_id: snapshot.contact_id.clone(),
            participant_id: snapshot.participant_id.clone(),
            participant_token: snapshot.participant_token.clone(),
        };
        self.start(start, Some(&snapshot), now);
    }

    // ----- the connection -----

    fn drive(&mut self, now: Millis) {
        self.state.now = self.state.now.max(now);
        self.pump_farewell(now);
        if self.state.chat.is_some() && !self.state.ended() && self.state.online {
            self.drive_connection(now);
            self.pump_sends(now);
            self.pump_sync(now);
            self.pump_receipts(now);
        }
        self.refresh_status();
        self.maybe_persist();
    }

    /// When the live primary socket is old enough to be replaced. Its URL's
    /// `ConnectionExpiry` plays no part: that only bounds when the URL may be opened.
    fn recycle_at(&self) -> Option<Millis> {
        let sock = self.state.primary.as_ref()?;
        if sock.phase != SockPhase::Live {
            return None;
        }
        // At least a heartbeat interval, so a tiny setting cannot cause a stream of swaps.
        let age = self
            .config
            .socket_max_age
            .max(self.config.heartbeat_interval);
        Some(sock.live_since.saturating_add(age))
    }

    /// The kept websocket URL, if it may still be opened at `now`; an outdated one is dropped.
    fn usable_url(&mut self, now: Millis) -> Option<String> {
        match &self.state.url {
            Some(u) if now < u.usable_until => Some(u.url.clone()),
            _ => {
                self.state.url = None;
                None
            }
        }
    }

    /// When to renew the ConnectionToken: the margin before its expiry, but never earlier than
    /// half its life, so a short-lived token does not cause a stream of renewals.
    fn token_refresh_at(&self) -> Option<Millis> {
        let expiry = self.state.token_expiry?;
        let mut margin = self.config.token_refresh_margin;
        if let Some(issued) = self.state.token_issued {
            margin = margin.min((expiry - issued) / 2);
        }
        Some(expiry - margin)
    }

    fn token_stale(&self, now: Millis) -> bool {
        match &self.state.token {
            None => true,
            Some(_) => self.token_refresh_at().is_some_and(|t| now >= t),
        }
    }

    fn drive_connection(&mut self, now: Millis) {
        if self.state.create_in_flight || self.state.reconnect_at.is_some_and(|t| t > now) {
            return;
        }
        self.state.reconnect_at = None;
        let need_socket = self.state.primary.is_none();
        let recycle = self.recycle_at().is_some_and(|t| now >= t);
        let stale = self.token_stale(now);
        if (need_socket || recycle) && !stale {
            if let Some(url) = self.usable_url(now) {
                self.open_socket(url, now);
                return;
            }
        }
        if need_socket || recycle || stale {
            self.create_connection();
        }
    }

    fn create_connection(&mut self) {
        let op = CreateParticipantConnection {
            types: Some(vec![
                ConnectionType::Websocket,
                ConnectionType::ConnectionCredentials,
            ]),
            connect_participant: Some(true),
        };
        match self.call(&op, Pending::CreateConnection) {
            Ok(_) => self.state.create_in_flight = true,
            Err(e) => {
                // Only an empty ParticipantToken can fail here, and it cannot be fixed.
                self.error(reason_for(&e), Some(e));
                self.end(EndReason::Expired);
            }
        }
    }

    fn open_socket(&mut self, url: String, now: Millis) {
        let id = self.next_id();
        if let Some(previous) = self.state.primary.take() {
            if previous.phase == SockPhase::Live {
                if let Some(older) = self.state.old.replace(previous) {
                    self.emit(Output::CloseSocket { socket: older.id });
                }
            } else {
                self.emit(Output::CloseSocket {
                    socket: previous.id,
                });
            }
        }
        self.state.primary = Some(Sock {
            id,
            phase: SockPhase::Opening {
                deadline: now + self.config.subscribe_timeout * 2,
            },
            url: url.clone(),
            live_since: now,
            heartbeat_at: now,
            heartbeat_waiting: false,
            ping_at: None,
        });
        self.emit(Output::OpenSocket { socket: id, url });
    }

    fn on_connection(
        &mut self,
        result: Result<CreateParticipantConnectionResponse, Error>,
        now: Millis,
    ) {
        self.state.create_in_flight = false;
        match result {
            Ok(response) => {
                let credentials = response.connection_credentials.unwrap_or_default();
                let websocket = response.websocket.unwrap_or_default();
                match (credentials.connection_token, websocket.url) {
                    (Some(token), Some(url)) => {
                        self.state.token = Some(token);
                        self.state.token_expiry =
                            credentials.expiry.as_deref().and_then(parse_iso8601);
                        self.state.token_issued = Some(now);
                        // The service's own time says until when the URL may be opened.
                        let expiry = websocket
                            .connection_expiry
                            .as_deref()
                            .and_then(parse_iso8601)
                            .unwrap_or(now + DEFAULT_URL_LIFE);
                        self.state.url = Some(WsUrl {
                            url: url.clone(),
                            usable_until: expiry - self.config.socket_refresh_margin,
                        });
                        // A token renewal alone leaves a healthy socket alone; the URL is
                        // kept for a reconnect while it is usable.
                        let recycle = self.recycle_at().is_some_and(|t| now >= t);
                        if self.state.primary.is_none() || recycle {
                            self.open_socket(url, now);
                        }
                    }
                    _ => {
                        self.error(
                            "The service sent an incomplete connection.",
                            Some(Error::Decode {
                                what: "CreateParticipantConnection",
                                reason: "no ConnectionToken or websocket URL".into(),
                            }),
                        );
                        self.schedule_reconnect(now);
                    }
                }
            }
            Err(e) if e.kind() == Some(&ErrorKind::AccessDenied) => {
                // The ParticipantToken is refused: the chat ended while we were away.
                self.end(EndReason::Expired);
            }
            Err(_) => self.schedule_reconnect(now),
        }
    }

    fn schedule_reconnect(&mut self, now: Millis) {
        // Read the transcript at every attempt: if only the websocket is blocked (a proxy),
        // messages still arrive, at the pace of the backoff.
        if self.state.sync.initial_done {
            self.state.sync.needed = true;
        }
        self.state.attempt += 1;
        let attempt = self.state.attempt;
        // The first attempt goes at once; later ones back off.
        let delay = if attempt == 1 {
            0
        } else {
            self.backoff(attempt - 1)
        };
        self.state.reconnect_at = Some(now + delay);
        self.state.retry_shown = now + delay;
    }

    fn drop_sockets(&mut self) {
        for sock in [self.state.primary.take(), self.state.old.take()]
            .into_iter()
            .flatten()
        {
            self.emit(Output::CloseSocket { socket: sock.id });
        }
    }

    fn on_socket_opened(&mut self, socket: SocketId, now: Millis) {
        let Some(sock) = self.state.primary.as_mut().filter(|s| s.id == socket) else {
            return;
        };
        if !matches!(sock.phase, SockPhase::Opening { .. }) {
            return;
        }
        sock.phase = SockPhase::Subscribing {
            waiting: true,
            deadline: now + self.config.subscribe_timeout,
            failures: 0,
        };
        self.emit(Output::SendFrame {
            socket,
            text: ClientFrame::Subscribe.to_json(),
        });
    }

    fn on_socket_gone(&mut self, socket: SocketId, error: Option<String>, now: Millis) {
        if self.state.old.as_ref().is_some_and(|s| s.id == socket) {
            self.state.old = None;
            return;
        }
        if self.state.primary.as_ref().is_none_or(|s| s.id != socket) {
            return;
        }
        if error.is_some() {
            self.emit(Output::CloseSocket { socket });
        }
        self.socket_lost(now);
    }

    /// The primary socket is dead: fall back to the old one if it is still live, else
    /// reconnect with backoff.
    fn socket_lost(&mut self, now: Millis) {
        if let Some(sock) = self.state.primary.take() {
            // A URL that never opened is not tried again: the next attempt fetches a new one.
            let never_opened = matches!(sock.phase, SockPhase::Opening { .. });
            if never_opened && self.state.url.as_ref().is_some_and(|u| u.url == sock.url) {
                self.state.url = None;
            }
        }
        if let Some(old) = self.state.old.take() {
            self.state.primary = Some(old);
        }
        if self.state.ended() {
            return;
        }
        self.schedule_reconnect(now);
    }

    fn kill_primary(&mut self, now: Millis) {
        if let Some(sock) = &self.state.primary {
            let socket = sock.id;
            self.emit(Output::CloseSocket { socket });
        }
        self.socket_lost(now);
    }

    fn on_socket_text(&mut self, socket: SocketId, text: &str, now: Millis) {
        let is_primary = self.state.primary.as_ref().is_some_and(|s| s.id == socket);
        let is_old = self.state.old.as_ref().is_some_and(|s| s.id == socket);
        if !is_primary && !is_old {
            return;
        }
        let frame = match ServerFrame::parse(text) {
            Ok(frame) => frame,
            // A frame we cannot read is dropped; gap fill recovers any item it carried.
            Err(_) => return,
        };
        match frame {
            ServerFrame::Subscribed { ok, status } if is_primary => {
                self.on_subscribed(ok, status, now)
            }
            ServerFrame::Subscribed { .. } => {}
            ServerFrame::Heartbeat => {
                for sock in [self.state.primary.as_mut(), self.state.old.as_mut()]
                    .into_iter()
                    .flatten()
                {
                    if sock.id == socket {
                        sock.heartbeat_waiting = false;
                    }
                }
            }
            ServerFrame::Ping { status_code } => self.event(Event::Ping { status_code }),
            ServerFrame::Chat(item) => self.accept_item(*item, Source::Socket, now),
            ServerFrame::Error { message, .. } => {
                if is_primary {
                    self.error(
                        "The connection reported an error; reconnecting.",
                        Some(Error::Network(message)),
                    );
                    self.kill_primary(now);
                }
            }
            ServerFrame::Other { .. } => {}
        }
    }

    fn on_subscribed(&mut self, ok: bool, status: String, now: Millis) {
        let config = self.config.clone();
        let Some(sock) = self.state.primary.as_mut() else {
            return;
        };
        let SockPhase::Subscribing { failures, .. } = sock.phase.clone() else {
            return;
        };
        if ok {
            sock.phase = SockPhase::Live;
            sock.live_since = now;
            sock.heartbeat_at = now + config.heartbeat_interval;
            sock.heartbeat_waiting = false;
            sock.ping_at = config.ping_interval.map(|p| now + p);
            self.state.attempt = 0;
            if let Some(old) = self.state.old.take() {
                self.emit(Output::CloseSocket { socket: old.id });
            }
            self.state.sync.needed = true;
            return;
        }
        let failures = failures + 1;
        if failures >= config.subscribe_max_failures {
            self.error(
                format!("Could not subscribe to the chat (status {status:?})."),
                None,
            );
            self.kill_primary(now);
        } else {
            sock.phase = SockPhase::Subscribing {
                waiting: false,
                deadline: now + config.subscribe_retry_delay,
                failures,
            };
        }
    }

    fn on_visible(&mut self, visible: bool, now: Millis) {
        self.state.visible = visible;
        if !visible {
            return;
        }
        let interval = self.config.heartbeat_interval;
        if let Some(sock) = self.state.primary.as_mut() {
            if sock.phase == SockPhase::Live {
                let socket = sock.id;
                // A fresh heartbeat: any reply clears the wait, so a socket that only missed
                // replies while timers were throttled gets a fair chance.
                sock.heartbeat_at = now + interval;
                sock.heartbeat_waiting = true;
                self.emit(Output::SendFrame {
                    socket,
                    text: ClientFrame::Heartbeat.to_json(),
                });
                // Timers may have been throttled while hidden: look for anything missed.
                self.state.sync.needed = true;
            }
        } else if self.state.reconnect_at.is_some() {
            self.state.reconnect_at = Some(now);
        }
    }

    // ----- timers -----

    pub(super) fn next_timeout(&self) -> Option<Millis> {
        let s = &self.state;
        if s.ended() {
            // Only the owed DisconnectParticipant can still be due, while its token lasts.
            let f = s.farewell.as_ref().filter(|f| s.online && !f.in_flight)?;
            let at = f.retry_at?.max(s.now);
            return s.token_valid(at).then_some(at);
        }
        // Nothing runs before a chat starts.
        s.chat.as_ref()?;
        let mut times: Vec<Millis> = Vec::new();
        for sock in [s.primary.as_ref(), s.old.as_ref()].into_iter().flatten() {
            match sock.phase {
                SockPhase::Opening { deadline } | SockPhase::Subscribing { deadline, .. } => {
                    times.push(deadline)
                }
                SockPhase::Live => {
                    times.push(sock.heartbeat_at);
                    times.extend(sock.ping_at);
                }
            }
        }
        if s.online {
            if !s.create_in_flight {
                if let Some(t) = s.reconnect_at {
                    times.push(t);
                } else {
                    times.extend(self.token_refresh_at());
                    times.extend(self.recycle_at());
                }
            }
            // These need a usable token at their time; without one, getting a token comes
            // first and its answer wakes the session.
            let callable = |t: Millis| {
                let at = t.max(s.now);
                s.token.is_some() && s.token_expiry.is_none_or(|e| at < e)
            };
            let gated = [
                s.queue.first().and_then(|o| o.retry_at),
                s.sync.retry_at,
                self.receipt_due(),
            ];
            times.extend(gated.into_iter().flatten().filter(|t| callable(*t)));
        }
        times.into_iter().min()
    }

    pub(super) fn run_timers(&mut self, now: Millis) {
        if self.state.ended() {
            self.drive(now);
            return;
        }
        let config = self.config.clone();
        // The old socket only needs to live until the new one subscribes.
        if let Some(sock) = self.state.primary.clone() {
            match sock.phase {
                SockPhase::Opening { deadline } if now >= deadline => self.kill_primary(now),
                SockPhase::Subscribing {
                    waiting,
                    deadline,
                    failures,
                } if now >= deadline => {
                    let failures = failures + u32::from(waiting);
                    if failures >= config.subscribe_max_failures {
                        self.error("Could not subscribe to the chat.", None);
                        self.kill_primary(now);
                    } else {
                        if let Some(s) = self.state.primary.as_mut() {
                            s.phase = SockPhase::Subscribing {
                                waiting: true,
                                deadline: now + config.subscribe_timeout,
                                failures,
                            };
                        }
                        self.emit(Output::SendFrame {
                            socket: sock.id,
                            text: ClientFrame::Subscribe.to_json(),
                        });
                    }
                }
                SockPhase::Live => self.socket_timers(now, false),
                _ => {}
            }
        }
        if self.state.old.is_some() {
            self.socket_timers(now, true);
        }
        self.drive(now);
    }

    fn socket_timers(&mut self, now: Millis, old: bool) {
        let interval = self.config.heartbeat_interval;
        let ping_interval = self.config.ping_interval;
        let visible = self.state.visible;
        let slot = if old {
            self.state.old.as_mut()
        } else {
            self.state.primary.as_mut()
        };
        let Some(sock) = slot else { return };
        let socket = sock.id;
        let mut frames = Vec::new();
        let mut dead = false;
        if now >= sock.heartbeat_at {
            if sock.heartbeat_waiting && visible {
                dead = true;
            } else {
                if !sock.heartbeat_waiting {
                    frames.push(ClientFrame::Heartbeat);
                }
                sock.heartbeat_waiting = true;
                sock.heartbeat_at = now + interval;
            }
        }
        if let (Some(at), Some(every)) = (sock.ping_at, ping_interval) {
            if now >= at && !dead {
                frames.push(ClientFrame::Ping);
                sock.ping_at = Some(now + every);
            }
        }
        for frame in frames {
            self.emit(Output::SendFrame {
                socket,
                text: frame.to_json(),
            });
        }
        if dead {
            if old {
                self.emit(Output::CloseSocket { socket });
                self.state.old = None;
            } else {
                self.kill_primary(now);
            }
        }
    }

    // ----- sending -----

    fn send_message(&mut self, content_type: String, content: String, client_token: String) {
        if client_token.is_empty() {
            self.error("A message needs a ClientToken.", None);
            return;
        }
        let op = SendMessage {
            content_type: content_type.clone(),
            content: content.clone(),
            client_token: Some(client_token.clone()),
        };
        let checked = self
            .config
            .content_limits
            .check(&content_type, &content)
            .and_then(|()| Operation::validate(&op));
        if let Err(e) = checked {
            // Refused before it shows: the text stays with the caller to fix.
            self.error(reason_for(&e), Some(e));
            return;
        }
        if !self
            .timeline
            .add_pending(&client_token, &content_type, &content)
        {
            // The same intent delivered twice: the message already exists.
            return;
        }
        self.event(Event::ItemAdded {
            key: client_token.clone(),
        });
        self.state.queue.push(Outgoing {
            message: QueuedMessage {
                client_token,
                content_type,
                content,
            },
            attempts: 0,
            in_flight: false,
            retry_at: None,
        });
    }

    fn retry(&mut self, client_token: &str) {
        let Some(pos) = self
            .state
            .failed
            .iter()
            .position(|m| m.client_token == client_token)
        else {
            return;
        };
        let message = self.state.failed.remove(pos);
        if self.timeline.set_delivery(client_token, Delivery::Queued) {
            self.event(Event::ItemChanged {
                key: client_token.to_owned(),
            });
        }
        self.state.queue.push(Outgoing {
            message,
            attempts: 0,
            in_flight: false,
            retry_at: None,
        });
    }

    /// Sends the head of the queue: one message at a time, so they arrive in order.
    fn pump_sends(&mut self, now: Millis) {
        if !self.state.token_valid(now) {
            return;
        }
        let Some(head) = self.state.queue.first() else {
            return;
        };
        if head.in_flight || head.retry_at.is_some_and(|t| t > now) {
            return;
        }
        let message = head.message.clone();
        let op = SendMessage {
            content_type: message.content_type.clone(),
            content: message.content.clone(),
            client_token: Some(message.client_token.clone()),
        };
        let token = message.client_token.clone();
        match self.call(
            &op,
            Pending::Send {
                client_token: token.clone(),
            },
        ) {
            Ok(_) => {
                let head = &mut self.state.queue[0];
                head.in_flight = true;
                head.retry_at = None;
                if self.timeline.set_delivery(&token, Delivery::Sending) {
                    self.event(Event::ItemChanged { key: token });
                }
            }
            Err(e) => self.send_failed(&token, reason_for(&e), false),
        }
    }

    fn send_failed(&mut self, client_token: &str, reason: String, retryable: bool) {
        if let Some(pos) = self
            .state
            .queue
            .iter()
            .position(|o| o.message.client_token == client_token)
        {
            let outgoing = self.state.queue.remove(pos);
            if retryable {
                self.state.failed.push(outgoing.message);
            }
        }
        if self.timeline.set_delivery(
            client_token,
            Delivery::Failed {
                reason: reason.clone(),
                retryable,
            },
        ) {
            self.event(Event::ItemChanged {
                key: client_token.to_owned(),
            });
        }
        self.error(format!("A message was not sent: {reason}"), None);
    }

    fn on_sent(
        &mut self,
        client_token: String,
        result: Result<SendMessageResponse, Error>,
        now: Millis,
    ) {
        let Some(pos) = self
            .state
            .queue
            .iter()
            .position(|o| o.message.client_token == client_token)
        else {
            return;
        };
        self.state.queue[pos].in_flight = false;
        match result {
            Ok(response) => {
                self.state.queue.remove(pos);
                let Some(id) = response.id else {
                    // Accepted without an Id: its echo or the gap fill brings the item.
                    if self.timeline.set_delivery(&client_token, Delivery::Sent) {
                        self.event(Event::ItemChanged { key: client_token });
                    }
                    return;
                };
                if let Some(removed) =
                    self.timeline
                        .confirm(&client_token, &id, response.absolute_time.as_deref())
                {
                    self.event(Event::ItemRemoved { key: removed });
                }
                let status = response
                    .message_metadata
                    .and_then(|m| m.message_processing_status);
                if let Some(
                    status @ (MessageProcessingStatus::Rejected | MessageProcessingStatus::Failed),
                ) = status
                {
                    self.timeline
                        .set_delivery(&client_token, Delivery::Rejected { status });
                }
                self.event(Event::ItemChanged { key: client_token });
            }
            Err(Error::Network(_)) => {
                // Not the message's fault: wait for the network, do not count the attempt.
                let delay = self.backoff(1);
                self.state.queue[pos].retry_at = Some(now + delay);
                if self.timeline.set_delivery(&client_token, Delivery::Queued) {
                    self.event(Event::ItemChanged { key: client_token });
                }
            }
            Err(e) if e.kind() == Some(&ErrorKind::AccessDenied) => {
                // The token may be stale: get a new one; the chat ended if that fails too.
                self.invalidate_token();
                if self.timeline.set_delivery(&client_token, Delivery::Queued) {
                    self.event(Event::ItemChanged { key: client_token });
                }
            }
            Err(e) if is_retryable(&e) => {
                let outgoing = &mut self.state.queue[pos];
                outgoing.attempts += 1;
                let attempts = outgoing.attempts;
                if attempts >= self.config.send_max_attempts {
                    self.send_failed(&client_token, reason_for(&e), true);
                } else {
                    let delay = self.backoff(attempts);
                    self.state.queue[pos].retry_at = Some(now + delay);
                    if self.timeline.set_delivery(&client_token, Delivery::Queued) {
                        self.event(Event::ItemChanged { key: client_token });
                    }
                }
            }
            Err(e) => self.send_failed(&client_token, reason_for(&e), false),
        }
    }

    fn typing(&mut self, now: Millis) {
        if !self.state.token_valid(now) || !self.state.online {
            return;
        }
        if self
            .state
            .last_typing
            .is_some_and(|t| now - t < self.config.typing_interval)
        {
            return;
        }
        let op = SendEvent {
            content_type: EventType::Typing.as_str().into(),
            content: None,
            client_token: None,
        };
        if self.call(&op, Pending::Typing).is_ok() {
            self.state.last_typing = Some(now);
        }
    }

    // ----- receipts -----

    fn mark_read(&mut self, item_id: String, now: Millis) {
        let Some(key) = self.timeline.key_of_id(&item_id) else {
            return;
        };
        let Some(entry) = self.timeline.get(key) else {
            return;
        };
        if entry.mine || !is_message(&entry.item) {
            return;
        }
        let time = entry.time.unwrap_or(0);
        if self
            .state
            .last_read
            .as_ref()
            .is_some_and(|(t, _)| *t >= time)
        {
            // Already read (perhaps before a reload): never twice.
            return;
        }
        self.state.last_read = Some((time, item_id.clone()));
        // A read supersedes the delivered receipt for this message and the reads of
        // earlier ones.
        let timeline = &self.timeline;
        self.state.receipts.queue.retain(|(_, id, read)| {
            if id == &item_id {
                return false;
            }
            let earlier = timeline
                .key_of_id(id)
                .and_then(|k| timeline.get(k))
                .is_some_and(|e| e.time.unwrap_or(0) <= time);
            !(*read && earlier)
        });
        if !self.state.receipts.sent.contains(&(item_id.clone(), true)) {
            self.state.receipts.queue.push((now, item_id, true));
        }
    }

    fn receipt_due(&self) -> Option<Millis> {
        let r = &self.state.receipts;
        let first = r.queue.iter().map(|q| q.0).min()?;
        let earliest = r
            .last_sent
            .map_or(first, |t| first.max(t + self.config.receipt_interval));
        Some(earliest)
    }

    fn pump_receipts(&mut self, now: Millis) {
        if !self.state.token_valid(now) {
            return;
        }
        if self.state.active.len() > self.config.receipt_max_participants {
            // The service refuses receipts in a conference; do not try.
            self.state.receipts.queue.clear();
            return;
        }
        if self
            .state
            .receipts
            .last_sent
            .is_some_and(|t| now < t + self.config.receipt_interval)
        {
            return;
        }
        let Some(pos) = self.state.receipts.queue.iter().position(|q| q.0 <= now) else {
            return;
        };
        let (_, message_id, read) = self.state.receipts.queue.remove(pos);
        if !self.state.receipts.sent.insert((message_id.clone(), read)) {
            return;
        }
        let kind = if read {
            EventType::MessageRead
        } else {
            EventType::MessageDelivered
        };
        let op = SendEvent {
            content_type: kind.as_str().into(),
            content: Some(ReceiptContent { message_id }.to_json()),
            client_token: None,
        };
        if self.call(&op, Pending::Receipt).is_ok() {
            self.state.receipts.last_sent = Some(now);
        }
    }

    fn on_receipt(&mut self, message_id: &str, by: Option<String>, kind: ReceiptKind) {
        if by.as_deref() == Some(self.state.me()) {
            return;
        }
        let Some(key) = self.timeline.key_of_id(message_id).map(str::to_owned) else {
            return;
        };
        let Some(entry) = self.timeline.get(&key) else {
            return;
        };
        if !entry.mine {
            // A receipt about someone else's message: not ours to show.
            return;
        }
        let next = match (&entry.delivery, kind) {
            (Some(Delivery::Read), _) => None,
            (Some(Delivery::Delivered), ReceiptKind::Delivered) => None,
            (Some(Delivery::Rejected { .. } | Delivery::Failed { .. }), _) => None,
            (_, ReceiptKind::Read) => Some(Delivery::Read),
            (_, ReceiptKind::Delivered) => Some(Delivery::Delivered),
        };
        if let Some(next) = next {
            self.timeline.set_delivery(&key, next);
            self.event(Event::Receipt {
                message_id: message_id.to_owned(),
                kind,
                by,
            });
            self.event(Event::ItemChanged { key });
        }
    }

    // ----- items -----

    fn accept_item(&mut self, item: Item, source: Source, now: Millis) {
        let Some(chat) = self.state.chat.clone() else {
            return;
        };
        let ours = |id: &Option<String>| id.as_deref() == Some(chat.contact_id.as_str());
        let foreign = item.initial_contact_id.is_some()
            && !ours(&item.initial_contact_id)
            && !ours(&item.contact_id);
        if source == Source::Socket && foreign {
            return;
        }
        let mine = item.participant_id.as_deref() == Some(chat.participant_id.as_str());
        let event = item.event_type();
        // Earlier contacts of a persistent chat, discovered from the items that name them.
        for id in [
            &item.related_contact_id,
            &item.contact_id,
            &item.initial_contact_id,
        ]
        .into_iter()
        .flatten()
        {
            if id != &chat.contact_id && self.state.older.seen_contacts.insert(id.clone()) {
                self.state.older.contacts.push(id.clone());
            }
        }
        if item.kind == Some(ChatItemType::MessageMetadata) {
            if let Some(meta) = &item.message_metadata {
                if let Some(message_id) = &meta.message_id {
                    for receipt in meta.receipts.iter().flatten() {
                        let by = receipt.recipient_participant_id.clone();
                        if receipt.read_timestamp.is_some() {
                            self.on_receipt(message_id, by, ReceiptKind::Read);
                        } else if receipt.delivered_timestamp.is_some() {
                            self.on_receipt(message_id, by, ReceiptKind::Delivered);
                        }
                    }
                }
            }
            return;
        }
        match &event {
            Some(EventType::Typing) => {
                if source == Source::Socket && !mine {
                    self.event(Event::Typing {
                        participant_id: item.participant_id.clone(),
                        display_name: item.display_name.clone(),
                        role: item.participant_role.clone(),
                    });
                }
                return;
            }
            Some(kind @ (EventType::MessageDelivered | EventType::MessageRead)) => {
                if !mine {
                    if let Some(receipt) = item
                        .content
                        .as_deref()
                        .and_then(|c| ReceiptContent::parse(c).ok())
                    {
                        let kind = if *kind == EventType::MessageRead {
                            ReceiptKind::Read
                        } else {
                            ReceiptKind::Delivered
                        };
                        self.on_receipt(&receipt.message_id, item.participant_id.clone(), kind);
                    }
                }
                return;
            }
            _ => {}
        }
        if item.kind == Some(ChatItemType::Typing) {
            return;
        }
        let change = self.timeline.insert(item.clone(), &chat.participant_id);
        match change {
            Change::Added(key) => {
                self.event(Event::ItemAdded { key });
            }
            Change::Changed(key) => {
                self.event(Event::ItemChanged { key });
                return;
            }
            Change::None => return,
        }
        // Side effects happen once per item: only when it is new to the timeline, and not
        // for history paged in on demand.
        if event == Some(EventType::ChatRehydrated) && !self.state.rehydrated {
            self.state.rehydrated = true;
            self.event(Event::Rehydrated);
        }
        if source == Source::Older {
            return;
        }
        if source == Source::Socket && !mine && is_message(&item) {
            if let Some(id) = &item.id {
                if !self.state.receipts.sent.contains(&(id.clone(), false)) {
                    self.state.receipts.queue.push((
                        now + self.config.delivered_delay,
                        id.clone(),
                        false,
                    ));
                }
            }
        }
        let current = !foreign && source != Source::Older;
        let (participant_id, display_name, role) = (
            item.participant_id.clone(),
            item.display_name.clone(),
            item.participant_role.clone(),
        );
        let joined = event == Some(EventType::ParticipantJoined)
            || item.kind == Some(ChatItemType::ParticipantJoined);
        let left = event == Some(EventType::ParticipantLeft)
            || item.kind == Some(ChatItemType::ParticipantLeft);
        let chat_ended =
            event == Some(EventType::ChatEnded) || item.kind == Some(ChatItemType::ChatEnded);
        if joined {
            if current {
                self.state.active.extend(participant_id.clone());
            }
            self.event(Event::ParticipantJoined {
                participant_id,
                display_name,
                role,
            });
        } else if left {
            if current {
                if let Some(p) = &participant_id {
                    self.state.active.remove(p);
                }
            }
            self.event(Event::ParticipantLeft {
                participant_id,
                display_name,
                role,
            });
        } else if chat_ended {
            if current {
                self.end(EndReason::Agent);
            }
        } else {
            match event {
                Some(EventType::ParticipantIdle) => self.event(Event::ParticipantIdle {
                    participant_id,
                    idle: true,
                }),
                Some(EventType::ParticipantReturned) => self.event(Event::ParticipantIdle {
                    participant_id,
                    idle: false,
                }),
                Some(EventType::ParticipantAutoDisconnection) => {
                    if current && mine {
                        self.end(EndReason::Idle);
                    } else {
                        self.event(Event::ParticipantLeft {
                            participant_id,
                            display_name,
                            role,
                        });
                    }
                }
                Some(EventType::AuthenticationInitiated) if current => {
                    if let Some(session_id) = item
                        .content
                        .as_deref()
                        .and_then(|c| parse_session_id(c).ok())
                    {
                        self.event(Event::AuthenticationRequested { session_id });
                    }
                }
                Some(
                    kind @ (EventType::AuthenticationSucceeded
                    | EventType::AuthenticationFailed
                    | EventType::AuthenticationTimeout
                    | EventType::AuthenticationExpired
                    | EventType::AuthenticationCancelled),
                ) if current => self.event(Event::Authentication {
                    content_type: kind.as_str().to_owned(),
                }),
                _ => {}
            }
        }
    }

    // ----- gap fill and older pages -----

    fn transcript_request(&self, next_token: Option<String>) -> GetTranscript {
        GetTranscript {
            contact_id: None,
            max_results: Some(self.config.transcript_page_size),
            next_token,
            scan_direction: None,
            sort_order: Some(SortKey::Ascending),
            start_position: None,
        }
    }

    fn pump_sync(&mut self, now: Millis) {
        let sync = &self.state.sync;
        if sync.in_flight
            || !self.state.token_valid(now)
            || sync.retry_at.is_some_and(|t| t > now)
            || (!sync.needed && sync.paging.is_none())
        {
            return;
        }
        let op = if !self.state.sync.initial_done {
            // The first load: the most recent page, backward; older pages on demand.
            self.transcript_request(None)
        } else {
            let mut op = self.transcript_request(self.state.sync.paging.clone());
            op.scan_direction = Some(ScanDirection::Forward);
            op.start_position = self.state.marker.as_ref().map(|(_, id)| StartPosition {
                id: Some(id.clone()),
                ..StartPosition::default()
            });
            op
        };
        if self.state.sync.paging.is_none() {
            self.state.sync.needed = false;
            self.state.sync.newest = None;
        }
        if self.call(&op, Pending::GapFill).is_ok() {
            self.state.sync.in_flight = true;
            self.state.sync.retry_at = None;
        }
    }

    fn on_gap_fill(&mut self, result: Result<GetTranscriptResponse, Error>, now: Millis) {
        self.state.sync.in_flight = false;
        match result {
            Ok(response) => {
                self.state.sync.attempts = 0;
                for item in &response.transcript {
                    if let (Some(id), Some(t)) = (&item.id, item.time_millis()) {
                        let newest = &mut self.state.sync.newest;
                        if newest.as_ref().is_none_or(|n| (t, id) > (n.0, &n.1)) {
                            *newest = Some((t, id.clone()));
                        }
                    }
                }
                for item in response.transcript {
                    self.accept_item(item, Source::Transcript, now);
                }
                if !self.state.sync.initial_done {
                    self.state.sync.initial_done = true;
                    self.state.older.cursor = response.next_token;
                    self.state.sync.paging = None;
                } else {
                    self.state.sync.paging = response.next_token;
                }
                if self.state.sync.paging.is_none() {
                    if let Some(newest) = self.state.sync.newest.take() {
                        if self.state.marker.as_ref().is_none_or(|m| newest > *m) {
                            self.state.marker = Some(newest);
                        }
                    }
                }
            }
            Err(e) => {
                self.state.sync.paging = None;
                self.state.sync.needed = true;
                if e.kind() == Some(&ErrorKind::AccessDenied) {
                    self.invalidate_token();
                } else if !is_retryable(&e) {
                    // The service does not know our starting point: read from the start.
                    self.state.marker = None;
                }
                self.state.sync.attempts += 1;
                let delay = self.backoff(self.state.sync.attempts);
                self.state.sync.retry_at = Some(now + delay);
            }
        }
    }

    fn load_older(&mut self) {
        if self.state.older.in_flight || !self.state.sync.initial_done {
            return;
        }
        let op = if let Some(cursor) = self.state.older.cursor.clone() {
            self.transcript_request(Some(cursor))
        } else {
            // Earlier contacts are paged only for a persistent chat; other contact ids (a
            // transfer's) are the same conversation.
            if self.state.older.contact.is_none() {
                let next = if self.state.rehydrated {
                    self.state.older.contacts.pop()
                } else {
                    None
                };
                match next {
                    Some(contact) => self.state.older.contact = Some((contact, None)),
                    None => {
                        self.event(Event::OlderLoaded {
                            count: 0,
                            more: false,
                        });
                        return;
                    }
                }
            }
            let Some((contact, next)) = self.state.older.contact.clone() else {
                return;
            };
            let mut op = self.transcript_request(next);
            op.contact_id = Some(contact);
            op
        };
        match self.call(&op, Pending::Older) {
            Ok(_) => self.state.older.in_flight = true,
            Err(e) => self.error(reason_for(&e), Some(e)),
        }
    }

    fn on_older(&mut self, result: Result<GetTranscriptResponse, Error>, now: Millis) {
        self.state.older.in_flight = false;
        match result {
            Ok(response) => {
                let before = self.timeline.len();
                let from_contact = self.state.older.cursor.is_none();
                for item in response.transcript {
                    self.accept_item(item, Source::Older, now);
                }
                if from_contact {
                    match response.next_token {
                        Some(next) => {
                            if let Some(c) = self.state.older.contact.as_mut() {
                                c.1 = Some(next);
                            }
                        }
                        None => self.state.older.contact = None,
                    }
                } else {
                    self.state.older.cursor = response.next_token;
                }
                let count = self.timeline.len().saturating_sub(before);
                let more = self.has_older();
                self.event(Event::OlderLoaded { count, more });
            }
            Err(e) => {
                if e.kind() == Some(&ErrorKind::AccessDenied) {
                    self.invalidate_token();
                }
                self.error(
                    format!("Older messages could not be loaded. {}", reason_for(&e)),
                    Some(e),
                );
            }
        }
    }

    // ----- attachments -----

    fn start_upload(
        &mut self,
        name: String,
        content_type: String,
        size: i64,
        client_token: String,
    ) {
        if self.uploads.contains_key(&client_token) {
            return;
        }
        let op = StartAttachmentUpload {
            content_type,
            attachment_size_in_bytes: size,
            attachment_name: name,
            client_token: client_token.clone(),
        };
        let failed = |reason: String| Event::Attachment {
            client_token: client_token.clone(),
            status: AttachmentStatus::Failed { reason },
        };
        if self.state.token.is_none() || !self.state.online {
            self.event(failed(
                "Not connected; please try again in a moment.".into(),
            ));
            return;
        }
        match self.call(
            &op,
            Pending::StartUpload {
                client_token: client_token.clone(),
            },
        ) {
            Ok(_) => {
                self.uploads.insert(
                    client_token.clone(),
                    Upload {
                        attachment_id: None,
                    },
                );
                self.event(Event::Attachment {
                    client_token,
                    status: AttachmentStatus::Starting,
                });
            }
            Err(e) => self.event(failed(reason_for(&e))),
        }
    }

    fn upload_failed(&mut self, client_token: String, reason: String) {
        self.uploads.remove(&client_token);
        self.event(Event::Attachment {
            client_token,
            status: AttachmentStatus::Failed { reason },
        });
    }

    fn on_upload_started(
        &mut self,
        client_token: String,
        result: Result<StartAttachmentUploadResponse, Error>,
    ) {
        let response = match result {
            Ok(r) => r,
            Err(e) => return self.upload_failed(client_token, reason_for(&e)),
        };
        let metadata = response.upload_metadata.unwrap_or_default();
        let (Some(attachment_id), Some(url)) = (response.attachment_id, metadata.url) else {
            return self.upload_failed(
                client_token,
                "The service did not say where to upload the file.".into(),
            );
        };
        if let Some(upload) = self.uploads.get_mut(&client_token) {
            upload.attachment_id = Some(attachment_id.clone());
        }
        let id = self.next_id();
        self.state.requests.insert(
            id,
            Pending::PutUpload {
                client_token: client_token.clone(),
            },
        );
        self.emit(Output::PutAttachment {
            id,
            client_token: client_token.clone(),
            url,
            headers: metadata
                .headers_to_include
                .unwrap_or_default()
                .into_iter()
                .collect(),
        });
        self.event(Event::Attachment {
            client_token,
            status: AttachmentStatus::Uploading { attachment_id },
        });
    }

    fn on_upload_put(&mut self, client_token: String, result: Result<HttpResponse, String>) {
        let Some(attachment_id) = self
            .uploads
            .get(&client_token)
            .and_then(|u| u.attachment_id.clone())
        else {
            return;
        };
        match result {
            Ok(response) if (200..300).contains(&response.status) => {
                let op = CompleteAttachmentUpload {
                    attachment_ids: vec![attachment_id.clone()],
                    client_token: client_token.clone(),
                };
                match self.call(
                    &op,
                    Pending::CompleteUpload {
                        client_token: client_token.clone(),
                    },
                ) {
                    Ok(_) => self.event(Event::Attachment {
                        client_token,
                        status: AttachmentStatus::Completing { attachment_id },
                    }),
                    Err(e) => self.upload_failed(client_token, reason_for(&e)),
                }
            }
            Ok(response) => self.upload_failed(
                client_token,
                format!(
                    "The file storage refused the upload (HTTP {}).",
                    response.status
                ),
            ),
            Err(e) => self.upload_failed(client_token, format!("The upload did not finish ({e}).")),
        }
    }

    // ----- responses -----

    fn on_response(&mut self, id: RequestId, result: Result<HttpResponse, String>, now: Millis) {
        let Some(pending) = self.state.requests.remove(&id) else {
            return;
        };
        self.state.answered_bearer = self.state.bearers.remove(&id);
        fn parse<O: Operation>(result: &Result<HttpResponse, String>) -> Result<O::Output, Error> {
            match result {
                Ok(response) => O::from_http_response(response),
                Err(message) => Err(Error::Network(message.clone())),
            }
        }
        if let Pending::Disconnect = pending {
            let r = parse::<DisconnectParticipant>(&result);
            return self.on_farewell(r, now);
        }
        if self.state.ended() {
            return;
        }
        match pending {
            Pending::CreateConnection => {
                let r = parse::<CreateParticipantConnection>(&result);
                self.on_connection(r, now);
            }
            Pending::Send { client_token } => {
                let r = parse::<SendMessage>(&result);
                self.on_sent(client_token, r, now);
            }
            Pending::Typing | Pending::Receipt => {
                // Best effort: a lost typing event or receipt is not worth a retry; a 409
                // (too many participants) is expected. A 403 means the token needs renewal.
                if let Err(e) = parse::<SendEvent>(&result) {
                    if e.kind() == Some(&ErrorKind::AccessDenied) {
                        self.invalidate_token();
                    }
                }
            }
            Pending::GapFill => {
                let r = parse::<GetTranscript>(&result);
                self.on_gap_fill(r, now);
            }
            Pending::Older => {
                let r = parse::<GetTranscript>(&result);
                self.on_older(r, now);
            }
            Pending::StartUpload { client_token } => {
                let r = parse::<StartAttachmentUpload>(&result);
                self.on_upload_started(client_token, r);
            }
            Pending::PutUpload { client_token } => self.on_upload_put(client_token, result),
            Pending::CompleteUpload { client_token } => {
                match parse::<CompleteAttachmentUpload>(&result) {
                    Ok(_) => {
                        let attachment_id = self
                            .uploads
                            .remove(&client_token)
                            .and_then(|u| u.attachment_id)
                            .unwrap_or_default();
                        self.event(Event::Attachment {
                            client_token,
                            status: AttachmentStatus::Uploaded { attachment_id },
                        });
                    }
                    Err(e) => self.upload_failed(client_token, reason_for(&e)),
                }
            }
            Pending::GetAttachment { attachment_id } => match parse::<GetAttachment>(&result) {
                Ok(GetAttachmentResponse {
                    url: Some(url),
                    url_expiry,
                    ..
                }) => self.event(Event::AttachmentUrl {
                    attachment_id,
                    url,
                    expiry: url_expiry.as_deref().and_then(parse_iso8601),
                }),
                Ok(_) => self.error("The attachment has no download address yet.", None),
                Err(e) => self.error(
                    format!("The attachment could not be opened. {}", reason_for(&e)),
                    Some(e),
                ),
            },
            Pending::DescribeView { view_token } => match parse::<DescribeView>(&result) {
                Ok(DescribeViewResponse { view: Some(view) }) => {
                    self.event(Event::View { view_token, view })
                }
                Ok(_) => self.error("The view is empty.", None),
                Err(e) => self.error(
                    format!("The form could not be loaded. {}", reason_for(&e)),
                    Some(e),
                ),
            },
            Pending::AuthUrl { session_id } => match parse::<GetAuthenticationUrl>(&result) {
                Ok(GetAuthenticationUrlResponse {
                    authentication_url: Some(url),
                }) => self.event(Event::AuthenticationUrl { session_id, url }),
                Ok(_) => self.error("No sign-in page was offered.", None),
                Err(e) => self.error(
                    format!("The sign-in page could not be opened. {}", reason_for(&e)),
                    Some(e),
                ),
            },
            Pending::CancelAuth => {
                if let Err(e) = parse::<CancelParticipantAuthentication>(&result) {
                    self.error(reason_for(&e), Some(e));
                }
            }
            // Answered above, ended or not.
            Pending::Disconnect => {}
        }
    }

    // ----- the end -----

    /// Over for the customer at once; the service is told by [`Session::pump_farewell`] as
    /// soon as it can be.
    fn customer_end(&mut self) {
        self.state.farewell = Some(Farewell::default());
        self.end(EndReason::Customer);
    }

    /// Sends the DisconnectParticipant owed after the customer ended the chat, when online
    /// and due; gives up once the ConnectionToken can no longer be used.
    fn pump_farewell(&mut self, now: Millis) {
        let Some(farewell) = &self.state.farewell else {
            return;
        };
        if farewell.in_flight || !self.state.online || farewell.retry_at.is_some_and(|t| t > now) {
            return;
        }
        if !self.state.token_valid(now) {
            // Without a usable token the service cannot be told (and a new one would need a
            // call to CreateParticipantConnection, which must not follow the end).
            self.state.farewell = None;
            return;
        }
        // One key per participant: a retry of a disconnect that went through is answered
        // as the first was.
        let op = DisconnectParticipant {
            client_token: Some(format!("{}-disconnect", self.state.me())),
        };
        match self.call(&op, Pending::Disconnect) {
            Ok(_) => {
                if let Some(f) = self.state.farewell.as_mut() {
                    f.in_flight = true;
                    f.retry_at = None;
                }
            }
            Err(_) => self.state.farewell = None,
        }
    }

    fn on_farewell(&mut self, result: Result<DisconnectParticipantResponse, Error>, now: Millis) {
        let Some(farewell) = self.state.farewell.as_mut() else {
            return;
        };
        farewell.in_flight = false;
        match result {
            Err(e) if is_retryable(&e) => {
                farewell.attempts += 1;
                let attempts = farewell.attempts;
                let at = now + self.backoff(attempts);
                if self.state.token_valid(at) {
                    if let Some(f) = self.state.farewell.as_mut() {
                        f.retry_at = Some(at);
                    }
                } else {
                    // The token is gone before the retry is due: the service cannot be told.
                    self.state.farewell = None;
                }
            }
            // Done; or a 403: the participant was already gone, which is what was asked.
            // Other refusals will not change on a retry.
            _ => self.state.farewell = None,
        }
    }

    fn end(&mut self, reason: EndReason) {
        if self.state.ended() {
            return;
        }
        self.state.status = ConnectionStatus::Ended;
        self.drop_sockets();
        // Answers to requests still out are of no use now (the disconnect's included).
        self.state
            .requests
            .retain(|_, p| matches!(p, Pending::Disconnect));
        self.state.reconnect_at = None;
        self.state.receipts.queue.clear();
        let unsent: Vec<String> = self
            .state
            .queue
            .drain(..)
            .map(|o| o.message.client_token)
            .chain(self.state.failed.drain(..).map(|m| m.client_token))
            .collect();
        for key in unsent {
            self.timeline.set_delivery(
                &key,
                Delivery::Failed {
                    reason: "The chat ended before this was sent.".into(),
                    retryable: false,
                },
            );
            self.event(Event::ItemChanged { key });
        }
        self.event(Event::Status(ConnectionStatus::Ended));
        self.event(Event::Ended(reason));
        self.emit(Output::ClearPersisted);
        self.state.last_persisted = None;
    }

    // ----- status and persistence -----

    fn refresh_status(&mut self) {
        let s = &self.state;
        let status = if s.ended() {
            return;
        } else if s.chat.is_none() {
            ConnectionStatus::Idle
        } else if !s.online {
            ConnectionStatus::Offline
        } else if s
            .primary
            .as_ref()
            .is_some_and(|p| p.phase == SockPhase::Live)
            || s.old.is_some()
        {
            ConnectionStatus::Connected
        } else if s.attempt > 0 {
            ConnectionStatus::Reconnecting {
                attempt: s.attempt,
                retry_at: s.retry_shown,
            }
        } else {
            ConnectionStatus::Connecting
        };
        if status != self.state.status {
            self.state.status = status;
            self.event(Event::Status(status));
        }
    }

    pub(super) fn build_snapshot(&self) -> Option<Snapshot> {
        let chat = self.state.chat.as_ref()?;
        Some(Snapshot {
            contact_id: chat.contact_id.clone(),
            participant_id: chat.participant_id.clone(),
            participant_token: chat.participant_token.clone(),
            connection_token: self.state.token.clone(),
            connection_expiry: self.state.token_expiry,
            last_item_id: self.state.marker.as_ref().map(|m| m.1.clone()),
            last_item_time: self.state.marker.as_ref().map(|m| m.0),
            last_read_id: self.state.last_read.as_ref().map(|m| m.1.clone()),
            last_read_time: self.state.last_read.as_ref().map(|m| m.0),
            unsent: self
                .state
                .queue
                .iter()
                .map(|o| o.message.clone())
                .chain(self.state.failed.iter().cloned())
                .collect(),
            disconnect_owed: false,
        })
    }

    fn maybe_persist(&mut self) {
        if self.state.ended() {
            return;
        }
        let snapshot = self.build_snapshot();
        if snapshot.is_some() && snapshot != self.state.last_persisted {
            self.state.last_persisted = snapshot.clone();
            if let Some(snapshot) = snapshot {
                self.emit(Output::Persist(snapshot));
            }
        }
    }
}

/// Whether an item is something a person wrote (a message or an attachment), the things
/// receipts are about.
fn is_message(item: &Item) -> bool {
    matches!(
        item.kind,
        Some(ChatItemType::Message | ChatItemType::Attachment)
    )
}
