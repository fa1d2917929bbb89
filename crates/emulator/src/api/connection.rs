//! CreateParticipantConnection and DisconnectParticipant.

use connect_participant::model::{
    ConnectionCredentials, ConnectionType, ParticipantRole, Websocket,
};
use connect_participant::time::{format_iso8601, Millis};
use connect_participant::*;

use super::{enum_error, idempotency_key, Call, Serve};
use crate::error::ApiError;
use crate::state::{new_token, now_ms, Token, TokenKind, WsTicket};

impl Serve for CreateParticipantConnection {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let app = call.app;
        // No Type asks for nothing: an agent's `{"ConnectParticipant":true}` only acknowledges.
        let types = request.types.unwrap_or_default();
        for t in &types {
            if let ConnectionType::Unknown(v) = t {
                return Err(enum_error(
                    "type",
                    v,
                    &["WEBSOCKET", "CONNECTION_CREDENTIALS", "WEBRTC_CONNECTION"],
                ));
            }
        }
        let caller = call.caller()?;
        let now = now_ms();
        let mut out = CreateParticipantConnectionResponse::default();
        let mut state = app.lock();
        // The service marks a web customer connected by this call alone (the official client
        // sends only `Type`, connectionDetailsProvider.js:112-116); anyone else asks for it.
        if let Some(p) = state.participants.get_mut(&caller.participant.id) {
            let customer = p.role == ParticipantRole::Customer;
            if customer || request.connect_participant == Some(true) {
                p.connected = true;
            }
        }
        if types.contains(&ConnectionType::Websocket) {
            let ticket = new_token();
            let expires_ms = now + app.config.timing.websocket_url_ttl.as_millis() as Millis;
            state.ws_tickets.insert(
                ticket.clone(),
                WsTicket {
                    participant_id: caller.participant.id.clone(),
                    expires_ms,
                },
            );
            out.websocket = Some(Websocket {
                url: Some(format!(
                    "{}/connect?AuthToken={ticket}",
                    app.urls.websocket_base
                )),
                connection_expiry: Some(format_iso8601(expires_ms)),
            });
        }
        if types.contains(&ConnectionType::ConnectionCredentials) {
            let token = new_token();
            let expires_ms = now + app.config.timing.connection_token_ttl.as_millis() as Millis;
            state.tokens.insert(
                token.clone(),
                Token {
                    participant_id: caller.participant.id.clone(),
                    kind: TokenKind::Connection,
                    expires_ms: Some(expires_ms),
                },
            );
            out.connection_credentials = Some(ConnectionCredentials {
                connection_token: Some(token),
                expiry: Some(format_iso8601(expires_ms)),
            });
        }
        state.changed.notify_one();
        Ok(out)
    }
}

impl Serve for DisconnectParticipant {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let caller = match call.caller() {
            Ok(caller) => caller,
            Err(denied) => {
                // A retry (same ClientToken) of a disconnect that went through answers as the
                // first call did, though the participant is gone now.
                let state = call.app.lock();
                let retried = call
                    .bearer()
                    .and_then(|t| state.tokens.get(t))
                    .zip(request.client_token.as_deref())
                    .is_some_and(|(token, client_token)| {
                        state.idempotency.contains_key(&idempotency_key::<Self>(
                            &token.participant_id,
                            client_token,
                        ))
                    });
                return if retried {
                    Ok(DisconnectParticipantResponse {})
                } else {
                    Err(denied)
                };
            }
        };
        let mut state = call.app.lock();
        state.end_contact(&caller.contact_id, Some(&caller.participant.id), now_ms());
        if let Some(p) = state.participants.get_mut(&caller.participant.id) {
            p.disconnected = true;
        }
        state.close_participant_sockets(&caller.participant.id);
        let key = call.idempotency_key(&caller, request.client_token.as_deref());
        let out = DisconnectParticipantResponse {};
        call.remember(&mut state, key, &out);
        Ok(out)
    }
}
