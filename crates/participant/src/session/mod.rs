//! The chat session as a sans-IO state machine.
//!
//! A [`Session`] owns everything that makes a chat reliable: the connection (token, websocket,
//! heartbeat, refresh, reconnect), the [`Timeline`], the send queue, receipts and typing, and
//! the persisted [`Snapshot`]. It performs no I/O and reads no clock. The caller (the browser
//! shell, a test, a bot) drives it:
//!
//! 1. feed an [`Input`] with [`Session::handle`] (user intents, HTTP responses, socket events,
//!    online/visibility changes), always with the current time in milliseconds;
//! 2. drain [`Session::poll_output`] until it returns `None` and carry out each [`Output`]
//!    (send the HTTP request, open or close a socket, send a frame, store the snapshot, show
//!    the event);
//! 3. ask [`Session::poll_timeout`] when to wake it next and call [`Session::handle_timeout`]
//!    then (and drain outputs again).
//!
//! ```
//! use connect_participant::session::{Input, Output, Session, SessionConfig, StartChat};
//! use connect_participant::Endpoint;
//!
//! let mut session = Session::new(SessionConfig::new(Endpoint::custom("http://127.0.0.1:41001"), 7));
//! let start = StartChat::from_json(r#"{"data":{"startChatResult":{
//!     "ContactId":"c1","ParticipantId":"p1","ParticipantToken":"pt"}}}"#).unwrap();
//! session.handle(Input::Start(start), 0);
//! let mut requests = 0;
//! while let Some(output) = session.poll_output() {
//!     if let Output::Http { request, .. } = output {
//!         assert!(request.url.ends_with("/participant/connection"));
//!         requests += 1;
//!     }
//! }
//! assert_eq!(requests, 1);
//! ```
//!
//! Randomness: the crate has no RNG. ClientTokens come with the intents that need one (the
//! caller makes UUIDs), and backoff jitter comes from a small deterministic generator seeded
//! by [`SessionConfig::jitter_seed`] (seed it from a real random source in production, from a
//! constant in tests).
//!
//! Identifiers: every HTTP request the session issues has a [`RequestId`] and every socket a
//! [`SocketId`]; results come back tagged with them, so a late answer for a request or socket
//! the session has given up on is recognised and ignored.
//!
//! What a shell does, in short:
//! - pass the wall clock in milliseconds (`Date.now()`) with every call: the service's
//!   expiry times are wall-clock times;
//! - answer every [`Output::Http`] and [`Output::PutAttachment`] exactly once, with
//!   `Err(description)` when fetch itself failed;
//! - report every socket's open, text frames, close and error; after
//!   [`Output::CloseSocket`] it may stay silent about that socket;
//! - report `online`/`offline` and `visibilitychange` ([`Input::Online`], [`Input::Visible`]);
//! - keep one timer for [`Session::poll_timeout`], re-armed after every call;
//! - store [`Output::Persist`] (sessionStorage) and on load, if a snapshot is stored, send
//!   [`Input::Resume`] instead of starting a new chat;
//! - render from [`Session::timeline`] on [`Event::ItemAdded`] / [`Event::ItemChanged`] /
//!   [`Event::ItemRemoved`], keyed by [`Entry::key`], or follow [`Event::Timeline`]'s
//!   positional diffs; what an entry shows is on it and the timeline: [`Entry::streaming`]
//!   (keep the typing indicator up), [`Entry::past`] (a previous conversation),
//!   [`Entry::hidden`], [`Timeline::answerable`] and [`Timeline::answered`] (interactive
//!   messages), [`crate::interactive::shown_text`] (how the customer's own lines read);
//! - keep feeding a finished session while [`Session::farewell_pending`], and store
//!   [`Session::farewell_snapshot`] so a reload still says goodbye.
//!
//! How the session keeps the transcript whole: the first page loads once the socket is
//! subscribed; after every later (re)connect, socket swap or return to the page it reads
//! forward from the newest item its previous read ended on (the "marker"), paging until the
//! service has no more, so items lost with a dead socket are fetched again. Items are
//! de-duplicated by Id, so overlap costs nothing.
//!
//! Lifetimes: a websocket URL must be opened before its `ConnectionExpiry` (about 100 s
//! after it is issued), so it is reused for reconnects only until
//! [`SessionConfig::socket_refresh_margin`] before that, and fetched again after. An open
//! socket is independent of that time: it is replaced after
//! [`SessionConfig::socket_max_age`], the new socket subscribing before the old one is
//! closed. The ConnectionToken is renewed before its `Expiry`.
//!
//! Ending: [`Input::End`] ends the chat for the customer at once. The service is told with
//! DisconnectParticipant (the "farewell"), sent at once or, while offline, when the network
//! returns, and retried on throttling, server errors and network failures for as long as the
//! ConnectionToken is valid. It is the only call a session makes after its end.
//!
//! # Inside
//!
//! [`Session`] composes sub-machines, each with its own state, its methods and its deadline
//! (quinn-proto's connection and str0m's `Rtc` are the models):
//!
//! | part | owns |
//! |------|------|
//! | `connection` (with `link`, one socket) | the ConnectionToken and its renewal, the websocket URL, the sockets (open, subscribe, heartbeat, deep ping, recycling) and reconnecting with backoff |
//! | `outbox` | the send queue, in the order typed: pending messages, their retries, the failed ones holding the rest, echoes, typed text answering a view |
//! | `receipts` | delivered and read receipts both ways (one per window, the latest), the participants in the chat, the typing throttle |
//! | `history` | the first page, the gap fill and its marker, older pages (by themselves after `chat.rehydrated`) |
//! | `uploads` | attachment uploads: start, PUT, complete, their retries, cancel |
//! | `farewell` | the DisconnectParticipant owed after the customer ended the chat |
//! | `authentication` | the sign-in the flow asks for: the page fetched at once, closed by any later authentication event, finished sessions remembered |
//! | `one_shot` | requests that are not retried (attachment URL, view, authentication page, its cancellation) |
//!
//! Around them: `shared` holds what they share (configuration, the output queue, the requests
//! in flight with what each is for and the token it carried, the backoff's jitter); `retry`
//! is the one retried-call state (out, failures, retry time) that the outbox, the gap fill,
//! the farewell, the uploads and reconnecting use; `timer` names why the session wants to wake. Incoming
//! items are classified once (`items`) and routed: receipts to `receipts`, lines to the
//! [`Timeline`] with their side effects (participants, the end, authentication), which
//! history (older pages, a persistent chat's past items) does not have. Failures are typed
//! ([`Failure`], [`SessionError`], [`SendingFailed`]): the crate words nothing.
//!
//! Every entry point ([`Session::handle`], [`Session::handle_timeout`]) ends by driving the
//! parts: each compares what should exist (a connection, a subscribed socket, requests for
//! queued sends, gap fill, receipts, the farewell) with what does, and asks for the
//! difference. Time-based decisions are made only from `now` and the service's own times.

