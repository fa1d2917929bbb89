//! REST calls over `fetch`: an [`HttpRequest`] in, an [`HttpResponse`] out.
//!
//! Any HTTP status is a response (the protocol crate reads error statuses); only a request that
//! never got an answer (offline, DNS, CORS refusal, reset) is an error. The headers of the
//! response are those CORS lets the page read; the protocol crate copes with missing ones.

use connect_participant::{HttpRequest, HttpResponse};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, RequestMode, Response};

use crate::error::WidgetError;

/// Sends `request` and waits for the full response.
///
/// Network failures are [`WidgetError::Network`]; HTTP errors come back as responses.
pub async fn send(request: &HttpRequest) -> Result<HttpResponse, WidgetError> {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_mode(RequestMode::Cors);
    if let Some(body) = &request.body {
        init.set_body(&body.into());
    }
    let js_request = Request::new_with_str_and_init(&request.url, &init)
        .map_err(|e| WidgetError::from_js("Request", e))?;
    let headers = js_request.headers();
    for (name, value) in &request.headers {
        headers
            .set(name, value)
            .map_err(|e| WidgetError::from_js("Headers.set", e))?;
    }
    let window = super::window()?;
    let response = JsFuture::from(window.fetch_with_request(&js_request))
        .await
        // fetch rejects only when no response arrived: a network error by definition.
        .map_err(|e| WidgetError::Network(crate::error::js_message(&e)))?;
    let response: Response = response
        .dyn_into()
        .map_err(|e| WidgetError::from_js("fetch", e))?;
    let text = response
        .text()
        .map_err(|e| WidgetError::from_js("Response.text", e))?;
    let body = JsFuture::from(text)
        .await
        // The body stream can break after the status arrived (connection reset).
        .map_err(|e| WidgetError::Network(crate::error::js_message(&e)))?
        .as_string()
        .unwrap_or_default();
    Ok(HttpResponse {
        status: response.status(),
        headers: read_headers(&response.headers()),
        body,
    })
}

/// Every readable header as (lowercase name, value).
fn read_headers(headers: &web_sys::Headers) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(Some(iter)) = js_sys::try_iter(headers) else {
        return out;
    };
    for entry in iter.flatten() {
        let pair: js_sys::Array = entry.unchecked_into();
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            out.push((name, value));
        }
    }
    out
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
