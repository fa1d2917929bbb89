//! Asking the site owner's start-chat backend for a chat: a busy (429), failing (5xx) or
//! unreachable backend is asked again a few times with backoff before the customer is told.
//! Any other answer (a 4xx) would be the same again, so it is told at once.
//!
//! Every try of one press of Start carries the same `ClientToken`, so a backend that created
//! the contact before it failed (a timeout behind its gateway, a crash after the call) and
//! passes the token to StartChatContact answers the retry with that contact, not a second
//! one. A new press after the customer was told is a new start, with a new token.

use connect_participant::retry::RetryPolicy;

use crate::error::WidgetError;

/// Four tries in all, about 0.5 s, 1 s and 2 s apart (up to 30 % less, jittered so that pages
/// throttled together do not come back together): a few seconds on the Start button at most.
pub const START_RETRY: RetryPolicy = RetryPolicy {
    max_attempts: 4,
    base_delay_ms: 500,
    max_delay_ms: 4_000,
    jitter_ratio: 0.3,
    honour_retry_after: false,
};

/// How long to wait before asking again after try number `attempt` (1 for the first) failed
/// with `error`; `None` to give up. `jitter` is the caller's random number in `[0, 1)`.
pub fn retry_delay(attempt: u32, error: &WidgetError, jitter: f64) -> Option<u64> {
    (attempt < START_RETRY.max_attempts && error.is_transient())
        .then(|| START_RETRY.delay_ms(attempt, jitter))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttled() -> WidgetError {
        WidgetError::Status {
            status: 429,
            message: None,
        }
    }

    #[test]
    fn a_busy_or_unreachable_backend_is_asked_again_with_growing_delays() {
        let offline = WidgetError::Network("Failed to fetch".into());
        for error in [throttled(), offline] {
            let delays: Vec<Option<u64>> = (1..=4).map(|n| retry_delay(n, &error, 0.0)).collect();
            assert_eq!(delays, [Some(500), Some(1_000), Some(2_000), None]);
        }
        // Jitter only shortens a delay, by at most 30 %.
        assert_eq!(retry_delay(2, &throttled(), 0.999_9), Some(700));
    }

    #[test]
    fn a_refusal_is_not_asked_again() {
        for status in [400, 403, 404] {
            let refused = WidgetError::Status {
                status,
                message: None,
            };
            assert_eq!(retry_delay(1, &refused, 0.0), None, "{status}");
        }
    }
}
