//! The transcript as the customer sees it: one list ordered by `AbsoluteTime` then `Id`,
//! de-duplicated by `Id`, with the customer's unconfirmed messages at the end.
//!
//! Entries are found by key without a scan: each key maps to where its entry sorts (its
//! `(AbsoluteTime, Id)`, or its place among the pending ones), found again by binary search,
//! so the map stays right when entries are inserted in the middle. Every change is also
//! recorded as positional [`Diff`]s (taken with [`Timeline::take_diffs`]), so a list
//! renderer can follow the timeline without comparing it whole.
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

use crate::content::EventType;
use crate::model::{ChatItemType, Item, MessageProcessingStatus};
use crate::session::SendingFailed;
use crate::time::Millis;

/// Where one of the customer's messages is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Waiting to be sent (offline, or behind an earlier message).
    Queued,
    /// The request is out.
    Sending,
    /// The service accepted it.
    Sent,
    /// Another participant received it.
    Delivered,
    /// Another participant read it.
    Read,
    /// It was not sent: why, and whether [`crate::session::Input::Retry`] may help.
    Failed(SendingFailed),
    /// The service accepted it but its processing status is REJECTED or FAILED.
    Rejected { status: MessageProcessingStatus },
}

/// One line of the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable for the entry's life: the ClientToken for the customer's own sends made here,
    /// the stream's MessageId for a stitched stream, otherwise the item's Id.
    pub key: String,
    /// The service's Id, once known (for a stream, its first chunk's Id).
    pub id: Option<String>,
    /// The ClientToken of a message sent from this session.
    pub client_token: Option<String>,
    /// `AbsoluteTime` in ms; `None` while pending.
    pub time: Option<Millis>,
    /// The item (for a pending message, a local stand-in with Content and ContentType; for a
    /// stream, the first chunk with the stitched Content).
    pub item: Item,
    /// Whether the customer of this session wrote it.
    pub mine: bool,
    /// For the customer's messages: where they are.
    pub delivery: Option<Delivery>,
    /// For a stitched stream: its chunks' Ids, times and contents, in order.
    chunks: Vec<(Millis, String, String)>,
}

/// What an insertion did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new entry with this key.
    Added(String),
    /// The entry with this key changed.
    Changed(String),
    /// Nothing: a duplicate, or not a timeline item.
    None,
}

/// One change to the list of entries, by position (matrix-rust-sdk's `VectorDiff` is the
/// model). Applied in order to a copy of the list, the diffs taken so far give the list of
/// [`Timeline::entries`]. An entry that moves (a stream whose earlier chunk arrived late, a
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
    /// Every known item Id (chunks included) -> the key of its entry.
    ids: HashMap<String, String>,
    /// Every entry's key -> where it sorts.
    slots: HashMap<String, Slot>,
    /// Changes not yet taken by [`Timeline::take_diffs`].
    diffs: Vec<Diff>,
}

/// Whether an item is a line of the conversation; see [`crate::session::is_timeline_item`].
pub fn is_timeline_item(item: &Item) -> bool {
    if item.id.is_none() {
        return false;
    }
    match item.kind.as_ref() {
        Some(ChatItemType::Typing)
        | Some(ChatItemType::ConnectionAck)
        | Some(ChatItemType::MessageDelivered)
        | Some(ChatItemType::MessageRead)
        | Some(ChatItemType::MessageMetadata) => return false,
        _ => {}
    }
    !matches!(
        item.event_type(),
        Some(EventType::Typing | EventType::MessageDelivered | EventType::MessageRead)
    )
}

/// The stream a chunk belongs to, by the one rule used to recognise streamed bot replies:
/// a `MESSAGE` whose `MessageMetadata.MessageId` is set and differs from its own `Id`. All
/// chunks of one reply carry the reply's MessageId; their contents are joined in
/// (AbsoluteTime, Id) order.
pub fn stream_id(item: &Item) -> Option<&str> {
    if item.kind != Some(ChatItemType::Message) {
        return None;
    }
    let message_id = item.message_metadata.as_ref()?.message_id.as_deref()?;
    (Some(message_id) != item.id.as_deref()).then_some(message_id)
}