mod authentication;
mod config;
mod connection;
mod farewell;
mod history;
mod input;
mod items;
mod lifecycle;
mod link;
mod one_shot;
mod outbox;
mod outcome;
mod output;
mod receipts;
mod retry;
mod shared;
mod snapshot;
mod start;
mod timer;
mod uploads;

pub use crate::timeline::{Delivery, Diff, Entry, Timeline};
pub use authentication::AuthenticationOutcome;
pub use config::SessionConfig;
pub use input::Input;
pub use outcome::{Activity, Failure, SendingFailed, SessionError};
pub use output::{AttachmentStatus, ConnectionStatus, EndReason, Event, Output, ReceiptKind};
pub use snapshot::{QueuedMessage, Snapshot};
pub use start::{StartChat, StartChatRequest};

use crate::error::{Error, ErrorKind};
use crate::http::HttpResponse;
use crate::model::Item;
use crate::operations::*;
use crate::time::Millis;
use authentication::Authentication;
use connection::{Connection, Signal};
use farewell::Farewell;
use history::History;
use items::Source;
use one_shot::one_shot;
use outbox::Outbox;
use receipts::Receipts;
use shared::{Core, InFlight, Purpose};
use timer::{Soonest, Timeout};
use uploads::Uploads;

/// Identifies an HTTP request the session asked for; the response comes back with it.
pub type RequestId = u64;
/// Identifies a websocket the session asked to open; its events come back with it.
pub type SocketId = u64;

/// The chat being served: what StartChat returned.
#[derive(Clone)]
struct Chat {
    contact_id: String,
    participant_id: String,
    participant_token: String,
}

/// The chat session. See the [module documentation](self).
///
/// One session serves one chat: after it ends, start the next chat with a new session.
pub struct Session {
    core: Core,
    chat: Option<Chat>,
    status: ConnectionStatus,
    online: bool,
    /// The time of the latest call, for decisions that need it outside of one.
    now: Millis,
    timeline: Timeline,
    connection: Connection,
    outbox: Outbox,
    receipts: Receipts,
    history: History,
    uploads: Uploads,
    farewell: Farewell,
    auth: Authentication,
    last_persisted: Option<Snapshot>,
}

