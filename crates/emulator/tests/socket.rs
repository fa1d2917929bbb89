//! The websocket: subscription, heartbeats, fan-out, live events and socket faults.

mod common;

use std::time::Duration;

use common::*;
use connect_participant::frames::{ClientFrame, ServerFrame};
use connect_participant::model::ChatItemType;
use connect_participant::*;
use serde_json::{json, Value};

#[tokio::test]
async fn websocket_subscribes_echoes_heartbeats_and_answers_pings() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let mut ws = subscribe(&chat.ws_url).await;
    send_text(&mut ws, &ClientFrame::Heartbeat.to_json()).await;
    assert_eq!(next_frame(&mut ws).await, Some(ServerFrame::Heartbeat));
    send_text(&mut ws, &ClientFrame::Ping.to_json()).await;
    assert_eq!(
        next_frame(&mut ws).await,
        Some(ServerFrame::Ping {
            status_code: Some(200)
        })
    );
    send_text(&mut ws, "not json").await;
    assert!(matches!(
        next_frame(&mut ws).await,
        Some(ServerFrame::Error { .. })
    ));
    // A message arrives as an aws/chat frame carrying the item.
    let sent = h
        .call(&SendMessage::text("hello"), &chat.connection_token)
        .await
        .unwrap();
    let item = wait_chat(&mut ws, |i| i.kind == Some(ChatItemType::Message)).await;
    assert_eq!(item.id, sent.id);
    assert_eq!(item.content.as_deref(), Some("hello"));
    assert_eq!(item.contact_id.as_deref(), Some(chat.contact_id.as_str()));
    assert_eq!(
        item.initial_contact_id.as_deref(),
        Some(chat.contact_id.as_str())
    );
    assert_eq!(
        item.participant_role,
        Some(model::ParticipantRole::Customer)
    );
}

#[tokio::test]
async fn frames_fan_out_to_every_socket_of_the_contact_only() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let other = h.start_chat("Bob").await;
    // A second connection of the same customer (another tab).
    let second = h
        .call(
            &CreateParticipantConnection::websocket_and_credentials(),
            &chat.participant_token,
        )
        .await
        .unwrap();
    let mut ws1 = subscribe(&chat.ws_url).await;
    let mut ws2 = subscribe(&second.websocket.unwrap().url.unwrap()).await;
    let mut ws_other = subscribe(&other.ws_url).await;
    let (status, _) = h
        .control(
            &format!("/contacts/{}/agent/messages", chat.contact_id),
            json!({"Content":"from the agent","ContentType":"text/plain"}),
        )
        .await;
    assert_eq!(status, 200);
    for ws in [&mut ws1, &mut ws2] {
        let item = wait_chat(ws, |i| i.kind == Some(ChatItemType::Message)).await;
        assert_eq!(item.content.as_deref(), Some("from the agent"));
        assert_eq!(item.participant_role, Some(model::ParticipantRole::Agent));
    }
    // The other chat's socket hears nothing of it.
    match next_frame_within(&mut ws_other, Duration::from_millis(300)).await {
        Err(()) => {}
        Ok(frame) => panic!("unexpected frame {frame:?}"),
    }
}

/// A SendEvent of `kind` carrying `content` as its JSON text.
fn event(kind: content::EventType, content: Option<Value>) -> SendEvent {
    SendEvent {
        content_type: kind.as_str().into(),
        content: content.map(|c| c.to_string()),
        client_token: None,
    }
}

