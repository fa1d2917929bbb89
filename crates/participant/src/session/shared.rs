//! What every part of the session shares: the configuration, the outputs waiting for the
//! caller, the requests in flight, and the jitter of backoff delays.

use std::collections::{HashMap, VecDeque};

use super::{Activity, Event, Failure, Output, RequestId, SessionConfig, SessionError};
use crate::error::Error;
use crate::operations::Operation;
use crate::retry::RetryPolicy;
use crate::time::Millis;

/// What a request the session issued is for: its answer goes to the part that asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Purpose {
    CreateConnection,
    Send { client_token: String },
    Typing,
    Receipt,
    GapFill,
    Older,
    StartUpload { client_token: String },
    PutUpload { client_token: String },
    CompleteUpload { client_token: String },
    GetAttachment { attachment_id: String },
    DescribeView { view_token: String },
    AuthUrl { session_id: String },
    CancelAuth,
    Farewell,
}

/// A request out, waiting for its answer.
#[derive(Debug, Clone)]
pub(super) struct InFlight {
    pub purpose: Purpose,
    /// The token it carried, to tell a refusal of a token since replaced; `None` for the
    /// attachment PUT, which carries none.
    pub bearer: Option<String>,
}

/// The shared parts. Sub-machines take it as `core` when they issue requests or tell the UI.
pub(super) struct Core {
    pub config: SessionConfig,
    outputs: VecDeque<Output>,
    requests: HashMap<RequestId, InFlight>,
    /// The next request or socket id.
    next_id: u64,
    /// The state of the jitter generator.
    rng: u64,
}

impl Core {
    pub fn new(config: SessionConfig) -> Core {
        Core {
            rng: config.jitter_seed,
            config,
            outputs: VecDeque::new(),
            requests: HashMap::new(),
            next_id: 1,
        }
    }

    pub fn emit(&mut self, output: Output) {
        self.outputs.push_back(output);
    }

    pub fn event(&mut self, event: Event) {
        self.outputs.push_back(Output::Event(event));
    }

    /// Tells the UI that `activity` failed for `failure`.
    pub fn error(&mut self, activity: Activity, failure: Failure, error: Option<Error>) {
        self.event(Event::Error(SessionError {
            activity,
            failure,
            error,
        }));
    }

    /// Tells the UI that `activity` failed with `error`.
    pub fn failed(&mut self, activity: Activity, error: Error) {
        self.error(activity, Failure::of(&error), Some(error));
    }

    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// A fresh id for a request or a socket.
    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Issues `op` with `bearer` in `X-Amz-Bearer`, remembering what it is for.
    pub fn call<O: Operation>(
        &mut self,
        op: &O,
        purpose: Purpose,
        bearer: &str,
    ) -> Result<RequestId, Error> {
        let request = op.to_http_request(&self.config.endpoint, bearer)?;
        let id = self.next_id();
        self.requests.insert(
            id,
            InFlight {
                purpose,
                bearer: Some(bearer.to_owned()),
            },
        );
        self.emit(Output::Http { id, request });
        Ok(id)
    }

    /// Registers a request the caller sends without a token (the attachment PUT).
    pub fn expect(&mut self, purpose: Purpose) -> RequestId {
        let id = self.next_id();
        self.requests.insert(
            id,
            InFlight {
                purpose,
                bearer: None,
            },
        );
        id
    }

    /// The request `id` was answered: what it was for, unless it was forgotten.
    pub fn answered(&mut self, id: RequestId) -> Option<InFlight> {
        self.requests.remove(&id)
    }

    /// Forgets the requests for which `forget` holds: their answers will be ignored.
    pub fn forget(&mut self, forget: impl Fn(&Purpose) -> bool) {
        self.requests.retain(|_, r| !forget(&r.purpose));
    }

    /// What the request `id`, still out, is for.
    pub fn purpose(&self, id: RequestId) -> Option<&Purpose> {
        self.requests.get(&id).map(|r| &r.purpose)
    }

    pub fn in_flight(&self) -> usize {
        self.requests.len()
    }

    /// The delay before retry number `attempt`: exponential from
    /// [`SessionConfig::reconnect_initial`] up to [`SessionConfig::reconnect_max`], jittered.
    pub fn backoff(&mut self, attempt: u32) -> Millis {
        let policy = RetryPolicy {
            max_attempts: u32::MAX,
            base_delay_ms: self.config.reconnect_initial.max(0) as u64,
            max_delay_ms: self.config.reconnect_max.max(0) as u64,
            jitter_ratio: self.config.jitter,
            honour_retry_after: false,
        };
        let jitter = self.jitter();
        policy.delay_ms(attempt.max(1), jitter) as Millis
    }

    /// A number in `[0, 1)` from splitmix64: jitter only, never identity.
    fn jitter(&mut self) -> f64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}
