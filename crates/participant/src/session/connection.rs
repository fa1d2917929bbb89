//! The connection: the ConnectionToken, the websocket URL, the sockets (heartbeat, deep
//! ping, subscribe, recycling) and reconnecting with backoff.
//!
//! Two sockets can be live at once: when a socket is replaced (it reached
//! [`SessionConfig::socket_max_age`]), the new one subscribes before the old one closes.
//! What the connection learns that matters elsewhere comes back as a [`Signal`].

use super::link::{Link, Subscribe};
use super::retry::Retry;
use super::shared::{Core, Purpose};
use super::timer::{at, Soonest, Timeout, Wake};
use super::{Activity, Event, Failure, Output, SocketId};
use crate::error::{Error, ErrorKind};
use crate::frames::{ClientFrame, ServerFrame};
use crate::model::Item;
use crate::operations::{CreateParticipantConnection, CreateParticipantConnectionResponse};
use crate::time::{parse_iso8601, Millis};

/// How long a websocket URL stays openable when the service does not say (it documents
/// 100 s).
const DEFAULT_URL_LIFE: Millis = 100_000;

/// What the connection tells the rest of the session.
#[derive(Debug)]
pub(super) enum Signal {
    /// A socket subscribed, or the page came back to a live one: read what may have been
    /// missed.
    Resync,
    /// A reconnect is scheduled.
    Reconnecting,
    /// The ParticipantToken is refused or unusable: the chat is over.
    Refused,
    /// A chat item arrived on a socket.
    Item(Box<Item>),
}

/// The ConnectionToken and its times.
#[derive(Clone, Default)]
pub(super) struct Token {
    value: Option<String>,
    expiry: Option<Millis>,
    /// When it was received (unknown after a resume).
    issued: Option<Millis>,
}

impl std::fmt::Debug for Token {
    /// Without the token itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = if self.value.is_some() { "set" } else { "none" };
        write!(f, "{set} expiry {:?}", self.expiry)
    }
}

impl Token {
    /// Whether there is a token and it has not expired at `at`.
    pub fn valid(&self, at: Millis) -> bool {
        self.value.is_some() && self.expiry.is_none_or(|e| at < e)
    }

    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }

    /// What goes in `X-Amz-Bearer` (empty without a token: such a request is refused before
    /// it goes out).
    pub fn bearer(&self) -> &str {
        self.value.as_deref().unwrap_or_default()
    }

    pub fn value(&self) -> Option<&String> {
        self.value.as_ref()
    }

    pub fn expiry(&self) -> Option<Millis> {
        self.expiry
    }

    /// An answer to a request that carried `bearer` says the token is refused: forget it (a
    /// new one is fetched), unless it was replaced since the request went out.
    pub fn refused(&mut self, bearer: Option<&str>) {
        if bearer.is_none() || bearer == self.value.as_deref() {
            self.value = None;
        }
    }

    /// When to renew: `margin` before the expiry, but never earlier than half the token's
    /// life, so a short-lived token does not cause a stream of renewals.
    fn refresh_at(&self, margin: Millis) -> Option<Millis> {
        let expiry = self.expiry?;
        let mut margin = margin;
        if let Some(issued) = self.issued {
            margin = margin.min((expiry - issued) / 2);
        }
        Some(expiry - margin)
    }

    fn stale(&self, now: Millis, margin: Millis) -> bool {
        self.value.is_none() || self.refresh_at(margin).is_some_and(|t| now >= t)
    }
}

/// A websocket URL from CreateParticipantConnection, kept for (re)connects while it can
/// still be opened.
#[derive(Debug, Clone)]
struct WsUrl {
    url: String,
    /// Used to open a socket only before this time: `ConnectionExpiry` minus the margin.
    usable_until: Millis,
}

/// The connection's state.
#[derive(Default)]
pub(super) struct Connection {
    pub token: Token,
    /// The newest websocket URL, while it may still be used to open a socket.
    url: Option<WsUrl>,
    /// CreateParticipantConnection out, the reconnect attempts and when the next is due.
    reconnect: Retry,
    /// When the current reconnect attempt was due (shown in the status).
    retry_shown: Millis,
    primary: Option<Link>,
    /// The socket being replaced, while the new one subscribes.
    old: Option<Link>,
    hidden: bool,
}

impl std::fmt::Debug for Connection {
    /// Without the token or the URL.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let link = |l: &Option<Link>| l.as_ref().map(|l| (l.id, l.phase.clone()));
        f.debug_struct("Connection")
            .field("token", &self.token)
            .field("reconnect", &self.reconnect)
            .field("primary", &link(&self.primary))
            .field("old", &link(&self.old))
            .field("hidden", &self.hidden)
            .finish()
    }
}

