//! Streamed bot replies, as the service relays a streaming Lex bot: a typing event, then
//! partial MESSAGE items that all carry the reply's one `Id`, `ParticipantRole: "SYSTEM"`,
//! `MessageMetadata.MessageCompleted: false` and `ChunkNumber` 1, 2, ... with the next piece
//! of text, then the completed item (`MessageCompleted: true`, the whole text). Only the
//! completed item is kept, so GetTranscript holds one item under that Id.
//!
//! The shapes are those the official client stitches (amazon-connect-chatjs
//! `src/core/PartialMessageUtil.js:7-12` for what counts as a partial, `:22-60` for the
//! chunk order, `:37-41` for the completed item replacing the partials).

use connect_participant::content::{self, EventType};
use connect_participant::model::{Item, ParticipantRole};
use serde_json::json;

use crate::state::{new_id, now_ms, State};
use crate::App;

/// The display name of the bot's items.
pub const BOT_NAME: &str = "BOT";

/// The contact's bot participant, if the contact is open.
pub fn bot(state: &mut State, contact_id: &str) -> Option<String> {
    if state.contacts.get(contact_id)?.ended {
        return None;
    }
    state.named_participant(contact_id, ParticipantRole::System, BOT_NAME)
}

/// Streams `text` in `chunks` (which should concatenate to it), one chunk per
/// `Timing::bot_chunk`. Returns the completed item as delivered, or `None` when the chat
/// ended before the reply was complete.
pub async fn stream(app: &App, contact_id: &str, text: &str, chunks: &[String]) -> Option<Item> {
    let id = new_id();
    let bot = {
        let mut state = app.lock();
        let bot = bot(&mut state, contact_id)?;
        let typing = state.event_item(&bot, EventType::Typing, None)?;
        state.emit(contact_id, typing, false, now_ms());
        bot
    };
    let piece = |state: &State, text: &str| {
        let open = state.contacts.get(contact_id).is_some_and(|c| !c.ended);
        let mut item = state
            .message_item(&bot, content::TEXT_PLAIN, text)
            .filter(|_| open)?;
        item.id = Some(id.clone());
        Some(item)
    };
    for (n, chunk) in chunks.iter().enumerate() {
        tokio::time::sleep(app.config.timing.bot_chunk).await;
        let mut state = app.lock();
        let item = piece(&state, chunk)?;
        let wire = [
            ("MessageCompleted", json!(false)),
            ("ChunkNumber", json!(n + 1)),
        ];
        state.emit_with(contact_id, item, false, now_ms(), &wire);
    }
    tokio::time::sleep(app.config.timing.bot_chunk).await;
    let mut state = app.lock();
    let item = piece(&state, text)?;
    let wire = [("MessageCompleted", json!(true))];
    Some(state.emit_with(contact_id, item, true, now_ms(), &wire))
}

/// `text` cut after spaces into about `pieces` chunks that concatenate to it exactly.
pub fn split(text: &str, pieces: usize) -> Vec<String> {
    let words: Vec<&str> = text.split_inclusive(' ').collect();
    let per = words.len().div_ceil(pieces.max(1)).max(1);
    words.chunks(per).map(|w| w.concat()).collect()
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn split_chunks_concatenate_to_the_text() {
        let text = "Your order has shipped and arrives within two days.";
        for pieces in [1, 2, 3, 4, 9, 50] {
            let chunks = split(text, pieces);
            assert_eq!(chunks.concat(), text, "{pieces}");
            assert!(chunks.len() <= pieces && !chunks.is_empty(), "{chunks:?}");
            assert!(chunks.iter().all(|c| !c.is_empty()));
        }
        assert_eq!(split(text, 4).len(), 3);
        assert_eq!(split("one", 4), ["one"]);
    }
}
