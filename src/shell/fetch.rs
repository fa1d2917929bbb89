//! REST calls over `fetch`, through gloo-net: an [`HttpRequest`] in, an [`HttpResponse`] out.
//!
//! Any HTTP status is a response (the protocol crate reads error statuses); only a request that
//! never got an answer (offline, DNS, CORS refusal, reset) is an error. The headers of the
//! response are those CORS lets the page read; the protocol crate copes with missing ones.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use connect_participant::{HttpRequest, HttpResponse};
use gloo_net::http::{Method, RequestBuilder};
use web_sys::RequestMode;

use crate::error::WidgetError;

/// Sends `request` at once and returns its response to await: `fetch` is called before this
/// returns, not when the future is first polled. A future handed to `spawn_local` is first
/// polled once the current task is over, which at a resume is the whole mounting of the widget.
pub fn start(request: HttpRequest) -> impl Future<Output = Result<HttpResponse, WidgetError>> {
    let mut sending = Box::pin(async move { send(&request).await });
    // Polled once to call fetch; the waker that counts is the one of whoever awaits it next
    // (a pending JsFuture keeps the waker of its latest poll).
    let first = sending
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()));
    async move {
        match first {
            Poll::Ready(result) => result,
            Poll::Pending => sending.await,
        }
    }
}

/// Sends `request` and waits for the full response.
///
/// Network failures are [`WidgetError::Network`]; HTTP errors come back as responses.
pub async fn send(request: &HttpRequest) -> Result<HttpResponse, WidgetError> {
    let method = match request.method {
        connect_participant::Method::Get => Method::GET,
        connect_participant::Method::Post => Method::POST,
    };
    let mut builder = RequestBuilder::new(&request.url)
        .method(method)
        .mode(RequestMode::Cors);
    for (name, value) in &request.headers {
        // gloo-net sets headers without a way to fail: a value fetch would refuse is refused
        // here, as an error rather than a thrown exception.
        if !is_header_value(value) {
            return Err(WidgetError::Browser {
                api: "Headers.set",
                message: format!("{name} has a value fetch cannot send"),
            });
        }
        builder = builder.header(name, value);
    }
    let built = match &request.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    };
    let js_request = built.map_err(|e| WidgetError::Browser {
        api: "Request",
        message: e.to_string(),
    })?;
    let response = js_request
        .send()
        .await
        // fetch rejects only when no response arrived: a network error by definition.
        .map_err(|e| WidgetError::Network(e.to_string()))?;
    let body = response
        .text()
        .await
        // The body stream can break after the status arrived (connection reset).
        .map_err(|e| WidgetError::Network(e.to_string()))?;
    Ok(HttpResponse {
        status: response.status(),
        headers: response.headers().entries().collect(),
        body,
    })
}

/// Whether fetch accepts `value` as a header value: a ByteString without NUL, CR or LF.
fn is_header_value(value: &str) -> bool {
    value
        .chars()
        .all(|c| (c as u32) <= 0xFF && !matches!(c, '\0' | '\r' | '\n'))
}
/// POSTs JSON to `url` and returns the body on 2xx.
pub async fn post_json(url: &str, body: String) -> Result<String, WidgetError> {
    let request = HttpRequest {
        method: connect_participant::Method::Post,
        url: url.to_owned(),
        headers: vec![("Content-Type", "application/json".to_owned())],
        body: Some(body),
    };
    expect_success(&request).await
}

/// Sends `request` (to the site owner's start-chat backend, say) and returns the body on
/// 2xx; any other status is [`WidgetError::Status`].
pub async fn expect_success(request: &HttpRequest) -> Result<String, WidgetError> {
    let response = send(request).await?;
    if !(200..300).contains(&response.status) {
        let message =
            (!response.body.trim().is_empty()).then(|| response.body.chars().take(200).collect());
        return Err(WidgetError::Status {
            status: response.status,
            message,
        });
    }
    Ok(response.body)
}

#[cfg(test)]
mod tests {
    use super::is_header_value;

    #[test]
    fn header_values_fetch_would_refuse_are_caught() {
        assert!(is_header_value("Bearer abc/+=.-_~ é"));
        assert!(!is_header_value("a\r\nX-Injected: 1"));
        assert!(!is_header_value("nul\0"));
        assert!(!is_header_value("token ✓"));
    }
}