impl Connection {
    /// Takes the stored token of a resumed chat, unless it has expired.
    pub fn restore(&mut self, token: Option<String>, expiry: Option<Millis>, now: Millis) {
        if expiry.is_none_or(|e| now < e) {
            self.token.value = token;
            self.token.expiry = expiry;
        }
    }

    /// Whether messages arrive live: a socket is subscribed (or the one being replaced is).
    pub fn is_connected(&self) -> bool {
        self.primary.as_ref().is_some_and(Link::is_live) || self.old.is_some()
    }

    /// The reconnect attempt under way and when it was due, if reconnecting.
    pub fn reconnecting(&self) -> Option<(u32, Millis)> {
        let attempt = self.reconnect.attempts();
        (attempt > 0).then_some((attempt, self.retry_shown))
    }

    /// When the connection needs the session next. Socket deadlines count even offline;
    /// the rest wait for the network.
    pub fn poll_timeout(&self, core: &Core, online: bool) -> Timeout {
        let sockets = self.primary.as_ref().and_then(Link::timeout);
        let sockets = sockets.soonest(self.old.as_ref().and_then(Link::timeout));
        if !online || self.reconnect.in_flight() {
            return sockets;
        }
        let next = match self.reconnect.deadline() {
            Some(t) => Some((t, Wake::Reconnect)),
            None => at(
                self.token.refresh_at(core.config.token_refresh_margin),
                Wake::TokenRefresh,
            )
            .soonest(at(self.recycle_at(core), Wake::Recycle)),
        };
        sockets.soonest(next)
    }

    fn recycle_at(&self, core: &Core) -> Option<Millis> {
        self.primary.as_ref()?.recycle_at(&core.config)
    }

    /// Gets what should exist: a socket, a fresh one when the current is old, a token that
    /// is not about to expire. `participant_token` authenticates CreateParticipantConnection.
    pub fn drive(
        &mut self,
        core: &mut Core,
        participant_token: &str,
        now: Millis,
    ) -> Option<Signal> {
        if !self.reconnect.ready(now) {
            return None;
        }
        self.reconnect.wake();
        let need_socket = self.primary.is_none();
        let recycle = self.recycle_at(core).is_some_and(|t| now >= t);
        let stale = self.token.stale(now, core.config.token_refresh_margin);
        if (need_socket || recycle) && !stale {
            if let Some(url) = self.usable_url(now) {
                self.open_socket(core, url, now);
                return None;
            }
        }
        if need_socket || recycle || stale {
            return self.create(core, participant_token);
        }
        None
    }

    /// The kept websocket URL, if it may still be opened at `now`; an outdated one is dropped.
    fn usable_url(&mut self, now: Millis) -> Option<String> {
        match &self.url {
            Some(u) if now < u.usable_until => Some(u.url.clone()),
            _ => {
                self.url = None;
                None
            }
        }
    }

    fn create(&mut self, core: &mut Core, participant_token: &str) -> Option<Signal> {
        let op = CreateParticipantConnection::websocket_and_credentials();
        match core.call(&op, Purpose::CreateConnection, participant_token) {
            Ok(_) => {
                self.reconnect.sent();
                None
            }
            Err(e) => {
                // Only an empty ParticipantToken can fail here, and it cannot be fixed.
                core.failed(Activity::Connect, e);
                Some(Signal::Refused)
            }
        }
    }

    fn open_socket(&mut self, core: &mut Core, url: String, now: Millis) {
        let id = core.next_id();
        if let Some(previous) = self.primary.take() {
            if previous.is_live() {
                if let Some(older) = self.old.replace(previous) {
                    core.emit(Output::CloseSocket { socket: older.id });
                }
            } else {
                core.emit(Output::CloseSocket {
                    socket: previous.id,
                });
            }
        }
        self.primary = Some(Link::open(id, url.clone(), now, &core.config));
        core.emit(Output::OpenSocket { socket: id, url });
    }

