//! The page's `sendMessage` promises. Each waits on its message, by ClientToken (the key of
//! the customer's own timeline entry), until the session confirms it (the entry gets its Id)
//! or gives it up; none outlives the chat it was sent in.

use std::cell::{Cell, RefCell};

use connect_participant::session::{Delivery, Entry, Failure, SendingFailed, Timeline};
use wasm_bindgen::JsValue;

use crate::ui::state::Phase;

/// Why `sendMessage` rejected, as the `code` of its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendRefusal {
    /// No chat has started.
    NotStarted,
    /// The chat ended before the service took the message.
    Ended,
    /// The text is empty (or only white space).
    Empty,
    /// The text is longer than the widget allows.
    TooLong,
    /// The service did not take it, and trying again will not help.
    Failed,
    /// The widget was destroyed.
    Destroyed,
}

impl SendRefusal {
    /// The `code` the page reads.
    pub fn code(self) -> &'static str {
        match self {
            SendRefusal::NotStarted => "not_started",
            SendRefusal::Ended => "ended",
            SendRefusal::Empty => "empty",
            SendRefusal::TooLong => "too_long",
            SendRefusal::Failed => "failed",
            SendRefusal::Destroyed => "destroyed",
        }
    }

    /// The developer's explanation (English: the page words it for its visitors, if at all).
    pub fn message(self) -> &'static str {
        match self {
            SendRefusal::NotStarted => "connect-chat: no chat is running; start one first",
            SendRefusal::Ended => "connect-chat: the chat ended before the message was sent",
            SendRefusal::Empty => "connect-chat: the message is empty",
            SendRefusal::TooLong => "connect-chat: the message is longer than maxMessageLength",
            SendRefusal::Failed => "connect-chat: the service did not take the message",
            SendRefusal::Destroyed => "connect-chat: the widget was destroyed",
        }
    }

    /// What the promise rejects with: an `Error` with the `code`.
    pub fn to_js(self) -> JsValue {
        let error = js_sys::Error::new(self.message());
        // Setting a property on a fresh Error object cannot throw.
        let _ = js_sys::Reflect::set(&error, &"code".into(), &self.code().into());
        error.into()
    }

    /// The refusal a session's failure to take a send stands for.
    pub fn of(failure: &Failure) -> SendRefusal {
        match failure {
            Failure::NotStarted => SendRefusal::NotStarted,
            Failure::ChatEnded => SendRefusal::Ended,
            Failure::Empty => SendRefusal::Empty,
            Failure::TooLong { .. } => SendRefusal::TooLong,
            _ => SendRefusal::Failed,
        }
    }
}

/// What refuses `text` at once, before the session sees it: `phase` is the chat's on screen,
/// `max_length` the longest message in characters.
pub fn check(phase: Phase, text: &str, max_length: usize) -> Result<(), SendRefusal> {
    match phase {
        Phase::Chat => {}
        Phase::Ended => return Err(SendRefusal::Ended),
        Phase::PreChat | Phase::Starting => return Err(SendRefusal::NotStarted),
    }
    if text.trim().is_empty() {
        return Err(SendRefusal::Empty);
    }
    if text.chars().count() > max_length {
        return Err(SendRefusal::TooLong);
    }
    Ok(())
}

/// How a send stands once the session handled its input: `entry` is its timeline entry (none
/// if the session refused it, for `refused` if it said why), `ended` whether the chat ended.
/// `None` while it is still on its way (queued, sending, failed but retryable).
pub fn outcome(
    entry: Option<&Entry>,
    refused: Option<SendRefusal>,
    ended: bool,
) -> Option<Result<String, SendRefusal>> {
    let Some(entry) = entry else {
        return Some(Err(refused.unwrap_or(if ended {
            SendRefusal::Ended
        } else {
            SendRefusal::Failed
        })));
    };
    if let Some(id) = &entry.id {
        return Some(Ok(id.clone()));
    }
    match &entry.delivery {
        Some(Delivery::Failed(SendingFailed {
            failure: Failure::ChatEnded,
            ..
        })) => Some(Err(SendRefusal::Ended)),
        Some(Delivery::Failed(SendingFailed {
            is_recoverable: false,
            ..
        })) => Some(Err(SendRefusal::Failed)),
        _ if ended => Some(Err(SendRefusal::Ended)),
        _ => None,
    }
}

/// A promise's two functions.
pub struct Resolver {
    pub resolve: js_sys::Function,
    pub reject: js_sys::Function,
}

impl Resolver {
    fn settle(self, result: Result<String, SendRefusal>) {
        // The promise's own functions do not throw.
        let _ = match result {
            Ok(id) => self.resolve.call1(&JsValue::NULL, &id.into()),
            Err(refusal) => self.reject.call1(&JsValue::NULL, &refusal.to_js()),
        };
    }
}

/// The sends the page awaits, by ClientToken.
#[derive(Default)]
pub struct Sends {
    waiting: RefCell<Vec<(String, Resolver)>>,
    /// Why the session refused a send in the batch under way.
    refused: Cell<Option<SendRefusal>>,
}

impl Sends {
    /// `resolver` waits for the message with `client_token`.
    pub fn wait(&self, client_token: String, resolver: Resolver) {
        self.waiting.borrow_mut().push((client_token, resolver));
    }

    /// The session refused a send (an error of [`Activity::Send`]) with `failure`.
    ///
    /// [`Activity::Send`]: connect_participant::session::Activity::Send
    pub fn refused(&self, failure: &Failure) {
        self.refused.set(Some(SendRefusal::of(failure)));
    }