/// The order of confirmed entries.
fn sort_key(entry: &Entry) -> (Option<Millis>, Option<&str>) {
    (entry.time, entry.id.as_deref())
}

impl Timeline {
    /// Every entry in order: confirmed ones by (AbsoluteTime, Id), then pending ones in send
    /// order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
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
        self.ids.get(id).map(String::as_str)
    }

    /// The customer's messages still pending, in send order.
    pub fn pending(&self) -> impl Iterator<Item = &Entry> {
        self.pending.iter().map(|(_, e)| e)
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
    /// ParticipantId. Duplicates (by Id) and non-timeline items change nothing.
    pub fn insert(&mut self, item: Item, me: &str) -> Change {
        if !is_timeline_item(&item) {
            return Change::None;
        }
        // is_timeline_item checked the Id.
        let Some(id) = item.id.clone() else {
            return Change::None;
        };
        if let Some(key) = self.ids.get(&id).cloned() {
            return self.update_attachment(&key, item);
        }
        let time = item.time_millis().unwrap_or(0);
        if let Some(stream) = stream_id(&item).map(str::to_owned) {
            return self.insert_chunk(stream, id, time, item, me);
        }
        let mine = item.participant_id.as_deref() == Some(me);
        let entry = Entry {
            key: id.clone(),
            id: Some(id.clone()),
            client_token: None,
            time: Some(time),
            mine,
            delivery: mine.then_some(Delivery::Sent),
            item,
            chunks: Vec::new(),
        };
        self.ids.insert(id.clone(), id.clone());
        self.place(entry);
        Change::Added(id)
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

    fn insert_chunk(
        &mut self,
        stream: String,
        id: String,
        time: Millis,
        item: Item,
        me: &str,
    ) -> Change {
        let content = item.content.clone().unwrap_or_default();
        self.ids.insert(id.clone(), stream.clone());
        if let Some(Place::Confirmed(pos)) = self.locate(&stream) {
            let mut entry = self.take_confirmed(pos);
            entry.chunks.push((time, id, content));
            entry.chunks.sort();
            let first = &entry.chunks[0];
            entry.time = Some(first.0);
            entry.id = Some(first.1.clone());
            entry.item.content = Some(entry.chunks.iter().map(|c| c.2.as_str()).collect());
            let index = self.place(entry);
            if index == pos {
                // Back where it was: one change in place rather than a removal and an insert.
                self.diffs.truncate(self.diffs.len() - 2);
                self.diffs.push(Diff::Update { index });
            }
            return Change::Changed(stream);
        }
        let mine = item.participant_id.as_deref() == Some(me);
        let entry = Entry {
            key: stream.clone(),
            id: Some(id.clone()),
            client_token: None,
            time: Some(time),
            mine,
            delivery: None,
            item,
            chunks: vec![(time, id, content)],
        };
        self.place(entry);
        Change::Added(stream)
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
                chunks: Vec::new(),
            },
        ));
        self.slot(client_token, Slot::Pending { seq });
        self.diffs.push(Diff::Insert {
            index: self.len() - 1,
            key: client_token.to_owned(),
        });
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
        if let Some(echo_key) = self.ids.get(id).cloned() {
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
        self.ids.insert(id.to_owned(), entry.key.clone());
        self.place(entry);
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MessageMetadata;

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

    #[test]
    fn stream_chunks_stitch_in_order() {
        let mut t = Timeline::default();
        let chunk = |id: &str, ms, text: &str| {
            let mut i = item(id, ms, "bot");
            i.content = Some(text.into());
            i.message_metadata = Some(MessageMetadata {
                message_id: Some("s1".into()),
                ..MessageMetadata::default()
            });
            i
        };
        assert_eq!(
            t.insert(chunk("c2", 20, "world"), "me"),
            Change::Added("s1".into())
        );
        assert_eq!(
            t.insert(chunk("c1", 10, "hello "), "me"),
            Change::Changed("s1".into())
        );
        assert_eq!(t.insert(chunk("c1", 10, "hello "), "me"), Change::None);
        t.insert(chunk("c3", 30, "!"), "me");
        let e = t.get("s1").unwrap();
        assert_eq!(e.item.content.as_deref(), Some("hello world!"));
        assert_eq!(e.time, Some(10));
        assert_eq!(t.len(), 1);
    }
}