    /// The answer to CreateParticipantConnection.
    pub fn on_created(
        &mut self,
        core: &mut Core,
        result: Result<CreateParticipantConnectionResponse, Error>,
        now: Millis,
    ) -> Option<Signal> {
        self.reconnect.answered();
        let response = match result {
            Ok(response) => response,
            // The ParticipantToken is refused: the chat ended while we were away.
            Err(e) if e.kind() == Some(&ErrorKind::AccessDenied) => return Some(Signal::Refused),
            Err(_) => return Some(self.schedule_reconnect(core, now)),
        };
        let credentials = response.connection_credentials.unwrap_or_default();
        let websocket = response.websocket.unwrap_or_default();
        let (Some(token), Some(url)) = (credentials.connection_token, websocket.url) else {
            core.error(
                Activity::Connect,
                Failure::BadAnswer,
                Some(Error::Decode {
                    what: "CreateParticipantConnection",
                    reason: "no ConnectionToken or websocket URL".into(),
                }),
            );
            return Some(self.schedule_reconnect(core, now));
        };
        self.token = Token {
            value: Some(token),
            expiry: credentials.expiry.as_deref().and_then(parse_iso8601),
            issued: Some(now),
        };
        // The service's own time says until when the URL may be opened.
        let expiry = websocket
            .connection_expiry
            .as_deref()
            .and_then(parse_iso8601)
            .unwrap_or(now + DEFAULT_URL_LIFE);
        self.url = Some(WsUrl {
            url: url.clone(),
            usable_until: expiry - core.config.socket_refresh_margin,
        });
        // A token renewal alone leaves a healthy socket alone; the URL is kept for a
        // reconnect while it is usable.
        let recycle = self.recycle_at(core).is_some_and(|t| now >= t);
        if self.primary.is_none() || recycle {
            self.open_socket(core, url, now);
        }
        None
    }

    fn schedule_reconnect(&mut self, core: &mut Core, now: Millis) -> Signal {
        let attempt = self.reconnect.failed();
        // The first attempt goes at once; later ones back off.
        let delay = if attempt == 1 {
            0
        } else {
            core.backoff(attempt - 1)
        };
        self.reconnect.retry_at(now + delay);
        self.retry_shown = now + delay;
        Signal::Reconnecting
    }

    /// The browser went online or offline.
    pub fn set_online(&mut self, core: &mut Core, online: bool) {
        if online {
            self.reconnect.reset();
        } else {
            self.drop_sockets(core);
        }
    }

    /// The chat ended: every socket closes, no reconnect follows.
    pub fn stop(&mut self, core: &mut Core) {
        self.drop_sockets(core);
        self.reconnect.wake();
    }

    /// Closes every socket (offline, or the chat ended).
    pub fn drop_sockets(&mut self, core: &mut Core) {
        for link in [self.primary.take(), self.old.take()].into_iter().flatten() {
            core.emit(Output::CloseSocket { socket: link.id });
        }
    }

    pub fn on_opened(&mut self, core: &mut Core, socket: SocketId, now: Millis) {
        let Some(link) = self.primary.as_mut().filter(|l| l.id == socket) else {
            return;
        };
        if link.opened(now, &core.config) {
            core.emit(Output::SendFrame {
                socket,
                text: ClientFrame::Subscribe.to_json(),
            });
        }
    }

    /// A socket closed or failed.
    pub fn on_gone(
        &mut self,
        core: &mut Core,
        socket: SocketId,
        error: Option<String>,
        now: Millis,
    ) -> Option<Signal> {
        if self.old.as_ref().is_some_and(|l| l.id == socket) {
            self.old = None;
            return None;
        }
        if self.primary.as_ref().is_none_or(|l| l.id != socket) {
            return None;
        }
        if error.is_some() {
            core.emit(Output::CloseSocket { socket });
        }
        Some(self.socket_lost(core, now))
    }

    /// The primary socket is dead: fall back to the old one if it is still live, else
    /// reconnect with backoff.
    fn socket_lost(&mut self, core: &mut Core, now: Millis) -> Signal {
        if let Some(link) = self.primary.take() {
            // A URL that never opened is not tried again: the next attempt fetches a new one.
            if link.is_opening() && self.url.as_ref().is_some_and(|u| u.url == link.url) {
                self.url = None;
            }
        }
        if let Some(old) = self.old.take() {
            self.primary = Some(old);
        }
        self.schedule_reconnect(core, now)
    }

    fn kill_primary(&mut self, core: &mut Core, now: Millis) -> Signal {
        if let Some(link) = &self.primary {
            core.emit(Output::CloseSocket { socket: link.id });
        }
        self.socket_lost(core, now)
    }