#[tokio::test]
async fn typing_and_receipts_are_live_but_not_in_the_transcript() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let mut ws = subscribe(&chat.ws_url).await;
    let token = chat.connection_token.as_str();
    let typing = event(content::EventType::Typing, None);
    h.call(&typing, token).await.unwrap();
    let item = wait_chat(&mut ws, |_| true).await;
    assert_eq!(item.event_type(), Some(content::EventType::Typing));

    let (_, agent_msg) = h
        .control(
            &format!("/contacts/{}/agent/messages", chat.contact_id),
            json!({"Content":"hi"}),
        )
        .await;
    let message_id = agent_msg["Id"].as_str().unwrap().to_owned();
    let read = event(
        content::EventType::MessageRead,
        Some(json!({ "messageId": message_id })),
    );
    h.call(&read, token).await.unwrap();
    let receipt = wait_chat(&mut ws, |i| i.kind == Some(ChatItemType::MessageMetadata)).await;
    let metadata = receipt.message_metadata.unwrap();
    assert_eq!(metadata.message_id.as_deref(), Some(message_id.as_str()));
    let receipts = metadata.receipts.unwrap();
    assert_eq!(
        receipts[0].recipient_participant_id.as_deref(),
        Some(chat.participant_id.as_str())
    );
    assert!(receipts[0].read_timestamp.is_some());

    let items = h.transcript(&chat.contact_id).await;
    assert!(items.iter().all(|i| i["Type"] != "MESSAGEMETADATA"
        && !i["ContentType"].as_str().unwrap_or("").ends_with(".typing")));
    // The receipt is kept on the message itself, for GetTranscript.
    let page = h.call(&GetTranscript::default(), token).await.unwrap();
    let read_item = page
        .transcript
        .iter()
        .find(|i| i.id.as_deref() == Some(message_id.as_str()))
        .unwrap();
    let kept = read_item.message_metadata.clone().unwrap();
    assert_eq!(kept.message_id.as_deref(), Some(message_id.as_str()));
    assert_eq!(kept.receipts.unwrap(), receipts);

    // A receipt for one's own message conflicts; for a missing message, is invalid; events
    // the service does not take are refused.
    let own = h.call(&SendMessage::text("mine"), token).await.unwrap();
    let own_read = event(
        content::EventType::MessageRead,
        Some(json!({ "messageId": own.id })),
    );
    assert_eq!(kind(h.call(&own_read, token).await), ErrorKind::Conflict);
    let missing = event(
        content::EventType::MessageRead,
        Some(json!({ "messageId": "nope" })),
    );
    assert_eq!(kind(h.call(&missing, token).await), ErrorKind::Validation);
    let bogus = event(content::EventType::ChatEnded, None);
    assert_eq!(kind(h.call(&bogus, token).await), ErrorKind::Validation);
}

#[tokio::test]
async fn socket_faults_drop_close_error_and_silence_heartbeats() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    // Error frame, then heartbeat silence and its resumption.
    let mut ws = subscribe(&chat.ws_url).await;
    h.control("/faults", json!({"socket_error_frame":true}))
        .await;
    match next_frame(&mut ws).await {
        Some(ServerFrame::Error { message, .. }) => assert_eq!(message, "Forbidden"),
        other => panic!("{other:?}"),
    }
    h.control("/faults", json!({"heartbeat":"stop"})).await;
    send_text(&mut ws, &ClientFrame::Heartbeat.to_json()).await;
    assert!(next_frame_within(&mut ws, Duration::from_millis(300))
        .await
        .is_err());
    h.control("/faults", json!({"heartbeat":"resume"})).await;
    send_text(&mut ws, &ClientFrame::Heartbeat.to_json()).await;
    assert_eq!(next_frame(&mut ws).await, Some(ServerFrame::Heartbeat));

    // Close: a close frame arrives.
    h.control("/faults", json!({"socket":"close"})).await;
    use futures_util::StreamExt;
    let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
        .await
        .unwrap();
    assert!(matches!(
        msg,
        Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_)))
    ));

    // Drop: the connection ends without a close frame.
    let fresh = h
        .call(
            &CreateParticipantConnection::websocket_and_credentials(),
            &chat.participant_token,
        )
        .await
        .unwrap();
    let mut ws = subscribe(&fresh.websocket.unwrap().url.unwrap()).await;
    let (_, applied) = h
        .control(
            "/faults",
            json!({"socket":"drop","contact_id":chat.contact_id}),
        )
        .await;
    assert_eq!(applied["Applied"][0]["sockets"], 1);
    let msg = tokio::time::timeout(Duration::from_secs(5), ws.next())
        .await
        .unwrap();
    assert!(
        !matches!(
            msg,
            Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_)))
        ),
        "{msg:?}"
    );

    // Expire tokens now: the connection token stops working.
    h.control("/faults", json!({"expire_tokens":true})).await;
    assert_eq!(
        kind(
            h.call(&SendMessage::text("x"), &chat.connection_token)
                .await
        ),
        ErrorKind::AccessDenied
    );
}