impl std::fmt::Debug for Session {
    /// A summary without tokens, safe to log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("status", &self.status)
            .field("contact_id", &self.contact_id())
            .field("participant_id", &self.participant_id())
            .field("online", &self.online)
            .field("now", &self.now)
            .field("next_wake", &self.next_wake())
            .field("timeline", &self.timeline.len())
            .field("pending", &self.timeline.pending().count())
            .field("requests", &self.core.in_flight())
            .field("connection", &self.connection)
            .field("outbox", &self.outbox)
            .field("receipts", &self.receipts.queued())
            .field("history", &self.history)
            .field("farewell", &self.farewell)
            .finish()
    }
}

impl Session {
    /// A session that does nothing until [`Input::Start`] or [`Input::Resume`].
    pub fn new(config: SessionConfig) -> Session {
        Session {
            core: Core::new(config),
            chat: None,
            status: ConnectionStatus::Idle,
            online: true,
            now: 0,
            timeline: Timeline::default(),
            connection: Connection::default(),
            outbox: Outbox::default(),
            receipts: Receipts::default(),
            history: History::default(),
            uploads: Uploads::default(),
            farewell: Farewell::default(),
            auth: Authentication::default(),
            last_persisted: None,
        }
    }

    /// Feeds one input at time `now` (ms since the epoch). Drain [`Session::poll_output`]
    /// afterwards.
    pub fn handle(&mut self, input: Input, now: Millis) {
        let core = &mut self.core;
        let token = &self.connection.token;
        match input {
            Input::Start(start) => self.start(start, None, now),
            Input::Resume(snapshot) => self.resume(snapshot, now),
            Input::HttpResponse { id, result } => self.on_response(id, result, now),
            Input::SocketOpened { socket } => self.connection.on_opened(core, socket, now),
            Input::SocketText { socket, text } => {
                let signal = self.connection.on_text(core, socket, &text, now);
                self.signal(signal, now);
            }
            Input::SocketClosed { socket, .. } => {
                let signal = self.connection.on_gone(core, socket, None, now);
                self.signal(signal, now);
            }
            Input::SocketError { socket, message } => {
                let signal = self.connection.on_gone(core, socket, Some(message), now);
                self.signal(signal, now);
            }
            Input::Online(online) => {
                self.online = online;
                self.connection.set_online(core, online);
                if online {
                    self.farewell.wake();
                    self.uploads.online(now);
                }
            }
            Input::Visible(visible) => {
                let signal = self.connection.set_visible(core, visible, now);
                self.signal(signal, now);
            }
            // Like an answer, a cancel is of no interest after the end.
            Input::CancelUpload { client_token } => {
                if self.status != ConnectionStatus::Ended {
                    self.uploads.cancel(core, client_token);
                }
            }
            _ if self.chat.is_none() => core.error(input.activity(), Failure::NotStarted, None),
            _ if self.status == ConnectionStatus::Ended => {
                core.error(input.activity(), Failure::ChatEnded, None)
            }
            Input::SendMessage {
                content_type,
                content,
                client_token,
            } => {
                let timeline = &mut self.timeline;
                self.outbox
                    .send(core, timeline, content_type, content, client_token)
            }
            Input::Typing => self.receipts.typing(core, token, self.online, now),
            Input::MarkRead { item_id } => self.receipts.mark_read(&self.timeline, item_id),
            Input::Retry { client_token } => {
                self.outbox.retry(core, &mut self.timeline, &client_token)
            }
            Input::Remove { client_token } => {
                self.outbox.remove(core, &mut self.timeline, &client_token)
            }
            Input::LoadOlder => self.history.load_older(core, token),
            Input::StartUpload {
                name,
                content_type,
                size,
                client_token,
            } => {
                let op = StartAttachmentUpload {
                    content_type,
                    attachment_size_in_bytes: size,
                    attachment_name: name,
                    client_token,
                };
                self.uploads.start(core, token, self.online, op)
            }
            Input::GetAttachmentUrl { attachment_id } => {
                let op = GetAttachment {
                    attachment_id: attachment_id.clone(),
                    url_expiry_in_seconds: None,
                    url_content_disposition: None,
                };
                let purpose = Purpose::GetAttachment { attachment_id };
                one_shot(core, token, self.online, &op, purpose, now);
            }
            Input::DescribeView { view_token } => {
                let op = DescribeView {
                    view_token: view_token.clone(),
                };
                let purpose = Purpose::DescribeView { view_token };
                one_shot(core, token, self.online, &op, purpose, now);
            }
            Input::CancelAuthentication { session_id } => {
                let op = CancelParticipantAuthentication { session_id };
                one_shot(core, token, self.online, &op, Purpose::CancelAuth, now);
            }
            Input::End => self.say_farewell(),
        }
        self.drive(now);
    }

