//! Streamed bot replies (Lex streaming), stitched as the official client library does
//! (amazon-connect-chatjs `src/core/PartialMessageUtil.js`).
//!
//! A partial is a `MESSAGE` from the `SYSTEM` role whose `MessageMetadata.MessageCompleted`
//! is present. All chunks of one reply share its `Id`:
//! - an Id seen for the first time starts a reply only with `ChunkNumber` 1 or as the
//!   completed item; anything else is ignored;
//! - a partial is appended only when its ChunkNumber is the last one + 1 (a gap, a duplicate
//!   or an older chunk is ignored: nothing is buffered);
//! - the completed item replaces the partials: its own Content (the whole text) and its own
//!   `AbsoluteTime`; once complete, anything more under that Id is ignored;
//! - while partial, the reply shows the concatenated Content, the first chunk's time and
//!   the latest chunk's other fields.
//!
//! Any other item under the Id of a reply still coming completes it: a transcript page holds
//! the stored, completed item (chatjs's `rehydratePartialMessageMap`).

use crate::model::{ChatItemType, Item, ParticipantRole};
use crate::time::Millis;

/// Whether an item is a chunk of a streamed reply (partial or completed).
pub fn is_chunk(item: &Item) -> bool {
    item.participant_role == Some(ParticipantRole::System)
        && item.kind == Some(ChatItemType::Message)
        && item
            .message_metadata
            .as_ref()
            .is_some_and(|m| m.message_completed.is_some())
}

fn completed(item: &Item) -> bool {
    item.message_metadata
        .as_ref()
        .and_then(|m| m.message_completed)
        .unwrap_or(false)
}

fn chunk_number(item: &Item) -> Option<u32> {
    item.message_metadata.as_ref()?.chunk_number
}

/// The partial chunks of a reply still coming, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    /// (ChunkNumber, Content) of each chunk taken.
    chunks: Vec<(u32, String)>,
    /// The first chunk's `AbsoluteTime`, the reply's while it grows.
    absolute_time: Option<String>,
}

/// What a chunk does to its reply.
#[derive(Debug)]
pub enum Step {
    /// A new reply: a partial `Stream`, or `None` for one that came completed at once.
    Start(Option<Stream>),
    /// The next partial was appended: the entry shows this item (stitched Content, first
    /// chunk's time).
    Grow(Item),
    /// The reply is complete with this item, at this time.
    Complete(Item, Millis),
    /// Nothing to do (a gap, a duplicate, a late chunk, a reply already complete).
    Ignore,
}

impl Stream {
    /// A chunk whose Id has no entry yet.
    pub fn start(item: &Item) -> Step {
        if completed(item) {
            return Step::Start(None);
        }
        match chunk_number(item) {
            Some(1) => Step::Start(Some(Stream {
                chunks: vec![(1, item.content.clone().unwrap_or_default())],
                absolute_time: item.absolute_time.clone(),
            })),
            _ => Step::Ignore,
        }
    }

    /// A chunk for the reply still coming; `time` is the chunk's own.
    pub fn take(&mut self, mut item: Item, time: Millis) -> Step {
        if !is_chunk(&item) || completed(&item) {
            return Step::Complete(item, time);
        }
        let last = self.chunks.last().map_or(0, |c| c.0);
        if chunk_number(&item) != last.checked_add(1) {
            return Step::Ignore;
        }
        self.chunks
            .push((last + 1, item.content.clone().unwrap_or_default()));
        item.content = Some(self.chunks.iter().map(|c| c.1.as_str()).collect());
        item.absolute_time = self.absolute_time.clone();
        Step::Grow(item)
    }
}
