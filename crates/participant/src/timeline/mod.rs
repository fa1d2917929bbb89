//! The transcript as the customer sees it: one list ordered by `AbsoluteTime` then `Id`,
//! de-duplicated by `Id`, with the customer's unconfirmed messages at the end.
//!
//! Entries are found by key without a scan: each key maps to where its entry sorts (its
//! `(AbsoluteTime, Id)`, or its place among the pending ones), found again by binary search,
//! so the map stays right when entries are inserted in the middle. Every change is also
//! recorded as positional [`Diff`]s (taken with [`Timeline::take_diffs`]), so a list
//! renderer can follow the timeline without comparing it whole.
//!
//! # Streamed replies
//!
//! A bot reply streamed in chunks (Lex streaming) is one entry under its `Id`, stitched as
//! the official client library does (amazon-connect-chatjs `src/core/PartialMessageUtil.js`):
//! a partial is a `SYSTEM` `MESSAGE` with `MessageMetadata.MessageCompleted` present; a new
//! Id starts a reply only with `ChunkNumber` 1 or as the completed item; a partial is taken
//! only when its ChunkNumber is the last + 1 (each is one [`Diff::Update`]); the completed
//! item (or a transcript page's item under that Id) replaces the partials with its own
//! Content and time; anything after that is ignored. [`Entry::streaming`] says whether a
//! reply is still coming.
//!
//! ```
//! use connect_participant::model::{ChatItemType, Item};
//! use connect_participant::timeline::Timeline;
//!
//! let item = |id: &str, t: &str| Item {
//!     id: Some(id.into()),
//!     absolute_time: Some(t.into()),
//!     kind: Some(ChatItemType::Message),
//!     content_type: Some("text/plain".into()),
//!     content: Some(id.into()),
//!     ..Item::default()
//! };
//! let mut timeline = Timeline::default();
//! timeline.insert(item("b", "2024-01-01T00:00:02.000Z"), "me");
//! timeline.insert(item("a", "2024-01-01T00:00:01.000Z"), "me");
//! timeline.insert(item("b", "2024-01-01T00:00:02.000Z"), "me"); // a duplicate
//! let ids: Vec<_> = timeline.entries().map(|e| e.key.as_str()).collect();
//! assert_eq!(ids, ["a", "b"]);
//! // "a" went in before "b": the second insertion was at index 0.
//! use connect_participant::timeline::Diff;
//! assert_eq!(
//!     timeline.take_diffs(),
//!     [
//!         Diff::Insert { index: 0, key: "b".into() },
//!         Diff::Insert { index: 0, key: "a".into() },
//!     ]
//! );
//! ```

use std::collections::HashMap;

use crate::model::{ChatItemType, Item};
use crate::time::Millis;

mod answers;
mod entry;
mod stream;

pub use entry::{is_past, is_timeline_item, Delivery, Entry};
use stream::{Step, Stream};

/// What an insertion did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new entry with this key.
    Added(String),
    /// A new entry `key` replaced the entry `replaced` (an interactive message with the same
    /// `referenceId`).
    Replaced { key: String, replaced: String },
    /// The entry with this key changed.
    Changed(String),
    /// Nothing: a duplicate, or not a timeline item.
    None,
}

/// One change to the list of entries, by position (matrix-rust-sdk's `VectorDiff` is the
/// model). Applied in order to a copy of the list, the diffs taken so far give the list of
/// [`Timeline::entries`]. An entry that moves (a streamed reply completed at a later time, a
/// pending message confirmed) is removed and inserted again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diff {
    /// The entry `key` is now at `index`; those from `index` on moved one down.
    Insert { index: usize, key: String },
    /// The entry at `index` changed in place.
    Update { index: usize },
    /// The entry at `index` left; those after it moved one up.
    Remove { index: usize },
}

/// Where the entry with a key sorts, so it is found by binary search rather than a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    /// Among the confirmed entries, by this (time, Id).
    Confirmed {
        time: Option<Millis>,
        id: Option<String>,
    },
    /// Among the pending entries, by the order they were added.
    Pending { seq: u64 },
}

/// Where an entry is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Confirmed(usize),
    Pending(usize),
}

