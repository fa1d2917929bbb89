//! The customer-authentication page GetAuthenticationUrl points to, and its result.

use axum::extract::{Path, Query, State as AxState};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use connect_participant::content::EventType;
use connect_participant::model::{ChatItemType, Item, ParticipantRole};
use serde::Deserialize;
use serde_json::json;

use super::{read, Body, JsonResult};
use crate::error::ApiError;
use crate::state::now_ms;
use crate::App;

/// The sign-in page and its result.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/auth", get(auth_page))
        .route("/_emulator/auth/{session}", post(auth_result))
}

#[derive(Deserialize)]
struct AuthQuery {
    #[serde(rename = "sessionId")]
    session_id: Option<String>,
    #[serde(rename = "redirectUri")]
    redirect_uri: Option<String>,
}

/// The customer-authentication page GetAuthenticationUrl points to.
async fn auth_page(Query(q): Query<AuthQuery>) -> Response {
    // The values reach the page only as JSON data read by script, never as markup.
    let data = json!({ "sessionId": q.session_id, "redirectUri": q.redirect_uri })
        .to_string()
        .replace('<', "\\u003c");
    Html(AUTH_PAGE.replace("__DATA__", &data)).into_response()
}

const AUTH_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in (emulator)</title></head>
<body><h1>Sign in</h1><p id="info"></p>
<button id="ok">Sign in</button> <button id="fail">Fail</button>
<script>
const data = __DATA__;
document.getElementById("info").textContent = "Session " + (data.sessionId || "(none)");
async function finish(result) {
  await fetch("/_emulator/auth/" + encodeURIComponent(data.sessionId || ""), {
    method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({result})});
  if (data.redirectUri && /^https?:/.test(data.redirectUri)) location.href = data.redirectUri;
  else document.getElementById("info").textContent = "Done: " + result;
}
document.getElementById("ok").onclick = () => finish("succeeded");
document.getElementById("fail").onclick = () => finish("failed");
</script></body></html>"#;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthResult {
    result: String,
}

async fn auth_result(
    AxState(app): AxState<App>,
    Path(session): Path<String>,
    body: Body,
) -> JsonResult {
    let request: AuthResult = read(body)?;
    let event = match request.result.as_str() {
        "succeeded" => EventType::AuthenticationSucceeded,
        "failed" => EventType::AuthenticationFailed,
        "timeout" => EventType::AuthenticationTimeout,
        "expired" => EventType::AuthenticationExpired,
        other => return Err(ApiError::validation(format!("Unknown result {other:?}"))),
    };
    let mut state = app.lock();
    let participant_id = state.auth_sessions.remove(&session).ok_or_else(|| {
        ApiError::not_found("No such authentication session", &session, "SESSION")
    })?;
    let contact_id = state
        .participants
        .get(&participant_id)
        .map(|p| p.contact_id.clone())
        .ok_or_else(|| ApiError::conflict("The participant is gone"))?;
    let content = json!({ "SessionId": session }).to_string();
    let item = Item {
        kind: Some(ChatItemType::Event),
        content_type: Some(event.as_str().to_owned()),
        content: Some(content),
        participant_role: Some(ParticipantRole::System),
        display_name: Some("SYSTEM_MESSAGE".into()),
        ..Item::default()
    };
    let item = state.emit(&contact_id, item, true, now_ms());
    Ok(Json(json!({ "Id": item.id })))
}
