//! Why and when the session wants to be woken.
//!
//! Each part of the session says when it next needs to run and why ([`Wake`]); the session
//! keeps the soonest of them ([`Soonest::soonest`], str0m's chain). Deadlines are derived
//! from each part's state when asked, so none can be left set by mistake.

use crate::time::Millis;

/// What a wake-up is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wake {
    /// A socket asked to open has not opened in time.
    SocketOpen,
    /// A subscribe is to be sent again, or its answer is late.
    Subscribe,
    /// A heartbeat is due (or its answer is late).
    Heartbeat,
    /// A deep ping is due.
    Ping,
    /// The next reconnect attempt.
    Reconnect,
    /// The ConnectionToken is to be renewed.
    TokenRefresh,
    /// The socket is old enough to be replaced.
    Recycle,
    /// The head of the send queue is to be sent again.
    Send,
    /// The gap fill is to be tried again.
    GapFill,
    /// A receipt is due.
    Receipt,
    /// The owed DisconnectParticipant is to be tried again.
    Farewell,
    /// An upload's StartAttachmentUpload or CompleteAttachmentUpload is to be tried again.
    Upload,
}

/// A deadline and its reason.
pub(crate) type Timeout = Option<(Millis, Wake)>;

/// The earlier of two deadlines; on a tie, the first.
pub(crate) trait Soonest {
    fn soonest(self, other: Self) -> Self;
}

impl Soonest for Timeout {
    fn soonest(self, other: Self) -> Self {
        match (self, other) {
            (Some(a), Some(b)) if b.0 < a.0 => Some(b),
            (Some(a), _) => Some(a),
            (None, b) => b,
        }
    }
}

/// `at` as a deadline for `why`, if there is one.
pub(crate) fn at(at: Option<Millis>, why: Wake) -> Timeout {
    at.map(|t| (t, why))
}