    /// A text frame arrived.
    pub fn on_text(
        &mut self,
        core: &mut Core,
        socket: SocketId,
        text: &str,
        now: Millis,
    ) -> Option<Signal> {
        let is_primary = self.primary.as_ref().is_some_and(|l| l.id == socket);
        let is_old = self.old.as_ref().is_some_and(|l| l.id == socket);
        if !is_primary && !is_old {
            return None;
        }
        // A frame we cannot read is dropped; gap fill recovers any item it carried.
        let frame = ServerFrame::parse(text).ok()?;
        match frame {
            ServerFrame::Subscribed { ok, .. } if is_primary => self.on_subscribed(core, ok, now),
            ServerFrame::Subscribed { .. } | ServerFrame::Other { .. } => None,
            ServerFrame::Heartbeat => {
                for link in [self.primary.as_mut(), self.old.as_mut()]
                    .into_iter()
                    .flatten()
                {
                    if link.id == socket {
                        link.heartbeat_answered();
                    }
                }
                None
            }
            ServerFrame::Ping { status_code } => {
                core.event(Event::Ping { status_code });
                None
            }
            ServerFrame::Chat(item) => Some(Signal::Item(item)),
            // Reported, and nothing more: the official socket code only logs such frames
            // ("Forbidden", "Endpoint request timed out"); a dead socket shows as a missed
            // heartbeat.
            ServerFrame::Error {
                message,
                connection_id,
                request_id,
            } => {
                core.event(Event::ErrorFrame {
                    message,
                    connection_id,
                    request_id,
                });
                None
            }
        }
    }

    fn on_subscribed(&mut self, core: &mut Core, ok: bool, now: Millis) -> Option<Signal> {
        let link = self.primary.as_mut()?;
        match link.subscribe_answered(ok, now, &core.config) {
            Subscribe::Live => {
                self.reconnect.succeeded();
                if let Some(old) = self.old.take() {
                    core.emit(Output::CloseSocket { socket: old.id });
                }
                Some(Signal::Resync)
            }
            Subscribe::GiveUp => {
                core.error(Activity::Subscribe, Failure::Refused, None);
                Some(self.kill_primary(core, now))
            }
            Subscribe::Send | Subscribe::Wait => None,
        }
    }

    /// The page became visible or hidden.
    pub fn set_visible(&mut self, core: &mut Core, visible: bool, now: Millis) -> Option<Signal> {
        self.hidden = !visible;
        if !visible {
            return None;
        }
        match self.primary.as_mut() {
            Some(link) if link.is_live() => {
                link.fresh_heartbeat(now, &core.config);
                core.emit(Output::SendFrame {
                    socket: link.id,
                    text: ClientFrame::Heartbeat.to_json(),
                });
                // Timers may have been throttled while hidden: look for anything missed.
                Some(Signal::Resync)
            }
            Some(_) => None,
            None => {
                self.reconnect.hurry(now);
                None
            }
        }
    }

    /// Runs the sockets' deadlines at `now`. The old socket only needs to live until the new
    /// one subscribes.
    pub fn handle_timeout(&mut self, core: &mut Core, now: Millis) -> Option<Signal> {
        let mut signal = None;
        if let Some(link) = self.primary.as_mut() {
            if link.open_overdue(now) {
                signal = Some(self.kill_primary(core, now));
            } else if link.is_live() {
                signal = self.live_timers(core, now, false);
            } else {
                match link.subscribe_due(now, &core.config) {
                    Subscribe::GiveUp => {
                        core.error(Activity::Subscribe, Failure::Network, None);
                        signal = Some(self.kill_primary(core, now));
                    }
                    Subscribe::Send => {
                        let socket = link.id;
                        core.emit(Output::SendFrame {
                            socket,
                            text: ClientFrame::Subscribe.to_json(),
                        });
                    }
                    Subscribe::Live | Subscribe::Wait => {}
                }
            }
        }
        if self.old.is_some() {
            self.live_timers(core, now, true);
        }
        signal
    }

    /// Heartbeat and ping of a live socket (`old` or the primary); a dead one is closed.
    fn live_timers(&mut self, core: &mut Core, now: Millis, old: bool) -> Option<Signal> {
        let visible = !self.hidden;
        let slot = if old {
            self.old.as_mut()
        } else {
            self.primary.as_mut()
        };
        let link = slot?;
        let socket = link.id;
        let (frames, dead) = link.live_timers(now, &core.config, visible);
        for frame in frames {
            core.emit(Output::SendFrame {
                socket,
                text: frame.to_json(),
            });
        }
        if !dead {
            return None;
        }
        if old {
            core.emit(Output::CloseSocket { socket });
            self.old = None;
            None
        } else {
            Some(self.kill_primary(core, now))
        }
    }
}
