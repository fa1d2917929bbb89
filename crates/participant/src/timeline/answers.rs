//! Interactive messages in the transcript, as the official chat interface treats them
//! (amazon-connect-chat-interface `ChatTranscriptor.js:159, 173`, `ChatMessage.js:411-428`,
//! `ChatSession.js:786-812`):
//! - only the newest entry of the conversation can be answered, if it is an interactive
//!   message ([`Timeline::answerable`]); paging replies, which the official interface never
//!   adds, do not count;
//! - an interactive message is answered once the customer wrote after it
//!   ([`Timeline::answered`]), derived from the transcript, so it holds after a reload;
//! - a SYSTEM interactive message (not a view) with the same `referenceId` as an earlier
//!   one replaces it (compared only when both have one).
//!
//! When either changes for an entry, the entry reports an [`Diff::Update`] (and its key is
//! in [`Timeline::take_touched`]).

use serde_json::Value;

use super::{sort_key, Diff, Entry, Slot, Timeline};
use crate::content::INTERACTIVE;
use crate::interactive::is_view;
use crate::model::{Item, ParticipantRole};
use crate::time::Millis;

/// Where the newest of the customer's own lines sorts: confirmed entries by (time, Id),
/// before every pending one, pending ones in send order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Mark {
    Confirmed(Option<Millis>, Option<String>),
    Pending(u64),
}

/// Whether an entry is an incoming interactive message.
fn interactive(entry: &Entry) -> bool {
    !entry.mine && entry.item.content_type.as_deref() == Some(INTERACTIVE)
}

/// The `referenceId` of a SYSTEM interactive message that is not a view, as JSON text.
pub(super) fn reference_id(item: &Item) -> Option<String> {
    if item.participant_role != Some(ParticipantRole::System)
        || item.content_type.as_deref() != Some(INTERACTIVE)
    {
        return None;
    }
    let content = item.content.as_deref()?;
    if is_view(INTERACTIVE, content) {
        return None;
    }
    let value: Value = serde_json::from_str(content).ok()?;
    let reference = value.pointer("/data/content/referenceId")?;
    (!reference.is_null()).then(|| reference.to_string())
}

impl Timeline {
    /// Whether the interactive message `key` can be answered now: it is the newest entry
    /// (the customer's paging replies aside).
    pub fn answerable(&self, key: &str) -> bool {
        self.newest.as_deref() == Some(key) && self.get(key).is_some_and(interactive)
    }

    /// Whether the customer wrote after the entry `key`.
    pub fn answered(&self, key: &str) -> bool {
        let own = match self.slots.get(key) {
            Some(Slot::Confirmed { time, id }) => Mark::Confirmed(*time, id.clone()),
            Some(Slot::Pending { seq }) => Mark::Pending(*seq),
            None => return false,
        };
        self.last_mine.as_ref().is_some_and(|last| own < *last)
    }

    /// The keys of entries whose [`Timeline::answerable`] or [`Timeline::answered`] changed
    /// since the last call.
    pub fn take_touched(&mut self) -> Vec<String> {
        std::mem::take(&mut self.touched)
    }

    /// The newest entry that is not hidden, and where the newest of the customer's own
    /// visible lines sorts.
    fn scan(&self) -> (Option<String>, Option<Mark>) {
        let newest = self
            .entries()
            .rev()
            .find(|e| !e.hidden)
            .map(|e| e.key.clone());
        let pending = self.pending.iter().rev().find(|(_, e)| !e.hidden);
        let mark = match pending {
            Some((seq, _)) => Some(Mark::Pending(*seq)),
            None => self
                .confirmed
                .iter()
                .rev()
                .find(|e| e.mine && !e.hidden)
                .map(|e| Mark::Confirmed(e.time, e.id.clone())),
        };
        (newest, mark)
    }

    /// After a change: reports the entries whose answerability changed.
    pub(super) fn settle(&mut self) {
        let (newest, mark) = self.scan();
        if newest != self.newest {
            let before = std::mem::replace(&mut self.newest, newest.clone());
            for key in [before, newest].into_iter().flatten() {
                self.touch(&key);
            }
        }
        if mark != self.last_mine {
            let before = std::mem::replace(&mut self.last_mine, mark.clone());
            let (from, to) = (
                self.mark_index(before.as_ref()),
                self.mark_index(mark.as_ref()),
            );
            let range = from.min(to)..from.max(to);
            let keys: Vec<String> = self.confirmed[range]
                .iter()
                .filter(|e| interactive(e))
                .map(|e| e.key.clone())
                .collect();
            for key in keys {
                self.touch(&key);
            }
        }
    }

    /// How many confirmed entries sort before `mark` (none for no mark).
    fn mark_index(&self, mark: Option<&Mark>) -> usize {
        match mark {
            None => 0,
            Some(Mark::Pending(_)) => self.confirmed.len(),
            Some(Mark::Confirmed(time, id)) => self
                .confirmed
                .partition_point(|e| sort_key(e) < (*time, id.as_deref())),
        }
    }

    /// Reports that the interactive entry `key` changed in place.
    fn touch(&mut self, key: &str) {
        let Some(place) = self.locate(key) else {
            return;
        };
        if !self.get(key).is_some_and(interactive) {
            return;
        }
        let index = self.index(place);
        self.diffs.push(Diff::Update { index });
        if !self.touched.iter().any(|k| k == key) {
            self.touched.push(key.to_owned());
        }
    }
}
