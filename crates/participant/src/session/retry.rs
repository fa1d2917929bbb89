//! One call that is retried with backoff until it goes through: a message send, the gap
//! fill, the owed DisconnectParticipant, the connection itself.

use crate::time::Millis;

/// Where a retried call is: out or not, how many failures count, when to try again.
///
/// While the call is out there is no retry time; [`Retry::deadline`] is when the session
/// must wake for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Retry {
    in_flight: bool,
    attempts: u32,
    retry_at: Option<Millis>,
}

impl Retry {
    /// Whether the call may go at `now`: not out, and its retry time (if any) has come.
    pub fn ready(&self, now: Millis) -> bool {
        !self.in_flight && self.retry_at.is_none_or(|t| t <= now)
    }

    /// The call went out.
    pub fn sent(&mut self) {
        self.in_flight = true;
        self.retry_at = None;
    }

    /// The call's answer came (whatever it says).
    pub fn answered(&mut self) {
        self.in_flight = false;
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight
    }

    /// Counts a failure; returns the failures so far.
    pub fn failed(&mut self) -> u32 {
        self.attempts += 1;
        self.attempts
    }

    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The failures no longer count (the call went through).
    pub fn succeeded(&mut self) {
        self.attempts = 0;
    }

    /// Try again at `at`.
    pub fn retry_at(&mut self, at: Millis) {
        self.retry_at = Some(at);
    }

    /// Try again at once, if a retry is waiting.
    pub fn hurry(&mut self, now: Millis) {
        if self.retry_at.is_some() {
            self.retry_at = Some(now);
        }
    }

    /// Forget the retry time: the next chance goes (the network is back).
    pub fn wake(&mut self) {
        self.retry_at = None;
    }

    /// A fresh start: no failures, no waiting.
    pub fn reset(&mut self) {
        self.attempts = 0;
        self.retry_at = None;
    }

    /// When the call is due again, unless it is out.
    pub fn deadline(&self) -> Option<Millis> {
        if self.in_flight {
            None
        } else {
            self.retry_at
        }
    }
}
