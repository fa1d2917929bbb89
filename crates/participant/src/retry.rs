//! Retry policy as data: which failures to retry, and how long to wait before each retry.
//!
//! The crate has no clock and no random number generator: the caller passes the attempt
//! number, a jitter value drawn from its own RNG, and waits the returned delay itself.
//!
//! Retries must not duplicate effects. Operations that take a `ClientToken` (SendMessage,
//! SendEvent, DisconnectParticipant, StartAttachmentUpload, CompleteAttachmentUpload) are
//! idempotent for a given token: the caller generates the token (a UUID) once per logical
//! request and sends the *same* request, token included, on every retry. A request without
//! a token that failed with a network error may already have taken effect.
//!
//! ```
//! use connect_participant::retry::{RetryDecision, RetryPolicy};
//! use connect_participant::{Error, ErrorKind, ServiceError};
//!
//! let policy = RetryPolicy::default();
//! let throttled = Error::Service(ServiceError {
//!     kind: ErrorKind::Throttling,
//!     status: 429,
//!     message: None,
//!     resource_id: None,
//!     resource_type: None,
//! });
//! // First failure, jitter 0.0 from the caller's RNG: wait the full base delay.
//! assert_eq!(policy.decide(1, &throttled, None, 0.0), RetryDecision::RetryAfter(500));
//! // The last attempt is spent: give up.
//! assert_eq!(policy.decide(3, &throttled, None, 0.0), RetryDecision::GiveUp);
//! ```

use crate::error::{Error, ErrorKind};
use crate::http::HttpResponse;

/// How to retry failed calls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (1 means never retry).
    pub max_attempts: u32,
    /// The delay before the first retry, in milliseconds.
    pub base_delay_ms: u64,
    /// No delay is longer than this, in milliseconds (a `Retry-After` included).
    pub max_delay_ms: u64,
    /// Which share of each delay is random, in `[0, 1]`: 0 waits exactly the exponential
    /// delay, 1 is "full jitter" (anywhere between 0 and the exponential delay).
    pub jitter_ratio: f64,
    /// Wait at least what a `Retry-After` header asks for (capped by `max_delay_ms`).
    pub honour_retry_after: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, 500 ms doubling up to 20 s, 30 % jitter, `Retry-After` honoured.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 500,
            max_delay_ms: 20_000,
            jitter_ratio: 0.3,
            honour_retry_after: true,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Send the same request again after this many milliseconds.
    RetryAfter(u64),
    /// Report the error.
    GiveUp,
}

/// Whether a failure is worth retrying: throttling (429), server errors (5xx,
/// `InternalServerException`) and network errors. Client errors (400, 402, 403, 404, 409),
/// validation and decoding failures would fail the same way again.
pub fn is_retryable(error: &Error) -> bool {
    match error {
        Error::Network(_) => true,
        Error::Service(e) => match &e.kind {
            ErrorKind::Throttling | ErrorKind::InternalServer => true,
            ErrorKind::Unknown(_) => e.status == 429 || (500..=599).contains(&e.status),
            _ => false,
        },
        Error::Invalid { .. } | Error::Decode { .. } => false,
    }
}

/// Reads a `Retry-After` header given in seconds, as milliseconds. The HTTP-date form is not
/// read (it needs a clock); `None` then, as for no header or one a browser hid.
pub fn retry_after_ms(response: &HttpResponse) -> Option<u64> {
    let value = response.header("Retry-After")?.trim();
    let seconds: u64 = value.parse().ok()?;
    Some(seconds.saturating_mul(1000))
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The exponential delay before retry number `retry` (1 for the first retry), without
    /// jitter: `base * 2^(retry-1)`, capped.
    pub fn backoff_ms(&self, retry: u32) -> u64 {
        let exponent = retry.saturating_sub(1).min(63);
        self.base_delay_ms
            .saturating_mul(1u64 << exponent)
            .min(self.max_delay_ms)
    }

    /// The delay before retry number `retry`, with `jitter` from the caller's RNG in `[0, 1)`
    /// (out-of-range values are clamped; NaN counts as 0). The delay lies between
    /// `backoff * (1 - jitter_ratio)` and `backoff`.
    pub fn delay_ms(&self, retry: u32, jitter: f64) -> u64 {
        let jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        let ratio = if self.jitter_ratio.is_nan() {
            0.0
        } else {
            self.jitter_ratio.clamp(0.0, 1.0)
        };
        let backoff = self.backoff_ms(retry) as f64;
        // Both factors are in [0, 1], so the product stays within [0, backoff].
        (backoff * (1.0 - ratio * jitter)).round() as u64
    }

    /// Decides after attempt number `attempt` (1 for the first try) failed with `error`.
    /// `retry_after_ms` is what [`retry_after_ms`] read from the response, if anything.
    pub fn decide(
        &self,
        attempt: u32,
        error: &Error,
        retry_after_ms: Option<u64>,
        jitter: f64,
    ) -> RetryDecision {
        if attempt >= self.max_attempts || !is_retryable(error) {
            return RetryDecision::GiveUp;
        }
        let mut delay = self.delay_ms(attempt, jitter);
        if self.honour_retry_after {
            if let Some(asked) = retry_after_ms {
                delay = delay.max(asked.min(self.max_delay_ms));
            }
        }
        RetryDecision::RetryAfter(delay)
    }
}
