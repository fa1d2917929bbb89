//! Why the notice on screen is up, so that it closes once its cause is gone: a failure that
//! later works (a connection back, an upload through, the last failed message sent on
//! retry), or a refused file followed by an accepted one.

use std::cell::Cell;

use connect_participant::session::{Activity, Delivery, Timeline};

/// The cause of the notice on screen, and the customer's failed messages it may be about.
#[derive(Debug, Default)]
pub struct NoticeCause {
    /// What failed, when the notice says so; `None` for a notice no success closes.
    cause: Cell<Option<Activity>>,
    /// How many of the customer's messages had failed at the last [`NoticeCause::sends_settled`].
    failed_sends: Cell<usize>,
}

impl NoticeCause {
    /// The notice now on screen is about `cause` (`None`: nothing a success closes).
    pub fn set(&self, cause: Option<Activity>) {
        self.cause.set(cause);
    }

    /// One of `activities` worked: whether the notice on screen was about it. It then has no
    /// cause any more; the caller closes it.
    pub fn gone(&self, activities: &[Activity]) -> bool {
        let gone = self.cause.get().is_some_and(|c| activities.contains(&c));
        if gone {
            self.cause.set(None);
        }
        gone
    }

    /// After the conversation changed: whether the last failed message went through (or
    /// went) and the notice was about a send, which then closes. Counted from failed to none,
    /// not "none failed": a send refused before it became a message (too long) leaves no
    /// failed message behind, and its notice must stay.
    pub fn sends_settled(&self, timeline: &Timeline) -> bool {
        let failed = timeline
            .pending()
            .filter(|e| matches!(e.delivery, Some(Delivery::Failed(_))))
            .count();
        self.failed_sends.replace(failed) > 0 && failed == 0 && self.gone(&[Activity::Send])
    }

    /// A new chat: nothing failed yet.
    pub fn reset(&self) {
        self.cause.set(None);
        self.failed_sends.set(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connect_participant::session::{Failure, SendingFailed};

    fn failed() -> Delivery {
        Delivery::Failed(SendingFailed {
            failure: Failure::Throttled,
            is_recoverable: true,
        })
    }

    #[test]
    fn a_send_notice_closes_when_the_last_failed_message_goes_through() {
        let mut timeline = Timeline::default();
        let notice = NoticeCause::default();
        timeline.add_pending("a", "text/plain", "first");
        timeline.add_pending("b", "text/plain", "second");
        timeline.set_delivery("a", failed());
        timeline.set_delivery("b", failed());
        notice.set(Some(Activity::Send));
        assert!(!notice.sends_settled(&timeline));
        // One retried and sent: the other is still failed, the notice stays.
        timeline.set_delivery("a", Delivery::Sending);
        assert!(!notice.sends_settled(&timeline));
        timeline.confirm("a", "id-a", None);
        assert!(!notice.sends_settled(&timeline));
        timeline.set_delivery("b", Delivery::Sending);
        assert!(notice.sends_settled(&timeline), "none failed any more");
        assert!(!notice.sends_settled(&timeline), "closed once");
    }

    #[test]
    fn a_send_notice_without_a_failed_message_stays() {
        let mut timeline = Timeline::default();
        let notice = NoticeCause::default();
        // Refused before it became a message: nothing failed in the conversation.
        notice.set(Some(Activity::Send));
        assert!(!notice.sends_settled(&timeline));
        timeline.add_pending("a", "text/plain", "fine");
        timeline.set_delivery("a", Delivery::Sending);
        assert!(!notice.sends_settled(&timeline));
        assert!(notice.gone(&[Activity::Send]), "still up, about a send");
    }

    #[test]
    fn a_failed_send_recovering_leaves_other_notices_alone() {
        let mut timeline = Timeline::default();
        let notice = NoticeCause::default();
        timeline.add_pending("a", "text/plain", "first");
        timeline.set_delivery("a", failed());
        assert!(!notice.sends_settled(&timeline));
        notice.set(Some(Activity::Upload));
        timeline.set_delivery("a", Delivery::Sending);
        assert!(
            !notice.sends_settled(&timeline),
            "the notice is about a file"
        );
        assert!(!notice.gone(&[Activity::Connect]));
        assert!(notice.gone(&[Activity::Upload]));
        assert!(!notice.gone(&[Activity::Upload]), "gone once");
    }
}
