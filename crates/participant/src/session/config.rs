//! The session's tuning.

use crate::endpoint::Endpoint;
use crate::time::Millis;
use crate::validate::ContentLimits;

/// Tuning of a [`super::Session`]. [`SessionConfig::new`] gives the defaults described per field.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionConfig {
    /// Where the Participant Service is.
    pub endpoint: Endpoint,
    /// Seeds the jitter of backoff delays; any value, different per browser tab ideally.
    pub jitter_seed: u64,
    /// Time between heartbeats; a heartbeat not answered before the next one is due means the
    /// socket is dead. Default 10 s.
    pub heartbeat_interval: Millis,
    /// Time between deep pings (`aws/ping`), reported as [`super::Event::Ping`]; `None` disables them.
    /// Default 60 s.
    pub ping_interval: Option<Millis>,
    /// A websocket URL is used to open a socket only until this long before its
    /// `ConnectionExpiry` (the time by which it must be *opened*); a (re)connect after that
    /// first fetches a fresh URL. An open socket is not affected: it lives until
    /// [`SessionConfig::socket_max_age`]. Default 15 s (the official client treats a 100 s
    /// URL as valid for 85 s).
    pub socket_refresh_margin: Millis,
    /// How long an open socket is kept before it is replaced by a new one (subscribed before
    /// the old one closes, so nothing is missed). The service's gateway closes connections
    /// after about 2 hours; the official client recycles every 59 minutes. Default 55 min.
    pub socket_max_age: Millis,
    /// How long before the ConnectionToken's `Expiry` it is refreshed. Default 60 s.
    pub token_refresh_margin: Millis,
    /// The first reconnect delay; it doubles per failed attempt. Default 1 s.
    pub reconnect_initial: Millis,
    /// The largest reconnect delay. Default 30 s.
    pub reconnect_max: Millis,
    /// Fraction of a backoff delay that is random (0.3 = the delay is 70 %..100 % of nominal).
    /// Default 0.3.
    pub jitter: f64,
    /// How long to wait for the answer to a subscribe before retrying. Default 5 s.
    pub subscribe_timeout: Millis,
    /// Delay between subscribe retries after a failure answer. Default 500 ms.
    pub subscribe_retry_delay: Millis,
    /// Failed subscribes on one socket before it is given up (and a new one opened). Default 5.
    pub subscribe_max_failures: u32,
    /// Automatic attempts for a message send (429, 5xx, network) before it shows as failed
    /// and waits for [`super::Input::Retry`]. Default 5.
    pub send_max_attempts: u32,
    /// Tries of an upload's StartAttachmentUpload, and then of its CompleteAttachmentUpload
    /// (429, 5xx, network, a refused token), before the upload fails. Default 4.
    pub upload_max_attempts: u32,
    /// Minimum time between two typing events. Default 10 s.
    pub typing_interval: Millis,
    /// How long a delivered receipt waits (a read receipt replaces it). Default 300 ms.
    pub delivered_delay: Millis,
    /// Minimum time between two receipts sent. Default 5 s.
    pub receipt_interval: Millis,
    /// Receipts are skipped when more participants than this are active (the service answers
    /// 409 then). Default 2.
    pub receipt_max_participants: usize,
    /// Items per GetTranscript page (0..=100). Default 100.
    pub transcript_page_size: u32,
    /// Message size limits to check before sending.
    pub content_limits: ContentLimits,
    /// Where the customer-authentication page sends the customer back (GetAuthenticationUrl's
    /// `RedirectUri`, the official interface's `authenticationRedirectUri`): a callback page
    /// registered with the identity provider. The session asks for the page's URL as soon
    /// as the flow starts an authentication ([`super::Event::AuthenticationRequested`], then
    /// [`super::Event::AuthenticationUrl`]); without it sign-in is unavailable
    /// ([`super::Event::AuthenticationUnavailable`]). Default `None`.
    pub authentication_redirect_uri: Option<String>,
    /// An identity provider to sign in with (the official `authenticationIdentityProvider`),
    /// added to the page's URL as `identity_provider=...`. Default `None`.
    pub authentication_identity_provider: Option<String>,
}

impl SessionConfig {
    /// The defaults, for a service at `endpoint`, with jitter seeded by `jitter_seed`.
    pub fn new(endpoint: Endpoint, jitter_seed: u64) -> Self {
        SessionConfig {
            endpoint,
            jitter_seed,
            heartbeat_interval: 10_000,
            ping_interval: Some(60_000),
            socket_refresh_margin: 15_000,
            socket_max_age: 55 * 60_000,
            token_refresh_margin: 60_000,
            reconnect_initial: 1_000,
            reconnect_max: 30_000,
            jitter: 0.3,
            subscribe_timeout: 5_000,
            subscribe_retry_delay: 500,
            subscribe_max_failures: 5,
            send_max_attempts: 5,
            upload_max_attempts: 4,
            typing_interval: 10_000,
            delivered_delay: 300,
            receipt_interval: 5_000,
            receipt_max_participants: 2,
            transcript_page_size: 100,
            content_limits: ContentLimits::Model,
            authentication_redirect_uri: None,
            authentication_identity_provider: None,
        }
    }
}