    /// The next thing to do, or `None` when there is nothing left.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.core.poll_output()
    }

    /// When [`Session::handle_timeout`] should next be called, if anything is scheduled.
    pub fn poll_timeout(&self) -> Option<Millis> {
        self.next_wake().map(|(at, _)| at)
    }

    /// The soonest deadline of all parts, and why.
    fn next_wake(&self) -> Timeout {
        let token = &self.connection.token;
        if self.is_ended() {
            // Only the owed DisconnectParticipant can still be due, while its token lasts.
            return self.farewell.poll_timeout(token, self.online, self.now);
        }
        // Nothing runs before a chat starts.
        self.chat.as_ref()?;
        let connection = self.connection.poll_timeout(&self.core, self.online);
        if !self.online {
            return connection;
        }
        // These need a usable token at their time; without one, getting a token comes first
        // and its answer wakes the session.
        let callable = |t: &(Millis, timer::Wake)| token.valid(t.0.max(self.now));
        connection
            .soonest(self.outbox.poll_timeout().filter(callable))
            .soonest(self.history.poll_timeout().filter(callable))
            .soonest(self.receipts.poll_timeout().filter(callable))
            .soonest(self.uploads.poll_timeout().filter(callable))
    }

    /// Runs what is due at `now` (heartbeats, refreshes, reconnects, retries, receipts).
    pub fn handle_timeout(&mut self, now: Millis) {
        if !self.is_ended() {
            let signal = self.connection.handle_timeout(&mut self.core, now);
            self.signal(signal, now);
        }
        self.drive(now);
    }

    /// Acts on what the connection reported.
    fn signal(&mut self, signal: Option<Signal>, now: Millis) {
        match signal {
            None => {}
            Some(Signal::Resync) => self.history.resync(),
            Some(Signal::Reconnecting) => self.history.on_reconnecting(),
            Some(Signal::Refused) => self.end(EndReason::Expired),
            Some(Signal::Item(item)) => self.accept_item(*item, Source::Socket, now),
        }
    }

    /// Lets every part ask for what it needs now; then the status, the snapshot and the
    /// timeline's diffs go out.
    fn drive(&mut self, now: Millis) {
        self.now = self.now.max(now);
        let running = self.online && !self.is_ended();
        let core = &mut self.core;
        let token = &self.connection.token;
        let me = self.chat.as_ref().map_or("", |c| c.participant_id.as_str());
        self.farewell.pump(core, token, me, self.online, now);
        if let Some(chat) = self.chat.as_ref().filter(|_| running) {
            let participant_token = chat.participant_token.clone();
            let signal = self.connection.drive(core, &participant_token, now);
            self.signal(signal, now);
            let core = &mut self.core;
            let token = &self.connection.token;
            self.outbox.pump(core, &mut self.timeline, token, now);
            self.history.pump(core, token, now);
            self.receipts.pump(core, token, now);
            self.auth.pump(core, token, now);
            self.uploads.pump(core, token, now);
        }
        self.refresh_status();
        self.maybe_persist();
        for key in self.timeline.take_touched() {
            self.core.event(Event::ItemChanged { key });
        }
        let diffs = self.timeline.take_diffs();
        if !diffs.is_empty() {
            self.core.event(Event::Timeline(diffs));
        }
    }

    /// Routes an answer to the part that asked.
    fn on_response(&mut self, id: RequestId, result: Result<HttpResponse, String>, now: Millis) {
        let Some(InFlight { purpose, bearer }) = self.core.answered(id) else {
            return;
        };
        fn parse<O: Operation>(result: &Result<HttpResponse, String>) -> Result<O::Output, Error> {
            match result {
                Ok(response) => O::from_http_response(response),
                Err(message) => Err(Error::Network(message.clone())),
            }
        }
        let core = &mut self.core;
        if purpose == Purpose::Farewell {
            let r = parse::<DisconnectParticipant>(&result);
            return self
                .farewell
                .on_answer(core, &self.connection.token, r, now);
        }
        if self.status == ConnectionStatus::Ended {
            return;
        }
        // An answer that refuses the ConnectionToken it carried: a new one is fetched.
        let token = &mut self.connection.token;
        let mut check = |e: Option<&Error>| {
            if e.and_then(Error::kind) == Some(&ErrorKind::AccessDenied) {
                token.refused(bearer.as_deref());
            }
        };
        match purpose {
            Purpose::CreateConnection => {
                let r = parse::<CreateParticipantConnection>(&result);
                let signal = self.connection.on_created(core, r, now);
                self.signal(signal, now);
            }
            Purpose::Send { client_token } => {
                let r = parse::<SendMessage>(&result);
                check(r.as_ref().err());
                let timeline = &mut self.timeline;
                self.outbox.on_sent(core, timeline, client_token, r, now);
            }
            // Best effort: a lost typing event or receipt is not worth a retry; a 409 (too
            // many participants) is expected.
            Purpose::Typing | Purpose::Receipt => {
                check(parse::<SendEvent>(&result).as_ref().err());
            }
            Purpose::GapFill => {
                let r = parse::<GetTranscript>(&result);
                check(r.as_ref().err());
                for item in self.history.on_fill(core, r, now) {
                    self.accept_item(item, Source::Transcript, now);
                }
            }
            Purpose::Older => {
                let r = parse::<GetTranscript>(&result);
                check(r.as_ref().err());
                let before = self.timeline.len();
                if let Some(items) = self.history.on_older(core, r) {
                    for item in items {
                        self.accept_item(item, Source::Older, now);
                    }
                    let count = self.timeline.len().saturating_sub(before);
                    let more = self.history.has_older();
                    self.core.event(Event::OlderLoaded { count, more });
                }
            }
            Purpose::StartUpload { client_token } => {
                let r = parse::<StartAttachmentUpload>(&result);
                check(r.as_ref().err());
                self.uploads.on_started(core, client_token, r, now);
            }
            Purpose::PutUpload { client_token } => {
                self.uploads.on_put(core, client_token, result);
            }
            Purpose::CompleteUpload { client_token } => {
                let r = parse::<CompleteAttachmentUpload>(&result);
                check(r.as_ref().err());
                self.uploads.on_completed(core, client_token, r, now);
            }
            Purpose::AuthUrl { session_id } => {
                let r = parse::<GetAuthenticationUrl>(&result);
                self.auth.on_url(core, session_id, r);
            }
            purpose @ (Purpose::GetAttachment { .. }
            | Purpose::DescribeView { .. }
            | Purpose::CancelAuth) => one_shot::on_answer(core, purpose, &result),
            // Answered above, ended or not.
            Purpose::Farewell => {}
        }
    }

    /// The ordered, de-duplicated transcript with pending messages at the end.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The connection status.
    pub fn status(&self) -> ConnectionStatus {
        self.status
    }

    /// The current snapshot, if a chat was started or resumed.
    pub fn snapshot(&self) -> Option<Snapshot> {
        self.build_snapshot()
    }

    /// Whether the chat has ended.
    pub fn is_ended(&self) -> bool {
        self.status == ConnectionStatus::Ended
    }

    /// Whether the customer ended the chat and the service has not yet been told
    /// (DisconnectParticipant waits for the network, or for a retry), as of the latest call.
    /// Keep feeding such a session (its timer, online changes and HTTP answers) until this
    /// is `false`, also when the next chat starts with a new session.
    pub fn farewell_pending(&self) -> bool {
        self.farewell.pending(&self.connection.token, self.now)
    }

    /// While [`Session::farewell_pending`]: what to store so that the DisconnectParticipant
    /// is still sent after a reload. A new session given it as [`Input::Resume`] ends at
    /// once, for the customer, and only tells the service (no connection, no transcript).
    pub fn farewell_snapshot(&self) -> Option<Snapshot> {
        if !self.farewell_pending() {
            return None;
        }
        self.build_snapshot().map(|s| Snapshot {
            farewell_owed: true,
            unsent: Vec::new(),
            ..s
        })
    }

    /// Whether older items can still be loaded with [`Input::LoadOlder`] (always `false`
    /// before [`Session::transcript_loaded`]).
    pub fn has_older(&self) -> bool {
        self.history.has_older()
    }

    /// Whether the first transcript page has arrived (after a start or a resume).
    pub fn transcript_loaded(&self) -> bool {
        self.history.transcript_loaded()
    }

    /// The customer's ParticipantId, once started.
    pub fn participant_id(&self) -> Option<&str> {
        self.chat.as_ref().map(|c| c.participant_id.as_str())
    }

    /// The ContactId, once started.
    pub fn contact_id(&self) -> Option<&str> {
        self.chat.as_ref().map(|c| c.contact_id.as_str())
    }
}

/// Whether an item is shown in the timeline (rather than only raising an event): messages,
/// attachments and the events that read as lines of the conversation (joined, left, ended,
/// transfers); not typing, receipts or connection acks.
pub fn is_timeline_item(item: &Item) -> bool {
    crate::timeline::is_timeline_item(item)
}
