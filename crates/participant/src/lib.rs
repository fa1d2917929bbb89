//! The Amazon Connect Participant Service as pure data.
//!
//! `connect-participant` knows the service's operations, errors, websocket frames and
//! transcript items, and checks requests against the service model, but performs no I/O and
//! reads no clock: requests go out as [`HttpRequest`] values, responses come back as
//! [`HttpResponse`] values, and time and randomness are passed in. Use it with any HTTP
//! client, in a browser or on a server.
//!
//! - [`operations`]: the eleven operations, as requests that build an [`HttpRequest`] and
//!   outputs read from an [`HttpResponse`]; [`error`]: the service's exceptions.
//!   [`incoming`]: the server half, reading requests as the service does.
//! - [`validate`]: the model's constraints and the content limits, checked before sending.
//! - [`endpoint`]: region to URL (standard, FIPS, dual-stack) or a custom endpoint.
//! - [`retry`]: which failures to retry and how long to wait; ClientTokens stay the caller's.
//! - [`attachments`]: allowed file types and size, as configurable data.
//! - [`frames`]: WebSocket frames; [`content`] and [`interactive`]: what an item's content
//!   means, and the replies to interactive messages.
//! - [`model`]: every shape of the service model; [`time`]: its timestamps.
//! - [`session`] and [`timeline`]: a sans-IO chat session built on the above.
//!
//! ```
//! use connect_participant::{Endpoint, Operation, SendMessage};
//! let http = SendMessage::text("Hello")
//!     .with_client_token("0b9d7f7e-4b8a-4a39-9d55-0f3c0a0f6e21")
//!     .to_http_request(&Endpoint::region("us-east-1"), "connection-token")
//!     .unwrap();
//! assert_eq!(http.url, "https://participant.connect.us-east-1.amazonaws.com/participant/message");
//! ```

mod enums;
mod json;

pub mod attachments;
pub mod content;
pub mod endpoint;
pub mod error;
pub mod frames;
pub mod http;
pub mod incoming;
pub mod interactive;
pub mod model;
pub mod operations;
pub mod retry;
pub mod session;
pub mod time;
pub mod timeline;
pub mod validate;

pub use endpoint::Endpoint;
pub use error::{Error, ErrorKind, ServiceError};
pub use http::{HttpRequest, HttpResponse, Method};
pub use operations::*;
pub use session::{Input, Output, Session, SessionConfig};
pub use timeline::Timeline;

// The README's example is compiled and run with the doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
