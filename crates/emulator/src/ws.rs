//! The websocket: subscribe, heartbeat echo, deep heartbeat, and `aws/chat` delivery.

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State as AxState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use connect_participant::frames::{ClientFrame, ServerFrame};
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::state::{new_id, now_ms, Socket, WsOut};
use crate::App;

#[derive(Deserialize)]
pub struct ConnectQuery {
    #[serde(rename = "AuthToken")]
    auth_token: Option<String>,
}

/// `GET /connect?AuthToken=...`: the URL CreateParticipantConnection hands out.
pub async fn connect(
    AxState(app): AxState<App>,
    Query(query): Query<ConnectQuery>,
    upgrade: WebSocketUpgrade,
) -> Response {
    // `{"operation":"WebSocket",...}` faults refuse (or delay) the upgrade.
    if let Err(e) = crate::api::inject(&app, "WebSocket").await {
        return e.into_response();
    }
    let now = now_ms();
    let ticket = {
        let state = app.lock();
        query
            .auth_token
            .as_deref()
            .and_then(|t| state.ws_tickets.get(t))
            .filter(|t| t.expires_ms > now)
            .and_then(|t| state.participants.get(&t.participant_id))
            .filter(|p| !p.disconnected)
            .filter(|p| state.contacts.get(&p.contact_id).is_some_and(|c| !c.ended))
            .map(|p| (p.id.clone(), p.contact_id.clone()))
    };
    let Some((participant_id, contact_id)) = ticket else {
        return (
            StatusCode::FORBIDDEN,
            "Forbidden: the websocket URL is unknown or expired",
        )
            .into_response();
    };
    upgrade
        .on_upgrade(move |socket| run(app, socket, participant_id, contact_id))
        .into_response()
}

async fn run(app: App, mut socket: WebSocket, participant_id: String, contact_id: String) {
    let conn_id = new_id();
    let (tx, mut rx) = mpsc::unbounded_channel::<WsOut>();
    let mut shutdown = app.shutdown.clone();
    let mut subscribed = false;
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let text = match incoming {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let reply = match ClientFrame::parse(text.as_str()) {
                    Ok(ClientFrame::Subscribe) => {
                        if !subscribed {
                            subscribed = true;
                            let mut state = app.lock();
                            state.sockets.entry(contact_id.clone()).or_default().push(Socket {
                                conn_id: conn_id.clone(),
                                participant_id: participant_id.clone(),
                                tx: tx.clone(),
                            });
                            // Queued, so it follows the subscribe answer.
                            if let Some(item) = state.rehydration_to_announce(&contact_id, &participant_id) {
                                let _ = tx.send(WsOut::Frame(ServerFrame::Chat(Box::new(item)).to_json()));
                            }
                        }
                        Some(ServerFrame::Subscribed { ok: true, status: "success".into() })
                    }
                    Ok(ClientFrame::Heartbeat) if !app.lock().faults.heartbeat_stopped => Some(ServerFrame::Heartbeat),
                    Ok(ClientFrame::Ping) if !app.lock().faults.heartbeat_stopped => Some(ServerFrame::Ping { status_code: Some(200) }),
                    Ok(_) => None,
                    Err(_) => Some(ServerFrame::Error {
                        message: "Bad Request: unknown or malformed frame".into(),
                        connection_id: Some(conn_id.clone()),
                        request_id: Some(new_id()),
                    }),
                };
                if let Some(frame) = reply {
                    if socket.send(Message::Text(frame.to_json().into())).await.is_err() {
                        break;
                    }
                }
            }
            out = rx.recv() => match out {
                Some(WsOut::Frame(text)) => {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(WsOut::Close) => {
                    let _ = socket.send(Message::Close(None)).await;
                    break;
                }
                // Leaving without a close frame: the client sees the connection vanish.
                Some(WsOut::Drop) | None => break,
            },
            _ = shutdown.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
    let mut state = app.lock();
    if let Some(sockets) = state.sockets.get_mut(&contact_id) {
        sockets.retain(|s| s.conn_id != conn_id);
    }
}
