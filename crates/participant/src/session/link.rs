//! One websocket: opening, subscribing, then live with heartbeats and deep pings.

use super::timer::{at, Soonest, Timeout, Wake};
use super::{SessionConfig, SocketId};
use crate::frames::ClientFrame;
use crate::time::Millis;

/// Where a socket is in its life.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Phase {
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

/// A socket the session asked for.
#[derive(Debug, Clone)]
pub(super) struct Link {
    pub id: SocketId,
    pub phase: Phase,
    /// The URL it was opened with: a refused URL is not tried again.
    pub url: String,
    /// When it opened, then when it subscribed: its age counts from there.
    live_since: Millis,
    heartbeat_at: Millis,
    heartbeat_waiting: bool,
    ping_at: Option<Millis>,
}

/// What a subscribe answer or deadline leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Subscribe {
    /// Subscribed: the socket is live.
    Live,
    /// Send the subscribe (again) now.
    Send,
    /// Wait for the retry time or the answer.
    Wait,
    /// Too many failures: give the socket up.
    GiveUp,
}

impl Link {
    /// A socket asked to open at `now`.
    pub fn open(id: SocketId, url: String, now: Millis, config: &SessionConfig) -> Link {
        Link {
            id,
            phase: Phase::Opening {
                deadline: now + config.subscribe_timeout * 2,
            },
            url,
            live_since: now,
            heartbeat_at: now,
            heartbeat_waiting: false,
            ping_at: None,
        }
    }

    pub fn is_live(&self) -> bool {
        self.phase == Phase::Live
    }

    pub fn is_opening(&self) -> bool {
        matches!(self.phase, Phase::Opening { .. })
    }

    /// When a live socket is old enough to be replaced. Its URL's `ConnectionExpiry` plays
    /// no part: that only bounds when the URL may be opened.
    pub fn recycle_at(&self, config: &SessionConfig) -> Option<Millis> {
        if !self.is_live() {
            return None;
        }
        // At least a heartbeat interval, so a tiny setting cannot cause a stream of swaps.
        let age = config.socket_max_age.max(config.heartbeat_interval);
        Some(self.live_since.saturating_add(age))
    }

    /// When this socket needs the session next.
    pub fn timeout(&self) -> Timeout {
        match self.phase {
            Phase::Opening { deadline } => Some((deadline, Wake::SocketOpen)),
            Phase::Subscribing { deadline, .. } => Some((deadline, Wake::Subscribe)),
            Phase::Live => {
                Some((self.heartbeat_at, Wake::Heartbeat)).soonest(at(self.ping_at, Wake::Ping))
            }
        }
    }

    /// The socket opened: returns whether to send the subscribe.
    pub fn opened(&mut self, now: Millis, config: &SessionConfig) -> bool {
        if !self.is_opening() {
            return false;
        }
        self.phase = Phase::Subscribing {
            waiting: true,
            deadline: now + config.subscribe_timeout,
            failures: 0,
        };
        true
    }

    /// The answer to a subscribe arrived.
    pub fn subscribe_answered(
        &mut self,
        ok: bool,
        now: Millis,
        config: &SessionConfig,
    ) -> Subscribe {
        let Phase::Subscribing { failures, .. } = self.phase else {
            return Subscribe::Wait;
        };
        if ok {
            self.phase = Phase::Live;
            self.live_since = now;
            self.heartbeat_at = now + config.heartbeat_interval;
            self.heartbeat_waiting = false;
            self.ping_at = config.ping_interval.map(|p| now + p);
            return Subscribe::Live;
        }
        let failures = failures + 1;
        if failures >= config.subscribe_max_failures {
            return Subscribe::GiveUp;
        }
        self.phase = Phase::Subscribing {
            waiting: false,
            deadline: now + config.subscribe_retry_delay,
            failures,
        };
        Subscribe::Wait
    }

    /// The subscribe deadline passed: resend, or give up (an unanswered subscribe counts as
    /// a failure).
    pub fn subscribe_due(&mut self, now: Millis, config: &SessionConfig) -> Subscribe {
        let Phase::Subscribing {
            waiting,
            deadline,
            failures,
        } = self.phase
        else {
            return Subscribe::Wait;
        };
        if now < deadline {
            return Subscribe::Wait;
        }
        let failures = failures + u32::from(waiting);
        if failures >= config.subscribe_max_failures {
            return Subscribe::GiveUp;
        }
        self.phase = Phase::Subscribing {
            waiting: true,
            deadline: now + config.subscribe_timeout,
            failures,
        };
        Subscribe::Send
    }

    /// Whether the open deadline passed.
    pub fn open_overdue(&self, now: Millis) -> bool {
        matches!(self.phase, Phase::Opening { deadline } if now >= deadline)
    }

    pub fn heartbeat_answered(&mut self) {
        self.heartbeat_waiting = false;
    }

    /// Runs a live socket's heartbeat and ping at `now`: the frames to send, and whether the
    /// socket is dead (a heartbeat unanswered while the page was visible).
    pub fn live_timers(
        &mut self,
        now: Millis,
        config: &SessionConfig,
        visible: bool,
    ) -> (Vec<ClientFrame>, bool) {
        let mut frames = Vec::new();
        let mut dead = false;
        if now >= self.heartbeat_at {
            if self.heartbeat_waiting && visible {
                dead = true;
            } else {
                if !self.heartbeat_waiting {
                    frames.push(ClientFrame::Heartbeat);
                }
                self.heartbeat_waiting = true;
                self.heartbeat_at = now + config.heartbeat_interval;
            }
        }
        if let (Some(at), Some(every)) = (self.ping_at, config.ping_interval) {
            if now >= at && !dead {
                frames.push(ClientFrame::Ping);
                self.ping_at = Some(now + every);
            }
        }
        (frames, dead)
    }

    /// A fresh heartbeat, sent now: any reply clears the wait, so a socket that only missed
    /// replies while timers were throttled gets a fair chance.
    pub fn fresh_heartbeat(&mut self, now: Millis, config: &SessionConfig) {
        self.heartbeat_at = now + config.heartbeat_interval;
        self.heartbeat_waiting = true;
    }
}
