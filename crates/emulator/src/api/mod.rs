//! The eleven operations of the Participant Service.
//!
//! Routes, operation names and request parsing all come from the protocol crate's
//! declarations ([`OperationId`], [`Operation`]): one generic handler injects faults, reads
//! the request with [`Operation::from_http_request`], hands it to the operation's [`Serve`]
//! impl and answers with [`Operation::to_http_response`].

mod attachments;
mod authentication;
mod connection;
mod messages;
mod transcript;

use std::marker::PhantomData;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as AxState};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use connect_participant::*;

use crate::error::ApiError;
use crate::state::{now_ms, Caller, State, TokenKind};
use crate::App;

pub(crate) use messages::{receipt_message_id, MESSAGE_METADATA};

type Body = Result<Bytes, BytesRejection>;

/// How the emulator carries out one operation, once its request was read and validated.
pub(crate) trait Serve: Operation + Send + 'static {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError>;
}

/// The route of one operation.
fn route(id: OperationId) -> MethodRouter<App> {
    // Exhaustive, so an operation the protocol crate declares cannot go unserved.
    match id {
        OperationId::CreateParticipantConnection => on_operation::<CreateParticipantConnection>(),
        OperationId::DisconnectParticipant => on_operation::<DisconnectParticipant>(),
        OperationId::SendMessage => on_operation::<SendMessage>(),
        OperationId::SendEvent => on_operation::<SendEvent>(),
        OperationId::GetTranscript => on_operation::<GetTranscript>(),
        OperationId::StartAttachmentUpload => on_operation::<StartAttachmentUpload>(),
        OperationId::CompleteAttachmentUpload => on_operation::<CompleteAttachmentUpload>(),
        OperationId::GetAttachment => on_operation::<GetAttachment>(),
        OperationId::DescribeView => on_operation::<DescribeView>(),
        OperationId::GetAuthenticationUrl => on_operation::<GetAuthenticationUrl>(),
        OperationId::CancelParticipantAuthentication => {
            on_operation::<CancelParticipantAuthentication>()
        }
    }
}

/// The routes of the eleven operations, at the model's URIs.
pub fn routes() -> Router<App> {
    OperationId::ALL.iter().fold(Router::new(), |router, id| {
        router.route(id.uri(), route(*id))
    })
}

fn on_operation<O: Serve>() -> MethodRouter<App> {
    let method = match O::METHOD {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
    };
    on(method, handle::<O>)
}

async fn handle<O: Serve>(
    AxState(app): AxState<App>,
    Path(labels): Path<Vec<(String, String)>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    inject(&app, O::NAME).await?;
    let body: &[u8] = match &body {
        Ok(bytes) => bytes,
        // A GET's body is never read, so it cannot be unreadable.
        Err(_) if O::METHOD == Method::Get => &[],
        Err(e) => {
            return Err(ApiError::validation(format!(
                "The request body could not be read: {}",
                e.body_text()
            )))
        }
    };
    let labels: Vec<(&str, &str)> = labels
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let request = O::from_http_request(&labels, body)?;
    let call = Call {
        app: &app,
        headers: &headers,
        operation: PhantomData,
    };
    let response = answer(O::to_http_response(&O::serve(&call, request)?));
    inject_after(&app, O::NAME).await?;
    Ok(response)
}

/// An answer built by the protocol crate, as axum sends it.
fn answer(http: HttpResponse) -> Response {
    let status = StatusCode::from_u16(http.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, http.body).into_response();
    for (name, value) in http.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

/// Applies an injected fault for `operation` before it runs: a delay, then maybe an
/// exception.
pub async fn inject(app: &App, operation: &str) -> Result<(), ApiError> {
    apply(app, operation, false).await
}

/// Applies a fault injected with `"after": true` once `operation` took effect: its answer
/// is delayed or lost to an exception, as when a gateway times out or a backend crashes
/// after the work was done.
pub async fn inject_after(app: &App, operation: &str) -> Result<(), ApiError> {
    apply(app, operation, true).await
}

async fn apply(app: &App, operation: &str, after: bool) -> Result<(), ApiError> {
    let fault = {
        let mut state = app.lock();
        let faults = &mut state.faults.operations;
        let found = faults
            .iter()
            .position(|f| f.after == after && (f.operation == operation || f.operation == "*"));
        found.map(|i| {
            let f = &mut faults[i];
            f.remaining = f.remaining.saturating_sub(1);
            let copy = f.clone();
            if f.remaining == 0 {
                faults.remove(i);
            }
            copy
        })
    };
    let Some(fault) = fault else { return Ok(()) };
    if fault.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(fault.delay_ms)).await;
    }
    match fault.error {
        Some(code) => {
            let status = match code.as_str() {
                "SerializationException" => 400,
                other => ErrorKind::from_code(other).status(),
            };
            let message = fault
                .message
                .unwrap_or_else(|| format!("Injected {code} for {operation}"));
            Err(ApiError::named(&code, status, message))
        }
        None => Ok(()),
    }
}

/// One call of operation `O`: who may make it and under which key its answer is kept.
pub(crate) struct Call<'a, O> {
    pub app: &'a App,
    headers: &'a HeaderMap,
    operation: PhantomData<O>,
}

impl<O: Operation> Call<'_, O> {
    /// The token in `X-Amz-Bearer`.
    fn bearer(&self) -> Option<&str> {
        self.headers.get(BEARER).and_then(|v| v.to_str().ok())
    }

    /// The caller, authenticated by the token the operation takes.
    fn caller(&self) -> Result<Caller, ApiError> {
        let kind = match O::AUTH {
            Auth::ParticipantToken => TokenKind::Participant,
            Auth::ConnectionToken => TokenKind::Connection,
        };
        self.app.lock().authenticate(self.bearer(), kind, now_ms())
    }

    /// The key under which the first answer to a ClientToken is kept.
    fn idempotency_key(&self, caller: &Caller, client_token: Option<&str>) -> Option<String> {
        client_token
            .filter(|t| !t.is_empty())
            .map(|t| idempotency_key::<O>(&caller.participant.id, t))
    }

    /// The answer already given to the request with idempotency `key`. Callers look it up
    /// under the same lock as the change, so two racing retries make one item.
    fn replay(&self, state: &State, key: Option<&str>) -> Option<O::Output> {
        key.and_then(|k| state.idempotency.get(k))
            .and_then(|previous| serde_json::from_value(previous.clone()).ok())
    }

    /// Keeps `out` as the answer to a retry with the same idempotency `key`.
    fn remember(&self, state: &mut State, key: Option<String>, out: &O::Output) {
        if let Some(key) = key {
            // Outputs are plain structs with string keys: they always serialize.
            let value = serde_json::to_value(out).unwrap_or_default();
            state.idempotency.insert(key, value);
        }
    }
}

/// The idempotency key of `participant_id`'s call of `O` with ClientToken `token`.
fn idempotency_key<O: Operation>(participant_id: &str, token: &str) -> String {
    format!("{participant_id}|{}|{token}", O::NAME)
}

fn enum_error(member: &str, value: &str, allowed: &[&str]) -> ApiError {
    ApiError::validation(format!(
        "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
        allowed.join(", ")
    ))
}
