//! The Amazon Connect Participant Service as pure data.
//!
//! `connect-participant` knows the service's operations, errors, websocket frames and
//! transcript items, and checks requests against the service model, but performs no I/O and
//! reads no clock: requests go out as [`HttpRequest`] values, responses come back as
//! [`HttpResponse`] values, and time is passed in. Use it with any HTTP client, in a browser
//! or on a server.

mod enums;

pub mod attachments;
pub mod content;
pub mod endpoint;
pub mod error;
pub mod frames;
pub mod http;
pub mod interactive;
pub mod model;
pub mod operations;
pub mod session;
pub mod retry;
pub mod time;
pub mod timeline;
pub mod validate;

pub use endpoint::Endpoint;
pub use error::{Error, ErrorKind, ServiceError};
pub use http::{HttpRequest, HttpResponse, Method};
pub use operations::*;
pub use session::{Input, Output, Session, SessionConfig};
pub use timeline::Timeline;