    /// After a batch of inputs, in which the session handled every send fed before it:
    /// settles each promise whose message the session confirmed or gave up.
    pub fn settle(&self, timeline: &Timeline, ended: bool) {
        let refused = self.refused.take();
        if self.waiting.borrow().is_empty() {
            return;
        }
        // Taken out first: no borrow is held while the promises' functions run.
        let waiting = std::mem::take(&mut *self.waiting.borrow_mut());
        let mut still = Vec::new();
        for (token, resolver) in waiting {
            match outcome(timeline.get(&token), refused, ended) {
                Some(result) => resolver.settle(result),
                None => still.push((token, resolver)),
            }
        }
        self.waiting.borrow_mut().extend(still);
    }

    /// Rejects every promise still waiting with `refusal` (the chat was replaced, the
    /// widget destroyed).
    pub fn reject_all(&self, refusal: SendRefusal) {
        let waiting = std::mem::take(&mut *self.waiting.borrow_mut());
        for (_, resolver) in waiting {
            resolver.settle(Err(refusal));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(token: &str) -> Timeline {
        let mut timeline = Timeline::default();
        assert!(timeline.add_pending(token, "text/plain", "hi"));
        timeline
    }

    fn failed(failure: Failure, is_recoverable: bool) -> Delivery {
        Delivery::Failed(SendingFailed {
            failure,
            is_recoverable,
        })
    }

    #[test]
    fn a_send_waits_until_its_entry_has_its_id() {
        let mut timeline = pending("t");
        assert_eq!(outcome(timeline.get("t"), None, false), None);
        timeline.set_delivery("t", Delivery::Sending);
        assert_eq!(outcome(timeline.get("t"), None, false), None);
        timeline.confirm("t", "id-1", Some("2026-11-30T17:00:00.000Z"));
        assert_eq!(
            outcome(timeline.get("t"), None, false),
            Some(Ok("id-1".into()))
        );
        // Taken before the end: it was sent all the same.
        assert_eq!(
            outcome(timeline.get("t"), None, true),
            Some(Ok("id-1".into()))
        );
    }

    #[test]
    fn a_send_failed_for_good_rejects_and_a_retryable_one_waits() {
        let mut timeline = pending("t");
        timeline.set_delivery("t", failed(Failure::Throttled, true));
        assert_eq!(outcome(timeline.get("t"), None, false), None);
        timeline.set_delivery("t", failed(Failure::Refused, false));
        assert_eq!(
            outcome(timeline.get("t"), None, false),
            Some(Err(SendRefusal::Failed))
        );
        timeline.set_delivery("t", failed(Failure::ChatEnded, false));
        assert_eq!(
            outcome(timeline.get("t"), None, false),
            Some(Err(SendRefusal::Ended))
        );
    }

    #[test]
    fn the_end_of_the_chat_rejects_every_send_still_waiting() {
        let timeline = pending("t");
        assert_eq!(
            outcome(timeline.get("t"), None, true),
            Some(Err(SendRefusal::Ended))
        );
        let mut timeline = pending("t");
        timeline.set_delivery("t", failed(Failure::Network, true));
        assert_eq!(
            outcome(timeline.get("t"), None, true),
            Some(Err(SendRefusal::Ended))
        );
    }

    #[test]
    fn a_send_the_session_refused_rejects_with_its_reason() {
        let timeline = Timeline::default();
        let refused = |failure: Failure| outcome(None, Some(SendRefusal::of(&failure)), false);
        assert_eq!(
            refused(Failure::TooLong {
                limit: 10,
                length: 11
            }),
            Some(Err(SendRefusal::TooLong))
        );
        assert_eq!(refused(Failure::Empty), Some(Err(SendRefusal::Empty)));
        assert_eq!(
            refused(Failure::NotStarted),
            Some(Err(SendRefusal::NotStarted))
        );
        assert_eq!(refused(Failure::ChatEnded), Some(Err(SendRefusal::Ended)));
        assert_eq!(
            outcome(timeline.get("t"), None, false),
            Some(Err(SendRefusal::Failed))
        );
        assert_eq!(
            outcome(timeline.get("t"), None, true),
            Some(Err(SendRefusal::Ended))
        );
    }

    #[test]
    fn sends_are_refused_at_once_outside_a_chat_and_out_of_bounds() {
        assert_eq!(check(Phase::Chat, "hi", 5), Ok(()));
        assert_eq!(check(Phase::PreChat, "hi", 5), Err(SendRefusal::NotStarted));
        assert_eq!(
            check(Phase::Starting, "hi", 5),
            Err(SendRefusal::NotStarted)
        );
        assert_eq!(check(Phase::Ended, "hi", 5), Err(SendRefusal::Ended));
        assert_eq!(check(Phase::Chat, " \n\t", 5), Err(SendRefusal::Empty));
        // Characters, not bytes.
        assert_eq!(check(Phase::Chat, "ééééé", 5), Ok(()));
        assert_eq!(check(Phase::Chat, "éééééé", 5), Err(SendRefusal::TooLong));
    }

    #[test]
    fn codes_are_the_documented_ones() {
        let all = [
            SendRefusal::NotStarted,
            SendRefusal::Ended,
            SendRefusal::Empty,
            SendRefusal::TooLong,
            SendRefusal::Failed,
            SendRefusal::Destroyed,
        ];
        let codes: Vec<&str> = all.iter().map(|r| r.code()).collect();
        assert_eq!(
            codes,
            [
                "not_started",
                "ended",
                "empty",
                "too_long",
                "failed",
                "destroyed"
            ]
        );
    }
}
