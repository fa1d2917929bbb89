//! REST calls over `fetch`, through gloo-net: an [`HttpRequest`] in, an [`HttpResponse`] out.
//!
//! Any HTTP status is a response (the protocol crate reads error statuses); only a request that
//! never got an answer (offline, DNS, CORS refusal, reset) is an error. The headers of the
//! response are those CORS lets the page read; the protocol crate copes with missing ones.

use std::cell::RefCell;

use connect_participant::{HttpRequest, HttpResponse};
use gloo_net::http::{Method, RequestBuilder, Response};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::RequestMode;

use crate::error::WidgetError;

/// Sends `request` at once and returns the wait for the full response.
///
/// The request leaves before this returns, not when the future is first polled: the caller
/// draws what it changes on screen while the request is on its way, not before.
/// Network failures are [`WidgetError::Network`]; HTTP errors come back as responses.
pub fn send(
    request: &HttpRequest,
) -> impl std::future::Future<Output = Result<HttpResponse, WidgetError>> + 'static {
    let sent = start(request);
    async move {
        let response = JsFuture::from(sent?)
            .await
            // fetch rejects only when no response arrived: a network error by definition.
            .map_err(|e| WidgetError::Network(js_message(&e)))?;
        let response = Response::from(web_sys::Response::from(response));
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
}

thread_local! {
    /// Answers to requests the loader sent ahead, by [`HttpRequest::key`]: a `Map` of
    /// `Response` promises, each taken once, by the identical request.
    static AHEAD: RefCell<Option<js_sys::Map>> = const { RefCell::new(None) };
}

/// Keeps `answers` (the loader's `Map` from request key to the promise of its `Response`) for
/// the requests that will want them, beside those another widget on the page still awaits;
/// anything else is ignored.
pub fn expect_ahead(answers: JsValue) {
    let Ok(map) = answers.dyn_into::<js_sys::Map>() else {
        return;
    };
    if map.size() == 0 {
        return;
    }
    AHEAD.with(|ahead| {
        let mut ahead = ahead.borrow_mut();
        match ahead.as_ref() {
            Some(kept) => map.for_each(&mut |answer, key| {
                kept.set(&key, &answer);
            }),
            None => *ahead = Some(map),
        }
    });
}

/// The answer sent ahead for `request`, if there is one.
fn take_ahead(request: &HttpRequest) -> Option<js_sys::Promise> {
    AHEAD.with(|ahead| {
        let mut ahead = ahead.borrow_mut();
        let map = ahead.as_ref()?;
        let key = JsValue::from_str(&request.key());
        let answer = map.get(&key);
        map.delete(&key);
        if map.size() == 0 {
            *ahead = None;
        }
        answer.dyn_into::<js_sys::Promise>().ok()
    })
}

/// Builds `request` and calls `fetch` with it (or takes its answer sent ahead): the promise of
/// its response.
fn start(request: &HttpRequest) -> Result<js_sys::Promise, WidgetError> {
    if let Some(answer) = take_ahead(request) {
        return Ok(answer);
    }
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
    let built = built.map_err(|e| WidgetError::Browser {
        api: "Request",
        message: e.to_string(),
    })?;
    Ok(super::window()?.fetch_with_request(&web_sys::Request::from(built)))
}

/// What a rejected fetch says (a `TypeError`'s message).
fn js_message(error: &wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(error.clone())
        .message()
        .as_string()
        .unwrap_or_default()
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
