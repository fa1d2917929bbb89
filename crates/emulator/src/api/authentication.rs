//! GetAuthenticationUrl and CancelParticipantAuthentication.

use connect_participant::content::EventType;
use connect_participant::*;
use serde_json::json;

use super::{Call, Serve};
use crate::error::ApiError;
use crate::state::{now_ms, Caller};
use crate::App;

fn own_session(app: &App, caller: &Caller, session_id: &str) -> Result<(), ApiError> {
    let state = app.lock();
    match state.auth_sessions.get(session_id) {
        Some(pid) if *pid == caller.participant.id => Ok(()),
        _ => Err(ApiError::validation(format!(
            "SessionId {session_id} is not an authentication session of this participant"
        ))),
    }
}

impl Serve for GetAuthenticationUrl {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let app = call.app;
        let caller = call.caller()?;
        own_session(app, &caller, &request.session_id)?;
        let url = format!(
            "{}/auth?sessionId={}&redirectUri={}",
            app.urls.participant_url,
            connect_participant::validate::percent_encode(&request.session_id),
            connect_participant::validate::percent_encode(&request.redirect_uri)
        );
        Ok(GetAuthenticationUrlResponse {
            authentication_url: Some(url),
        })
    }
}

impl Serve for CancelParticipantAuthentication {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let app = call.app;
        let caller = call.caller()?;
        own_session(app, &caller, &request.session_id)?;
        let mut state = app.lock();
        state.auth_sessions.remove(&request.session_id);
        let content = json!({ "SessionId": request.session_id }).to_string();
        if let Some(item) = state.event_item(
            &caller.participant.id,
            EventType::AuthenticationCancelled,
            Some(content),
        ) {
            state.emit(&caller.contact_id, item, true, now_ms());
        }
        Ok(CancelParticipantAuthenticationResponse {})
    }
}
