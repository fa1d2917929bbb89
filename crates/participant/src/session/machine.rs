//! The session's inner state and its transitions.

use super::*;

#[derive(Debug, Clone)]
#[allow(dead_code)]
pub(crate) struct Chat {
    pub contact_id: String,
    pub participant_id: String,
    pub participant_token: String,
}

#[derive(Debug)]
pub(crate) struct Upload {}

#[derive(Debug)]
#[allow(dead_code)]
pub(crate) struct State {
    pub status: ConnectionStatus,
    pub chat: Option<Chat>,
    rng: u64,
}

impl State {
    pub fn new(seed: u64) -> State {
        State {
            status: ConnectionStatus::Idle,
            chat: None,
            rng: seed,
        }
    }

    pub fn has_older(&self) -> bool {
        false
    }
}

impl Session {
    pub(super) fn handle_input(&mut self, _input: Input, _now: Millis) {}

    pub(super) fn next_timeout(&self) -> Option<Millis> {
        None
    }

    pub(super) fn run_timers(&mut self, _now: Millis) {}

    pub(super) fn build_snapshot(&self) -> Option<Snapshot> {
        None
    }
}
