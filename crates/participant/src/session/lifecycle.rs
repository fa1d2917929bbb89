//! A chat's life as the session sees it: start or resume, the status shown, the stored
//! snapshot, and the end.

use super::shared::Purpose;
use super::{Chat, ConnectionStatus, EndReason, Event, Output, Session, Snapshot, StartChat};
use crate::http::HttpRequest;
use crate::time::Millis;

impl Session {
    /// Starts the chat `start`; with `snapshot`, resumes it as stored.
    pub(super) fn start(&mut self, start: StartChat, snapshot: Option<&Snapshot>, now: Millis) {
        if self.chat.is_some() {
            let failure = super::Failure::AlreadyStarted;
            self.core.error(super::Activity::Start, failure, None);
            return;
        }
        self.receipts.joined(Some(start.participant_id.clone()));
        self.timeline.set_contact(start.contact_id.clone());
        self.chat = Some(Chat {
            contact_id: start.contact_id,
            participant_id: start.participant_id,
            participant_token: start.participant_token,
        });
        self.status = ConnectionStatus::Connecting;
        self.core.event(Event::Status(ConnectionStatus::Connecting));
        if let Some(snapshot) = snapshot {
            self.connection.restore(
                snapshot.connection_token.clone(),
                snapshot.connection_expiry,
                now,
            );
            if snapshot.farewell_owed {
                // Ended before the reload: what is left is telling the service.
                self.say_farewell();
                return;
            }
            if let (Some(id), Some(time)) = (&snapshot.last_read_id, snapshot.last_read_time) {
                self.receipts.restore_last_read((time, id.clone()));
            }
            self.outbox
                .restore(&mut self.core, &mut self.timeline, &snapshot.unsent);
            self.auth.restore(&snapshot.authentications_closed);
            // With a stored token still valid, the transcript is read at once, beside the
            // socket's set-up, so that a reload shows the conversation round trips sooner.
            if self.connection.token.valid(now) {
                self.history.resync();
            }
        }
        // The transcript (again) once the socket is subscribed (the connection's `Resync`),
        // so that nothing falls between the page and the first live item.
    }

    pub(super) fn resume(&mut self, snapshot: Snapshot, now: Millis) {
        let start = StartChat {
            contact_id: snapshot.contact_id.clone(),
            participant_id: snapshot.participant_id.clone(),
            participant_token: snapshot.participant_token.clone(),
        };
        self.start(start, Some(&snapshot), now);
    }

    /// The requests a session resuming this chat at `now` would send before it hears
    /// anything: the connection, and the transcript while the connection token is valid.
    ///
    /// A page being left can store them so that the next one sends them ahead, while the
    /// widget's code is still loading; the resumed session then makes the same requests
    /// (the same [`HttpRequest::key`]) and can be given their answers. Nothing that changes
    /// the chat is among them: no message, no receipt, no goodbye.
    pub fn resume_requests(&self, now: Millis) -> Vec<HttpRequest> {
        let Some(snapshot) = self.build_snapshot().filter(|_| !self.is_ended()) else {
            return Vec::new();
        };
        let mut resumed = Session::new(self.core.config.clone());
        resumed.handle(super::Input::Resume(snapshot), now);
        let mut requests = Vec::new();
        while let Some(output) = resumed.poll_output() {
            if let Output::Http { id, request } = output {
                let purpose = resumed.core.purpose(id);
                if matches!(purpose, Some(Purpose::CreateConnection | Purpose::GapFill)) {
                    requests.push(request);
                }
            }
        }
        requests
    }

    /// The customer ends the chat: over for them at once, and the farewell owed to the
    /// service, paid as soon as it can be.
    pub(super) fn say_farewell(&mut self) {
        self.farewell.owe();
        self.end(EndReason::Customer);
    }

    pub(super) fn end(&mut self, reason: EndReason) {
        if self.is_ended() {
            return;
        }
        self.status = ConnectionStatus::Ended;
        self.connection.stop(&mut self.core);
        // Answers to requests still out are of no use now (the farewell's aside).
        self.core.forget(|p| *p != super::shared::Purpose::Farewell);
        self.receipts.clear();
        self.outbox.abandon(&mut self.core, &mut self.timeline);
        self.uploads.abandon(&mut self.core);
        self.core.event(Event::Status(ConnectionStatus::Ended));
        self.core.event(Event::Ended(reason));
        self.core.emit(Output::ClearPersisted);
        self.last_persisted = None;
    }

    pub(super) fn refresh_status(&mut self) {
        let status = if self.is_ended() {
            return;
        } else if self.chat.is_none() {
            ConnectionStatus::Idle
        } else if !self.online {
            ConnectionStatus::Offline
        } else if self.connection.is_connected() {
            ConnectionStatus::Connected
        } else if let Some((attempt, retry_at)) = self.connection.reconnecting() {
            ConnectionStatus::Reconnecting { attempt, retry_at }
        } else {
            ConnectionStatus::Connecting
        };
        if status != self.status {
            self.status = status;
            self.core.event(Event::Status(status));
        }
    }

    pub(super) fn build_snapshot(&self) -> Option<Snapshot> {
        let chat = self.chat.as_ref()?;
        let last_read = self.receipts.last_read();
        Some(Snapshot {
            contact_id: chat.contact_id.clone(),
            participant_id: chat.participant_id.clone(),
            participant_token: chat.participant_token.clone(),
            connection_token: self.connection.token.value().cloned(),
            connection_expiry: self.connection.token.expiry(),
            last_read_id: last_read.map(|m| m.1.clone()),
            last_read_time: last_read.map(|m| m.0),
            unsent: self.outbox.unsent(),
            authentications_closed: self.auth.closed().to_vec(),
            farewell_owed: false,
        })
    }

    /// Emits the snapshot when it changed (never after the end).
    pub(super) fn maybe_persist(&mut self) {
        if self.is_ended() {
            return;
        }
        let snapshot = self.build_snapshot();
        if snapshot.is_some() && snapshot != self.last_persisted {
            self.last_persisted = snapshot.clone();
            if let Some(snapshot) = snapshot {
                self.core.emit(Output::Persist(snapshot));
            }
        }
    }
}
