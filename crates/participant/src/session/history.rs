//! The transcript behind the live stream: the first page, the gap fill after every
//! (re)connect or return to the page, and older pages, on demand or, for a persistent chat,
//! at once.
//!
//! A persistent chat's history is in the current contact's own transcript: its first items
//! are the past session's (with `RelatedContactId` and no `ContactId`), then
//! `chat.rehydrated`. After that event the official interface loads the older pages of the
//! current contact, no ContactId named (ui `ChatSession.js:541-554`, up to two pages); so does
//! the session, as soon as the first page is in.
//!
//! The gap fill reads forward from the marker, the newest item a completed read ended on,
//! paging until the service has no more; items are de-duplicated by the timeline, so
//! overlap costs nothing. A fill that fails is retried with backoff; one the service refuses
//! outright (it does not know the marker) starts again from the beginning.

use super::connection::Token;
use super::retry::Retry;
use super::shared::{Core, Purpose};
use super::timer::{at, Timeout, Wake};
use super::{Activity, Event};
use crate::error::{Error, ErrorKind};
use crate::model::{Item, ScanDirection, SortKey, StartPosition};
use crate::operations::{GetTranscript, GetTranscriptResponse};
use crate::retry::is_retryable;
use crate::time::Millis;

/// Where the gap fill is.
#[derive(Debug, Default)]
struct GapFill {
    /// A fill should start (after a (re)connect, a return to the page).
    needed: bool,
    retry: Retry,
    /// The page to ask for next, when paging.
    paging: Option<String>,
    /// The newest item seen by the fill running now.
    newest: Option<(Millis, String)>,
    /// The first load (the most recent page) is done.
    initial_done: bool,
}

/// How many older pages a rehydrated chat loads by itself, as the official interface does.
const REHYDRATED_PAGES: u32 = 2;

/// Loading of older items.
#[derive(Debug, Default)]
struct Older {
    /// NextToken of the backward scan of the current contact; `None` once the first page
    /// is in means the transcript is exhausted.
    cursor: Option<String>,
    in_flight: bool,
    /// Pages still to load without being asked (after `chat.rehydrated`).
    unasked: u32,
}

/// The transcript's reading state.
#[derive(Debug, Default)]
pub(super) struct History {
    fill: GapFill,
    /// The newest item known to be in the timeline with nothing missing before it.
    marker: Option<(Millis, String)>,
    older: Older,
    rehydrated: bool,
}

impl History {
    /// Whether the first page has arrived.
    pub fn transcript_loaded(&self) -> bool {
        self.fill.initial_done
    }

    /// Whether older items can still be loaded.
    pub fn has_older(&self) -> bool {
        self.fill.initial_done && self.older.cursor.is_some()
    }

    /// Something may have been missed (a socket subscribed, the page came back): read it.
    pub fn resync(&mut self) {
        self.fill.needed = true;
    }

    /// The connection is lost and retried: read the transcript at every attempt, so that
    /// if only the websocket is blocked (a proxy) messages still arrive, at the pace of the
    /// backoff.
    pub fn on_reconnecting(&mut self) {
        if self.fill.initial_done {
            self.fill.needed = true;
        }
    }

    /// The chat continues an earlier one (`chat.rehydrated`): its history is loaded.
    /// Returns whether this is news.
    pub fn rehydrated(&mut self) -> bool {
        if self.rehydrated {
            return false;
        }
        self.rehydrated = true;
        self.older.unasked = REHYDRATED_PAGES;
        true
    }

    fn request(core: &Core, next_token: Option<String>) -> GetTranscript {
        GetTranscript {
            contact_id: None,
            max_results: Some(core.config.transcript_page_size),
            next_token,
            scan_direction: None,
            sort_order: Some(SortKey::Ascending),
            start_position: None,
        }
    }

    /// When a failed fill is to be tried again.
    pub fn poll_timeout(&self) -> Timeout {
        at(self.fill.retry.deadline(), Wake::GapFill)
    }

