//! The farewell: the DisconnectParticipant owed to the service after the customer ended the
//! chat. The chat is over for the customer at once; the service is told as soon as it can
//! be (at once, or when the network returns), retried on throttling, server errors and
//! network failures for as long as the ConnectionToken is valid. It is the only call a
//! session makes after its end, and it survives a reload (see
//! [`super::Session::farewell_snapshot`]).

use super::connection::Token;
use super::retry::Retry;
use super::shared::{Core, Purpose};
use super::timer::{Timeout, Wake};
use crate::error::Error;
use crate::operations::{DisconnectParticipant, DisconnectParticipantResponse};
use crate::retry::is_retryable;
use crate::time::Millis;

/// The owed DisconnectParticipant, while it is owed.
#[derive(Debug, Default)]
pub(super) struct Farewell {
    owed: Option<Retry>,
}

impl Farewell {
    /// The customer ended the chat: the service must be told.
    pub fn owe(&mut self) {
        self.owed = Some(Retry::default());
    }

    /// Whether it is still owed and can still be paid at `now` (a farewell whose token has
    /// run out is as good as dropped: it can never go).
    pub fn pending(&self, token: &Token, now: Millis) -> bool {
        self.owed.is_some() && token.valid(now)
    }

    /// The network is back: what waited for it goes now.
    pub fn wake(&mut self) {
        if let Some(retry) = self.owed.as_mut() {
            retry.wake();
        }
    }

    /// When to try again: while online, not out, and only while the token lasts.
    pub fn poll_timeout(&self, token: &Token, online: bool, now: Millis) -> Timeout {
        let retry = self.owed.as_ref().filter(|r| online && !r.in_flight())?;
        let at = retry.deadline()?.max(now);
        token.valid(at).then_some((at, Wake::Farewell))
    }

    /// Sends it when online and due; gives up once the ConnectionToken can no longer be
    /// used. `me` is the customer's ParticipantId.
    pub fn pump(&mut self, core: &mut Core, token: &Token, me: &str, online: bool, now: Millis) {
        let Some(retry) = &self.owed else {
            return;
        };
        if !retry.ready(now) || !online {
            return;
        }
        if !token.valid(now) {
            // Without a usable token the service cannot be told (and a new one would need a
            // call to CreateParticipantConnection, which must not follow the end).
            self.owed = None;
            return;
        }
        // One key per participant: a retry of a disconnect that went through is answered
        // as the first was.
        let op = DisconnectParticipant {
            client_token: Some(format!("{me}-disconnect")),
        };
        match core.call(&op, Purpose::Farewell, token.bearer()) {
            Ok(_) => {
                if let Some(retry) = self.owed.as_mut() {
                    retry.sent();
                }
            }
            Err(_) => self.owed = None,
        }
    }

    /// The answer to the DisconnectParticipant.
    pub fn on_answer(
        &mut self,
        core: &mut Core,
        token: &Token,
        result: Result<DisconnectParticipantResponse, Error>,
        now: Millis,
    ) {
        let Some(retry) = self.owed.as_mut() else {
            return;
        };
        retry.answered();
        match result {
            Err(e) if is_retryable(&e) => {
                let attempts = retry.failed();
                let at = now + core.backoff(attempts);
                if token.valid(at) {
                    retry.retry_at(at);
                } else {
                    // The token is gone before the retry is due: the service cannot be told.
                    self.owed = None;
                }
            }
            // Done; or a 403: the participant was already gone, which is what was asked.
            // Other refusals will not change on a retry.
            _ => self.owed = None,
        }
    }
}