/// The ordered, de-duplicated transcript.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Confirmed entries by (time, id).
    confirmed: Vec<Entry>,
    /// The customer's messages not yet confirmed, in send order, each with its sequence
    /// number.
    pending: Vec<(u64, Entry)>,
    next_seq: u64,
    /// Every known item Id (chunks included) -> the key of its entry, `None` when the key is
    /// the Id itself (most entries: a long chat holds one Id less per entry).
    ids: HashMap<String, Option<String>>,
    /// Every entry's key -> where it sorts.
    slots: HashMap<String, Slot>,
    /// Changes not yet taken by [`Timeline::take_diffs`].
    diffs: Vec<Diff>,
    /// The chat's ContactId: items of other contacts are [`Entry::past`].
    contact_id: Option<String>,
    /// `referenceId` of a SYSTEM interactive message -> its entry's key.
    references: HashMap<String, String>,
    /// The newest entry that is not hidden.
    newest: Option<String>,
    /// Where the newest of the customer's own visible lines sorts.
    last_mine: Option<answers::Mark>,
    /// Entries whose answerability changed, not yet taken by [`Timeline::take_touched`].
    touched: Vec<String>,
}

/// The order of confirmed entries.
fn sort_key(entry: &Entry) -> (Option<Millis>, Option<&str>) {
    (entry.time, entry.id.as_deref())
}