    /// Starts (or continues) the fill when one is needed and can go.
    pub fn pump(&mut self, core: &mut Core, token: &Token, now: Millis) {
        if token.valid(now) {
            self.pump_unasked(core, token);
        }
        let fill = &self.fill;
        if !fill.retry.ready(now) || !token.valid(now) || (!fill.needed && fill.paging.is_none()) {
            return;
        }
        let op = if !fill.initial_done {
            // The first load: the most recent page, backward; older pages on demand.
            Self::request(core, None)
        } else {
            let mut op = Self::request(core, fill.paging.clone());
            op.scan_direction = Some(ScanDirection::Forward);
            op.start_position = self.marker.as_ref().map(|(_, id)| StartPosition {
                id: Some(id.clone()),
                ..StartPosition::default()
            });
            op
        };
        if self.fill.paging.is_none() {
            self.fill.needed = false;
            self.fill.newest = None;
        }
        if core.call(&op, Purpose::GapFill, token.bearer()).is_ok() {
            self.fill.retry.sent();
        }
    }

    /// Loads a rehydrated chat's history, once the first page is in.
    fn pump_unasked(&mut self, core: &mut Core, token: &Token) {
        if self.older.unasked == 0 || !self.fill.initial_done || self.older.in_flight {
            return;
        }
        if self.older.cursor.is_none() {
            self.older.unasked = 0;
            return;
        }
        self.older.unasked -= 1;
        self.load_older(core, token);
    }

    /// A fill page arrived: returns its items, for the session to take in order.
    pub fn on_fill(
        &mut self,
        core: &mut Core,
        result: Result<GetTranscriptResponse, Error>,
        now: Millis,
    ) -> Vec<Item> {
        let fill = &mut self.fill;
        fill.retry.answered();
        let response = match result {
            Ok(response) => response,
            Err(e) => {
                fill.paging = None;
                fill.needed = true;
                // A refused token is renewed by the session; another refusal means the
                // service does not know our starting point: read from the start.
                if e.kind() != Some(&ErrorKind::AccessDenied) && !is_retryable(&e) {
                    self.marker = None;
                }
                let attempts = fill.retry.failed();
                let delay = core.backoff(attempts);
                fill.retry.retry_at(now + delay);
                return Vec::new();
            }
        };
        fill.retry.succeeded();
        for item in &response.transcript {
            if let (Some(id), Some(t)) = (&item.id, item.time_millis()) {
                if fill.newest.as_ref().is_none_or(|n| (t, id) > (n.0, &n.1)) {
                    fill.newest = Some((t, id.clone()));
                }
            }
        }
        if !fill.initial_done {
            fill.initial_done = true;
            self.older.cursor = response.next_token;
            fill.paging = None;
        } else {
            fill.paging = response.next_token;
        }
        if fill.paging.is_none() {
            if let Some(newest) = fill.newest.take() {
                if self.marker.as_ref().is_none_or(|m| newest > *m) {
                    self.marker = Some(newest);
                }
            }
        }
        response.transcript
    }

    /// The reader asks for older items: the next page back.
    pub fn load_older(&mut self, core: &mut Core, token: &Token) {
        if self.older.in_flight || !self.fill.initial_done {
            return;
        }
        let Some(cursor) = self.older.cursor.clone() else {
            return core.event(Event::OlderLoaded {
                count: 0,
                more: false,
            });
        };
        match core.call(
            &Self::request(core, Some(cursor)),
            Purpose::Older,
            token.bearer(),
        ) {
            Ok(_) => self.older.in_flight = true,
            Err(e) => core.failed(Activity::LoadOlder, e),
        }
    }

    /// An older page arrived: returns its items for the session to take (then it reports
    /// [`Event::OlderLoaded`]), or `None` if it failed (reported here).
    pub fn on_older(
        &mut self,
        core: &mut Core,
        result: Result<GetTranscriptResponse, Error>,
    ) -> Option<Vec<Item>> {
        self.older.in_flight = false;
        let response = match result {
            Ok(response) => response,
            Err(e) => {
                core.failed(Activity::LoadOlder, e);
                return None;
            }
        };
        self.older.cursor = response.next_token;
        Some(response.transcript)
    }
}