impl Timeline {
    /// Every entry in order: confirmed ones by (AbsoluteTime, Id), then pending ones in send
    /// order.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.confirmed.iter().chain(self.pending())
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.confirmed.len() + self.pending.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entry with this key.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match self.locate(key)? {
            Place::Confirmed(i) => self.confirmed.get(i),
            Place::Pending(i) => self.pending.get(i).map(|(_, e)| e),
        }
    }

    /// The key of the entry that holds the item with this Id.
    pub fn key_of_id(&self, id: &str) -> Option<&str> {
        self.ids
            .get_key_value(id)
            .map(|(id, key)| key.as_deref().unwrap_or(id))
    }

    /// Records that the item `id` belongs to the entry `key`.
    fn link(&mut self, id: String, key: String) {
        let key = (key != id).then_some(key);
        self.ids.insert(id, key);
    }

    /// The newest entry someone other than the customer wrote (an event included).
    pub fn newest_incoming(&self) -> Option<&Entry> {
        self.confirmed.iter().rev().find(|e| !e.mine)
    }

    /// The customer's messages still pending, in send order.
    pub fn pending(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.pending.iter().map(|(_, e)| e)
    }

    /// Sets the chat's ContactId: items that name other contacts are history
    /// ([`Entry::past`]).
    pub fn set_contact(&mut self, contact_id: impl Into<String>) {
        self.contact_id = Some(contact_id.into());
    }

    /// The changes since the last call, in the order they happened.
    pub fn take_diffs(&mut self) -> Vec<Diff> {
        std::mem::take(&mut self.diffs)
    }

    /// Where the entry with `key` is now.
    fn locate(&self, key: &str) -> Option<Place> {
        match self.slots.get(key)? {
            Slot::Confirmed { time, id } => {
                let wanted = (*time, id.as_deref());
                let start = self.confirmed.partition_point(|e| sort_key(e) < wanted);
                // (time, Id) is unique in practice; look past equals all the same.
                self.confirmed[start..]
                    .iter()
                    .take_while(|e| sort_key(e) == wanted)
                    .position(|e| e.key == key)
                    .map(|i| Place::Confirmed(start + i))
            }
            Slot::Pending { seq } => self
                .pending
                .binary_search_by_key(seq, |(s, _)| *s)
                .ok()
                .map(Place::Pending),
        }
    }

    /// The position of `place` in [`Timeline::entries`].
    fn index(&self, place: Place) -> usize {
        match place {
            Place::Confirmed(i) => i,
            Place::Pending(i) => self.confirmed.len() + i,
        }
    }

    fn entry_mut(&mut self, place: Place) -> &mut Entry {
        match place {
            Place::Confirmed(i) => &mut self.confirmed[i],
            Place::Pending(i) => &mut self.pending[i].1,
        }
    }

    /// Records where `key` sorts. A key still held by another entry keeps pointing there:
    /// the entry found by a key is the first one given it.
    fn slot(&mut self, key: &str, slot: Slot) {
        if self.locate(key).is_none() {
            self.slots.insert(key.to_owned(), slot);
        }
    }

    /// Forgets where `key` sorts, if it pointed at `slot`.
    fn unslot(&mut self, key: &str, slot: &Slot) {
        if self.slots.get(key) == Some(slot) {
            self.slots.remove(key);
        }
    }

    /// Adds a server item (from the socket or a transcript page); `me` is the customer's
    /// ParticipantId. Duplicates (by Id) and non-timeline items change nothing; the chunks
    /// of a streamed reply grow one entry (see [Streamed replies](self#streamed-replies)).
    pub fn insert(&mut self, item: Item, me: &str) -> Change {
        let change = self.insert_item(item, me);
        self.settle();
        change
    }

    fn insert_item(&mut self, item: Item, me: &str) -> Change {
        if !is_timeline_item(&item) {
            return Change::None;
        }
        // is_timeline_item checked the Id.
        let Some(id) = item.id.clone() else {
            return Change::None;
        };
        let time = item.time_millis().unwrap_or(0);
        if let Some(key) = self.key_of_id(&id).map(str::to_owned) {
            if self.get(&key).is_some_and(Entry::streaming) {
                return self.stream_step(&key, item, time);
            }
            return self.update_attachment(&key, item);
        }
        let mut stream = None;
        if stream::is_chunk(&item) {
            match Stream::start(&item) {
                Step::Start(s) => stream = s,
                _ => return Change::None,
            }
        }
        let mine = item.participant_id.as_deref() == Some(me);
        let past = is_past(&item, self.contact_id.as_deref().unwrap_or_default());
        let hidden = mine && entry::hidden(item.content_type.as_deref(), item.content.as_deref());
        let reference = answers::reference_id(&item);
        let entry = Entry {
            key: id.clone(),
            id: Some(id.clone()),
            client_token: None,
            time: Some(time),
            mine,
            delivery: mine.then_some(Delivery::Sent),
            past,
            item,
            stream,
            hidden,
        };
        let mut replaced = None;
        if let Some(reference) = reference {
            if let Some(earlier) = self.references.get(&reference).cloned() {
                match self.locate(&earlier) {
                    Some(Place::Confirmed(pos))
                        if sort_key(&self.confirmed[pos]) < sort_key(&entry) =>
                    {
                        self.take_confirmed(pos);
                        replaced = Some(earlier);
                    }
                    // A newer one with this referenceId is shown: this one is superseded.
                    Some(_) => {
                        self.link(id, earlier);
                        return Change::None;
                    }
                    None => {}
                }
            }
            self.references.insert(reference, id.clone());
        }
        if let Some(earlier) = &replaced {
            // Its Id now leads here, so it is not added again by a later page.
            for (known, key) in self.ids.iter_mut() {
                if key.as_deref().unwrap_or(known) == earlier {
                    *key = (*known != id).then(|| id.clone());
                }
            }
        }
        self.ids.insert(id.clone(), None);
        self.place(entry);
        match replaced {
            Some(replaced) => Change::Replaced { key: id, replaced },
            None => Change::Added(id),
        }
    }

    /// Another item under the Id of a streamed reply still coming (it may move).
    fn stream_step(&mut self, key: &str, item: Item, time: Millis) -> Change {
        let Some(Place::Confirmed(pos)) = self.locate(key) else {
            return Change::None;
        };
        let Some(stream) = self.confirmed[pos].stream.as_mut() else {
            return Change::None;
        };
        match stream.take(item, time) {
            Step::Grow(item) => {
                self.confirmed[pos].item = item;
                self.diffs.push(Diff::Update { index: pos });
            }
            Step::Complete(item, time) => {
                let mut entry = self.take_confirmed(pos);
                entry.stream = None;
                entry.item = item;
                entry.time = Some(time);
                let index = self.place(entry);
                if index == pos {
                    // Back where it was: one change in place rather than a removal and an insert.
                    self.diffs.truncate(self.diffs.len() - 2);
                    self.diffs.push(Diff::Update { index });
                }
            }
            Step::Start(_) | Step::Ignore => return Change::None,
        }
        Change::Changed(key.to_owned())
    }

    /// An attachment item seen again with a new scan status replaces the old one.
    fn update_attachment(&mut self, key: &str, item: Item) -> Change {
        if item.kind != Some(ChatItemType::Attachment) {
            return Change::None;
        }
        let Some(Place::Confirmed(i)) = self.locate(key) else {
            return Change::None;
        };
        let entry = &mut self.confirmed[i];
        if entry.item.attachments == item.attachments {
            return Change::None;
        }
        entry.item.attachments = item.attachments;
        self.diffs.push(Diff::Update { index: i });
        Change::Changed(key.to_owned())
    }

    /// Removes the confirmed entry at `pos`, recording it.
    fn take_confirmed(&mut self, pos: usize) -> Entry {
        let entry = self.confirmed.remove(pos);
        self.unslot(
            &entry.key,
            &Slot::Confirmed {
                time: entry.time,
                id: entry.id.clone(),
            },
        );
        self.diffs.push(Diff::Remove { index: pos });
        entry
    }

    /// Inserts a confirmed entry in (time, Id) order, after any equal one; returns its index.
    fn place(&mut self, entry: Entry) -> usize {
        let key = sort_key(&entry);
        let pos = self.confirmed.partition_point(|e| sort_key(e) <= key);
        let slot = Slot::Confirmed {
            time: entry.time,
            id: entry.id.clone(),
        };
        let entry_key = entry.key.clone();
        self.confirmed.insert(pos, entry);
        self.slot(&entry_key, slot);
        self.diffs.push(Diff::Insert {
            index: pos,
            key: entry_key,
        });
        pos
    }

    /// Adds one of the customer's messages as pending; `key` is its ClientToken. Returns
    /// `false` (and changes nothing) if that ClientToken is already in the timeline.
    pub fn add_pending(&mut self, client_token: &str, content_type: &str, content: &str) -> bool {
        if self.slots.contains_key(client_token) {
            return false;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        let hidden = entry::hidden(Some(content_type), Some(content));
        self.pending.push((
            seq,
            Entry {
                key: client_token.to_owned(),
                id: None,
                client_token: Some(client_token.to_owned()),
                time: None,
                item: Item {
                    content: Some(content.to_owned()),
                    content_type: Some(content_type.to_owned()),
                    kind: Some(ChatItemType::Message),
                    ..Item::default()
                },
                mine: true,
                delivery: Some(Delivery::Queued),
                past: false,
                stream: None,
                hidden,
            },
        ));
        self.slot(client_token, Slot::Pending { seq });
        self.diffs.push(Diff::Insert {
            index: self.len() - 1,
            key: client_token.to_owned(),
        });
        self.settle();
        true
    }

    /// Removes the pending entry `client_token` (a failed message the customer gave up).
    pub fn remove_pending(&mut self, client_token: &str) -> bool {
        let Some(Place::Pending(pos)) = self.locate(client_token) else {
            return false;
        };
        let index = self.index(Place::Pending(pos));
        let (seq, _) = self.pending.remove(pos);
        self.unslot(client_token, &Slot::Pending { seq });
        self.diffs.push(Diff::Remove { index });
        self.settle();
        true
    }

    /// Sets the delivery status of the entry with this key.
    pub fn set_delivery(&mut self, key: &str, delivery: Delivery) -> bool {
        let Some(place) = self.locate(key) else {
            return false;
        };
        let entry = self.entry_mut(place);
        if entry.delivery.as_ref() == Some(&delivery) {
            return false;
        }
        entry.delivery = Some(delivery);
        let index = self.index(place);
        self.diffs.push(Diff::Update { index });
        true
    }

    /// The service confirmed the pending message `client_token` with this Id and time.
    ///
    /// If its echo already arrived as an entry of its own, the echo's entry is removed and
    /// the pending one takes its place; the returned key (if any) is the removed entry's.
    pub fn confirm(
        &mut self,
        client_token: &str,
        id: &str,
        absolute_time: Option<&str>,
    ) -> Option<String> {
        let Some(Place::Pending(pos)) = self.locate(client_token) else {
            return None;
        };
        let index = self.index(Place::Pending(pos));
        let (seq, mut entry) = self.pending.remove(pos);
        self.unslot(client_token, &Slot::Pending { seq });
        self.diffs.push(Diff::Remove { index });
        let mut removed = None;
        let mut time = absolute_time.and_then(crate::time::parse_iso8601);
        if let Some(echo_key) = self.key_of_id(id).map(str::to_owned) {
            if let Some(Place::Confirmed(echo_pos)) = self.locate(&echo_key) {
                let echo = self.take_confirmed(echo_pos);
                time = time.or(echo.time);
                entry.item = Item {
                    content: entry.item.content.take(),
                    content_type: entry.item.content_type.take(),
                    ..echo.item
                };
                removed = Some(echo_key);
            }
        }
        entry.id = Some(id.to_owned());
        entry.item.id = Some(id.to_owned());
        if entry.item.absolute_time.is_none() {
            entry.item.absolute_time = absolute_time.map(str::to_owned);
        }
        entry.time = Some(time.unwrap_or(0));
        if matches!(entry.delivery, Some(Delivery::Queued | Delivery::Sending)) {
            entry.delivery = Some(Delivery::Sent);
        }
        self.link(id.to_owned(), entry.key.clone());
        self.place(entry);
        self.settle();
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::EventType;

    fn item(id: &str, ms: Millis, who: &str) -> Item {
        Item {
            id: Some(id.into()),
            absolute_time: Some(crate::time::format_iso8601(ms)),
            kind: Some(ChatItemType::Message),
            content_type: Some("text/plain".into()),
            content: Some(format!("text {id}")),
            participant_id: Some(who.into()),
            ..Item::default()
        }
    }

    fn keys(t: &Timeline) -> Vec<String> {
        t.entries().map(|e| e.key.clone()).collect()
    }

    #[test]
    fn orders_by_time_then_id_and_dedups() {
        let mut t = Timeline::default();
        assert_eq!(t.insert(item("c", 2, "a"), "me"), Change::Added("c".into()));
        t.insert(item("b", 2, "a"), "me");
        t.insert(item("a", 3, "a"), "me");
        t.insert(item("z", 1, "a"), "me");
        assert_eq!(t.insert(item("b", 2, "a"), "me"), Change::None);
        assert_eq!(keys(&t), ["z", "b", "c", "a"]);
    }

    #[test]
    fn typing_and_receipts_stay_out() {
        let mut t = Timeline::default();
        let mut typing = item("t", 1, "a");
        typing.kind = Some(ChatItemType::Event);
        typing.content_type = Some(EventType::Typing.as_str().into());
        let mut receipt = item("r", 1, "a");
        receipt.kind = Some(ChatItemType::MessageMetadata);
        assert_eq!(t.insert(typing, "me"), Change::None);
        assert_eq!(t.insert(receipt, "me"), Change::None);
        assert!(t.is_empty());
    }

    #[test]
    fn pending_reconciles_with_response_and_echo_in_either_order() {
        // Response first, then the echo.
        let mut t = Timeline::default();
        assert!(t.add_pending("tok1", "text/plain", "hi"));
        assert!(!t.add_pending("tok1", "text/plain", "hi"));
        assert_eq!(
            t.confirm("tok1", "m1", Some("2024-01-01T00:00:00.005Z")),
            None
        );
        assert_eq!(t.insert(item("m1", 5, "me"), "me"), Change::None);
        assert_eq!(keys(&t), ["tok1"]);
        assert_eq!(t.get("tok1").unwrap().delivery, Some(Delivery::Sent));

        // Echo first, then the response: the echo's entry merges into the pending one.
        let mut t = Timeline::default();
        t.add_pending("tok2", "text/plain", "hi");
        t.insert(item("m2", 5, "me"), "me");
        assert_eq!(keys(&t), ["m2", "tok2"]);
        assert_eq!(t.confirm("tok2", "m2", None), Some("m2".into()));
        assert_eq!(keys(&t), ["tok2"]);
        assert_eq!(t.get("tok2").unwrap().time, Some(5));
        assert_eq!(t.key_of_id("m2"), Some("tok2"));
    }
}
