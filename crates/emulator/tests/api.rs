//! The Participant Service operations, their errors, tokens and the websocket.

mod common;

use std::time::Duration;

use common::*;
use connect_emulator::{AgentMode, Config};
use connect_participant::frames::{ClientFrame, ServerFrame};
use connect_participant::model::{ChatItemType, ScanDirection, SortKey, StartPosition};
use connect_participant::*;
use serde_json::{json, Value};

fn kind<T: std::fmt::Debug>(result: Result<T, Error>) -> ErrorKind {
    result
        .unwrap_err()
        .kind()
        .cloned()
        .expect("a service error")
}

#[tokio::test]
async fn create_connection_returns_websocket_and_token_with_expiries() {
    let h = Harness::new().await;
    let (_, _, started) = h
        .post_raw(
            "/start-chat",
            None,
            json!({"ParticipantDetails":{"DisplayName":"Ann"}}).to_string(),
        )
        .await;
    let token = started["ParticipantToken"].as_str().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let out = h
        .call(
            &CreateParticipantConnection::websocket_and_credentials(),
            token,
        )
        .await
        .unwrap();
    let ws = out.websocket.unwrap();
    assert!(ws.url.unwrap().starts_with("ws://127.0.0.1:"));
    let ws_expiry = time::parse_iso8601(&ws.connection_expiry.unwrap()).unwrap();
    assert!((ws_expiry - now - 100_000).abs() < 5_000, "about 100 s");
    let creds = out.connection_credentials.unwrap();
    let expiry = time::parse_iso8601(&creds.expiry.unwrap()).unwrap();
    assert!((expiry - now - 86_400_000).abs() < 5_000, "about a day");
    // Only what was asked for.
    let only_ws = CreateParticipantConnection {
        types: Some(vec![model::ConnectionType::Websocket]),
        connect_participant: None,
    };
    let out = h.call(&only_ws, token).await.unwrap();
    assert!(out.websocket.is_some() && out.connection_credentials.is_none());
}

#[tokio::test]
async fn tokens_are_scoped_to_their_kind_and_contact() {
    let h = Harness::new().await;
    let a = h.start_chat("A").await;
    let b = h.start_chat("B").await;
    // A ParticipantToken cannot send; a ConnectionToken cannot connect.
    assert_eq!(
        kind(h.call(&SendMessage::text("hi"), &a.participant_token).await),
        ErrorKind::AccessDenied
    );
    assert_eq!(
        kind(
            h.call(
                &CreateParticipantConnection::websocket_and_credentials(),
                &a.connection_token
            )
            .await
        ),
        ErrorKind::AccessDenied
    );
    assert_eq!(
        kind(h.call(&SendMessage::text("hi"), "not-a-token").await),
        ErrorKind::AccessDenied
    );
    let (status, headers, _) = h
        .post_raw(
            "/participant/message",
            None,
            r#"{"ContentType":"text/plain","Content":"x"}"#,
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(headers["x-amzn-errortype"], "AccessDeniedException");
    // A's token never reaches B's transcript.
    let other = GetTranscript {
        contact_id: Some(b.contact_id.clone()),
        ..GetTranscript::default()
    };
    assert_eq!(
        kind(h.call(&other, &a.connection_token).await),
        ErrorKind::AccessDenied
    );
    // A's message lands in A's transcript only.
    h.call(&SendMessage::text("for A"), &a.connection_token)
        .await
        .unwrap();
    let b_items = h.transcript(&b.contact_id).await;
    assert!(b_items.iter().all(|i| i["Content"] != "for A"));
}

#[tokio::test]
async fn send_message_is_idempotent_by_client_token() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let msg = SendMessage::text("once").with_client_token("token-1");
    let first = h.call(&msg, &chat.connection_token).await.unwrap();
    let second = h.call(&msg, &chat.connection_token).await.unwrap();
    assert_eq!(first.id, second.id);
    assert!(first.id.is_some() && first.absolute_time.is_some());
    let other = h
        .call(
            &SendMessage::text("once").with_client_token("token-2"),
            &chat.connection_token,
        )
        .await
        .unwrap();
    assert_ne!(other.id, first.id);
    let count = h
        .transcript(&chat.contact_id)
        .await
        .iter()
        .filter(|i| i["Content"] == "once")
        .count();
    assert_eq!(count, 2);
}

async fn send_numbered(h: &Harness, chat: &Chat, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let out = h
            .call(&SendMessage::text(format!("m{i}")), &chat.connection_token)
            .await
            .unwrap();
        ids.push(out.id.unwrap());
    }
    ids
}

fn contents(items: &[model::Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| i.content.clone().unwrap_or_else(|| "<event>".into()))
        .collect()
}

#[tokio::test]
async fn transcript_pages_backward_and_descending_by_default() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    send_numbered(&h, &chat, 24).await;
    // 25 items: participant.joined, m0..m23.
    let mut request = GetTranscript::default();
    let page = h.call(&request, &chat.connection_token).await.unwrap();
    assert_eq!(
        page.initial_contact_id.as_deref(),
        Some(chat.contact_id.as_str())
    );
    assert_eq!(
        contents(&page.transcript),
        (14..24).rev().map(|i| format!("m{i}")).collect::<Vec<_>>()
    );
    let mut seen = page.transcript.len();
    let mut pages = 1;
    request.next_token = page.next_token;
    while request.next_token.is_some() {
        let page = h.call(&request, &chat.connection_token).await.unwrap();
        seen += page.transcript.len();
        pages += 1;
        request.next_token = page.next_token;
        assert!(pages < 10);
    }
    assert_eq!((seen, pages), (25, 3));
}

#[tokio::test]
async fn transcript_scan_direction_sort_order_and_start_positions() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let ids = send_numbered(&h, &chat, 12).await;
    let token = &chat.connection_token;
    // FORWARD from the start, ascending, 5 per page.
    let forward = GetTranscript {
        scan_direction: Some(ScanDirection::Forward),
        sort_order: Some(SortKey::Ascending),
        max_results: Some(5),
        ..GetTranscript::default()
    };
    let page = h.call(&forward, token).await.unwrap();
    assert_eq!(
        contents(&page.transcript),
        ["<event>", "m0", "m1", "m2", "m3"]
    );
    let next = GetTranscript {
        next_token: page.next_token.clone(),
        ..forward.clone()
    };
    let page2 = h.call(&next, token).await.unwrap();
    assert_eq!(contents(&page2.transcript), ["m4", "m5", "m6", "m7", "m8"]);

    // StartPosition.Id: FORWARD by default, starting at (and including) that item.
    let from_id = GetTranscript {
        start_position: Some(StartPosition {
            id: Some(ids[9].clone()),
            ..StartPosition::default()
        }),
        sort_order: Some(SortKey::Ascending),
        ..GetTranscript::default()
    };
    let page = h.call(&from_id, token).await.unwrap();
    assert_eq!(contents(&page.transcript), ["m9", "m10", "m11"]);
    assert!(page.next_token.is_none());

    // StartPosition.Id scanning BACKWARD, descending.
    let back = GetTranscript {
        scan_direction: Some(ScanDirection::Backward),
        max_results: Some(3),
        ..from_id.clone()
    };
    let back = GetTranscript {
        sort_order: None,
        ..back
    };
    let page = h.call(&back, token).await.unwrap();
    assert_eq!(contents(&page.transcript), ["m9", "m8", "m7"]);

    // StartPosition.AbsoluteTime of m3: forward from it.
    let all = h.transcript(&chat.contact_id).await;
    let m3_time = all.iter().find(|i| i["Content"] == "m3").unwrap()["AbsoluteTime"]
        .as_str()
        .unwrap()
        .to_owned();
    let at = GetTranscript {
        start_position: Some(StartPosition {
            absolute_time: Some(m3_time),
            ..StartPosition::default()
        }),
        sort_order: Some(SortKey::Ascending),
        max_results: Some(2),
        ..GetTranscript::default()
    };
    assert_eq!(
        contents(&h.call(&at, token).await.unwrap().transcript),
        ["m3", "m4"]
    );

    // MostRecent 2: starts at the third newest item.
    let recent = GetTranscript {
        start_position: Some(StartPosition {
            most_recent: Some(2),
            ..StartPosition::default()
        }),
        sort_order: Some(SortKey::Ascending),
        ..GetTranscript::default()
    };
    assert_eq!(
        contents(&h.call(&recent, token).await.unwrap().transcript),
        ["m9", "m10", "m11"]
    );
}

#[tokio::test]
async fn transcript_rejects_bad_tokens_enums_and_positions() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    send_numbered(&h, &chat, 3).await;
    let token = chat.connection_token.as_str();
    for body in [
        json!({"NextToken": "garbage"}),
        json!({"ScanDirection": "SIDEWAYS"}),
        json!({"SortOrder": "RANDOM"}),
        json!({"StartPosition": {"Id": "no-such-item"}}),
        json!({"StartPosition": {"AbsoluteTime": "yesterday"}}),
        json!({"StartPosition": {"Id": "a", "MostRecent": 1}}),
        json!({"MaxResults": 101}),
        json!({"StartPosition": {"Bogus": 1}}),
    ] {
        let (status, headers, answer) = h
            .post_raw("/participant/transcript", Some(token), body.to_string())
            .await;
        assert_eq!(status, 400, "{body} -> {answer}");
        assert_eq!(headers["x-amzn-errortype"], "ValidationException", "{body}");
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // A NextToken of a forward scan does not fit a backward one.
    let page = h
        .call(
            &GetTranscript {
                scan_direction: Some(ScanDirection::Forward),
                max_results: Some(1),
                ..GetTranscript::default()
            },
            token,
        )
        .await
        .unwrap();
    let mismatched = GetTranscript {
        next_token: page.next_token,
        scan_direction: Some(ScanDirection::Backward),
        ..GetTranscript::default()
    };
    assert_eq!(
        kind(h.call(&mismatched, token).await),
        ErrorKind::Validation
    );
}

#[tokio::test]
async fn malformed_requests_get_the_service_error_shape() {
    let config = Config {
        limits: connect_emulator::Limits {
            body_bytes: 4096,
            ..connect_emulator::Limits::default()
        },
        ..fast_config(AgentMode::None)
    };
    let h = Harness::start(config).await;
    let chat = h.start_chat("Ann").await;
    let token = Some(chat.connection_token.as_str());
    let cases: Vec<(String, u16, &str)> = vec![
        ("{not json".into(), 400, "SerializationException"),
        ("[1,2]".into(), 400, "SerializationException"),
        (
            r#"{"ContentType":"text/plain","Content":5}"#.into(),
            400,
            "SerializationException",
        ),
        (
            r#"{"ContentType":"text/plain","Content":"x","Extra":1}"#.into(),
            400,
            "ValidationException",
        ),
        (
            r#"{"ContentType":"text/plain","Content":""}"#.into(),
            400,
            "ValidationException",
        ),
        (
            r#"{"ContentType":"text/html","Content":"<b>x</b>"}"#.into(),
            400,
            "ValidationException",
        ),
        // Over the 4096-byte body limit of this configuration.
        (
            json!({"ContentType":"text/plain","Content":"x".repeat(5000)}).to_string(),
            400,
            "ValidationException",
        ),
    ];
    for (body, status, code) in cases {
        let short: String = body.chars().take(60).collect();
        let (got, headers, answer) = h.post_raw("/participant/message", token, body).await;
        assert_eq!(
            (got, headers["x-amzn-errortype"].to_str().unwrap()),
            (status, code),
            "{short}"
        );
        assert!(headers.contains_key("x-amzn-requestid"));
        assert!(answer["message"].is_string(), "{short}: {answer}");
    }
    // The server is still fine, and nothing was added.
    let items = h.transcript(&chat.contact_id).await;
    assert_eq!(items.len(), 1, "only participant.joined: {items:?}");
    // The model's 16384-character limit, under the default body limit.
    let roomy = Harness::new().await;
    let chat2 = roomy.start_chat("Bob").await;
    let (status, headers, answer) = roomy
        .post_raw(
            "/participant/message",
            Some(&chat2.connection_token),
            json!({"ContentType":"text/plain","Content":"x".repeat(16_385)}).to_string(),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(headers["x-amzn-errortype"], "ValidationException");
    assert!(
        answer["message"].as_str().unwrap().contains("16384"),
        "{answer}"
    );
    // A wrong method, and unknown paths, answer in the same shape.
    let wrong = h
        .http
        .get(h.url("/participant/message"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 405);
    assert!(wrong.headers().contains_key("x-amzn-errortype"));
    // Unknown paths answer in the same shape.
    let (status, headers, _) = h.post_raw("/participant/nope", token, "{}").await;
    assert_eq!(status, 404);
    assert!(headers.contains_key("x-amzn-errortype"));
}

#[tokio::test]
async fn cors_preflight_allows_the_bearer_header_and_exposes_error_headers() {
    let h = Harness::new().await;
    let response = h
        .http
        .request(reqwest::Method::OPTIONS, h.url("/participant/message"))
        .header("Origin", "http://shop.example")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "x-amz-bearer,content-type",
        )
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "http://shop.example"
    );
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(allowed.contains("x-amz-bearer") && allowed.contains("content-type"));
    let response = h
        .http
        .post(h.url("/participant/message"))
        .header("Origin", "http://shop.example")
        .body("{}")
        .send()
        .await
        .unwrap();
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(exposed.contains("x-amzn-errortype") && exposed.contains("x-amzn-requestid"));
}

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
    assert!(items.iter().any(|i| i["Id"] == message_id.as_str()));

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
async fn disconnect_ends_the_chat_and_later_calls_are_forbidden() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let mut ws = subscribe(&chat.ws_url).await;
    let disconnect = DisconnectParticipant {
        client_token: Some("bye-1".into()),
    };
    h.call(&disconnect, &chat.connection_token).await.unwrap();
    // A retry with the same ClientToken answers the same; another token is refused.
    h.call(&disconnect, &chat.connection_token).await.unwrap();
    let other = DisconnectParticipant {
        client_token: Some("bye-2".into()),
    };
    assert_eq!(
        kind(h.call(&other, &chat.connection_token).await),
        ErrorKind::AccessDenied
    );
    let left = wait_chat(&mut ws, |i| i.event_type().is_some()).await;
    assert_eq!(left.event_type(), Some(content::EventType::ParticipantLeft));
    let ended = wait_chat(&mut ws, |i| i.event_type().is_some()).await;
    assert_eq!(ended.event_type(), Some(content::EventType::ChatEnded));
    // Then the socket closes.
    assert_eq!(next_frame(&mut ws).await, None);
    assert_eq!(
        kind(
            h.call(&SendMessage::text("late"), &chat.connection_token)
                .await
        ),
        ErrorKind::AccessDenied
    );
    assert_eq!(
        kind(
            h.call(
                &CreateParticipantConnection::websocket_and_credentials(),
                &chat.participant_token
            )
            .await
        ),
        ErrorKind::AccessDenied
    );
    // A chat the agent ends is forbidden too.
    let chat2 = h.start_chat("Bob").await;
    let (status, _) = h
        .control(&format!("/contacts/{}/end", chat2.contact_id), json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        kind(
            h.call(&GetTranscript::default(), &chat2.connection_token)
                .await
        ),
        ErrorKind::AccessDenied
    );
}

#[tokio::test]
async fn websocket_urls_and_connection_tokens_expire() {
    let mut config = fast_config(AgentMode::None);
    // Long enough that fresh ones are still valid when used on a busy machine.
    config.timing.websocket_url_ttl = Duration::from_millis(1000);
    config.timing.connection_token_ttl = Duration::from_millis(1000);
    let h = Harness::start(config).await;
    let chat = h.start_chat("Ann").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(tokio_tungstenite::connect_async(&chat.ws_url)
        .await
        .is_err());
    assert_eq!(
        kind(
            h.call(&SendMessage::text("late"), &chat.connection_token)
                .await
        ),
        ErrorKind::AccessDenied
    );
    // The ParticipantToken gets fresh ones.
    let fresh = h
        .call(
            &CreateParticipantConnection::websocket_and_credentials(),
            &chat.participant_token,
        )
        .await
        .unwrap();
    let token = fresh
        .connection_credentials
        .unwrap()
        .connection_token
        .unwrap();
    h.call(&SendMessage::text("again"), &token).await.unwrap();
    subscribe(&fresh.websocket.unwrap().url.unwrap()).await;
}

#[tokio::test]
async fn fault_fails_the_next_calls_of_an_operation() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let (status, _) = h
        .control(
            "/faults",
            json!({"operation":"SendMessage","count":2,"error":"ThrottlingException"}),
        )
        .await;
    assert_eq!(status, 200);
    let pending = h.control_get("/faults").await;
    assert_eq!(pending["Operations"][0]["remaining"], 2);
    for _ in 0..2 {
        let err = h
            .call(&SendMessage::text("x"), &chat.connection_token)
            .await
            .unwrap_err();
        match err {
            Error::Service(e) => assert_eq!((e.kind, e.status), (ErrorKind::Throttling, 429)),
            other => panic!("{other:?}"),
        }
    }
    h.call(&SendMessage::text("x"), &chat.connection_token)
        .await
        .unwrap();
    assert_eq!(h.control_get("/faults").await["Operations"], json!([]));
    // Other named exceptions, and a delay that still answers.
    h.control(
        "/faults",
        json!({"operation":"GetTranscript","error":"InternalServerException","message":"boom"}),
    )
    .await;
    let err = h
        .call(&GetTranscript::default(), &chat.connection_token)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::InternalServer));
    h.control(
        "/faults",
        json!({"operation":"GetTranscript","delay_ms":50}),
    )
    .await;
    h.call(&GetTranscript::default(), &chat.connection_token)
        .await
        .unwrap();
    // The websocket upgrade can be refused too.
    h.control(
        "/faults",
        json!({"operation":"WebSocket","error":"AccessDeniedException"}),
    )
    .await;
    let fresh = h
        .call(
            &CreateParticipantConnection::websocket_and_credentials(),
            &chat.participant_token,
        )
        .await
        .unwrap();
    let url = fresh.websocket.unwrap().url.unwrap();
    assert!(tokio_tungstenite::connect_async(&url).await.is_err());
    subscribe(&url).await;
    // Bad fault descriptions are refused.
    let (status, _) = h
        .control("/faults", json!({"operation":"SendMessage"}))
        .await;
    assert_eq!(status, 400);
    let (status, _) = h.control("/faults", json!({"socket":"explode"})).await;
    assert_eq!(status, 400);
    let (status, _) = h.control("/faults", json!({"nonsense":true})).await;
    assert_eq!(status, 400);
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

#[tokio::test]
async fn start_chat_validates_and_persistent_chat_rehydrates() {
    let h = Harness::new().await;
    for body in [
        json!({}),
        json!({"ParticipantDetails":{"DisplayName":""}}),
        json!({"ParticipantDetails":{"DisplayName":"A"},"Bogus":1}),
    ] {
        let (status, headers, _) = h.post_raw("/start-chat", None, body.to_string()).await;
        assert_eq!(status, 400, "{body}");
        assert!(headers.contains_key("x-amzn-errortype"));
    }
    // The shape of backends built from Amazon's template.
    let (status, _, wrapped) = h
        .post_raw(
            "/start-chat?shape=template",
            None,
            json!({"ParticipantDetails":{"DisplayName":"Wrapped"}}).to_string(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(wrapped["data"]["startChatResult"]["ParticipantToken"].is_string());
    let first = h.start_chat("Ann").await;
    h.call(&SendMessage::text("before"), &first.connection_token)
        .await
        .unwrap();
    // An active chat cannot be continued.
    let (status, _, _) = h
        .post_raw(
            "/start-chat",
            None,
            json!({"ParticipantDetails":{"DisplayName":"Ann"},
                   "PersistentChat":{"SourceContactId":first.contact_id,"RehydrationType":"ENTIRE_PAST_SESSION"}})
            .to_string(),
        )
        .await;
    assert_eq!(status, 400);
    h.call(&DisconnectParticipant::default(), &first.connection_token)
        .await
        .unwrap();
    let second = h
        .start_chat_with(json!({"ParticipantDetails":{"DisplayName":"Ann"},
            "Attributes":{"plan":"gold"},
            "PersistentChat":{"SourceContactId":first.contact_id,"RehydrationType":"ENTIRE_PAST_SESSION"}}))
        .await;
    let items = h.transcript(&second.contact_id).await;
    let rehydrated = items
        .iter()
        .find(|i| i["ContentType"] == content::EventType::ChatRehydrated.as_str())
        .expect("chat.rehydrated");
    assert_eq!(rehydrated["RelatedContactId"], first.contact_id.as_str());
    let past = GetTranscript {
        contact_id: Some(first.contact_id.clone()),
        ..GetTranscript::default()
    };
    let page = h.call(&past, &second.connection_token).await.unwrap();
    assert!(page
        .transcript
        .iter()
        .any(|i| i.content.as_deref() == Some("before")));
    // FROM_SEGMENT continues the source's contact chain.
    h.call(&DisconnectParticipant::default(), &second.connection_token)
        .await
        .unwrap();
    let third = h
        .start_chat_with(json!({"ParticipantDetails":{"DisplayName":"Ann"},
            "PersistentChat":{"SourceContactId":second.contact_id,"RehydrationType":"FROM_SEGMENT"}}))
        .await;
    let page = h
        .call(&GetTranscript::default(), &third.connection_token)
        .await
        .unwrap();
    assert_eq!(
        page.initial_contact_id.as_deref(),
        Some(second.contact_id.as_str())
    );
    // The whole chain is reachable: the first contact too.
    h.call(&past, &third.connection_token).await.unwrap();
    let contacts = h.control_get("/contacts").await;
    let listed = contacts["Contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ContactId"] == second.contact_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(listed["Attributes"]["plan"], "gold");
    assert_eq!(listed["PreviousContactId"], first.contact_id.as_str());
}

#[tokio::test]
async fn control_api_lists_contacts_and_sends_agent_events() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let mut ws = subscribe(&chat.ws_url).await;
    let contacts = h.control_get("/contacts").await;
    assert_eq!(contacts["Contacts"].as_array().unwrap().len(), 1);
    assert_eq!(
        contacts["Contacts"][0]["Participants"][0]["DisplayName"],
        "Ann"
    );
    let (status, _) = h
        .control(
            &format!("/contacts/{}/agent/events", chat.contact_id),
            json!({"ContentType": content::EventType::Typing.as_str()}),
        )
        .await;
    assert_eq!(status, 200);
    let joined = wait_chat(&mut ws, |_| true).await;
    assert_eq!(
        joined.event_type(),
        Some(content::EventType::ParticipantJoined)
    );
    assert_eq!(joined.participant_role, Some(model::ParticipantRole::Agent));
    let typing = wait_chat(&mut ws, |_| true).await;
    assert_eq!(typing.event_type(), Some(content::EventType::Typing));
    let (status, _) = h
        .control(
            &format!("/contacts/{}/agent/events", chat.contact_id),
            json!({"ContentType": "text/plain"}),
        )
        .await;
    assert_eq!(status, 400);
    let (status, body) = h
        .control(
            "/contacts/no-such-contact/agent/messages",
            json!({"Content":"x"}),
        )
        .await;
    assert_eq!(
        (status, body["ResourceType"].as_str()),
        (404, Some("CONTACT"))
    );
    let (status, _) = h
        .control(&format!("/contacts/{}/end", chat.contact_id), json!({}))
        .await;
    assert_eq!(status, 200);
    let (status, _) = h
        .control(&format!("/contacts/{}/end", chat.contact_id), json!({}))
        .await;
    assert_eq!(status, 409);
    let last = h.transcript(&chat.contact_id).await.pop().unwrap();
    assert_eq!(last["ContentType"], content::EventType::ChatEnded.as_str());
}

#[tokio::test]
async fn agent_console_page_uses_text_only() {
    let h = Harness::new().await;
    let page = h
        .http
        .get(h.url("/agent"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("textContent"));
    assert!(!page.contains("innerHTML"));
    assert!(page.contains(&h.emulator.urls().control_url));
}

#[tokio::test]
async fn data_dir_keeps_contacts_and_tokens_across_restarts() {
    let dir = std::env::temp_dir().join(format!("connect-emulator-test-{}", uuid::Uuid::new_v4()));
    let config = || Config {
        data_dir: Some(dir.clone()),
        ..fast_config(AgentMode::None)
    };
    let h = Harness::start(config()).await;
    let chat = h.start_chat("Ann").await;
    h.call(&SendMessage::text("remember me"), &chat.connection_token)
        .await
        .unwrap();
    // An uploaded, approved attachment.
    let upload = h
        .call(
            &StartAttachmentUpload {
                content_type: "text/plain".into(),
                attachment_size_in_bytes: 4,
                attachment_name: "kept.txt".into(),
                client_token: "kept".into(),
            },
            &chat.connection_token,
        )
        .await
        .unwrap();
    let meta = upload.upload_metadata.unwrap();
    let mut put = h.http.put(meta.url.unwrap());
    for (k, v) in meta.headers_to_include.unwrap() {
        if k != "Content-Length" {
            put = put.header(k, v);
        }
    }
    assert_eq!(put.body("kept").send().await.unwrap().status(), 200);
    let attachment_id = upload.attachment_id.unwrap();
    h.call(
        &CompleteAttachmentUpload {
            attachment_ids: vec![attachment_id.clone()],
            client_token: "kept".into(),
        },
        &chat.connection_token,
    )
    .await
    .unwrap();
    h.wait_item(&chat.contact_id, |i| i["Type"] == "ATTACHMENT")
        .await;
    h.emulator.shutdown().await;
    let h = Harness::start(config()).await;
    let items = h.transcript(&chat.contact_id).await;
    assert!(
        items.iter().any(|i| i["Content"] == "remember me"),
        "{items:?}"
    );
    let got = h
        .call(
            &GetAttachment {
                attachment_id,
                ..GetAttachment::default()
            },
            &chat.connection_token,
        )
        .await
        .unwrap();
    let body = h.http.get(got.url.unwrap()).send().await.unwrap();
    assert_eq!(body.text().await.unwrap(), "kept");
    h.call(&SendMessage::text("and me"), &chat.connection_token)
        .await
        .unwrap();
    h.emulator.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn start_up_line_names_every_url() {
    let h = Harness::new().await;
    let line: Value = serde_json::from_str(&h.emulator.urls_json()).unwrap();
    for key in ["participant_url", "websocket_base", "s3_url", "control_url"] {
        assert!(line[key].as_str().unwrap().contains("127.0.0.1:"), "{key}");
    }
    assert!(line.get("page_url").is_none());
}

#[tokio::test]
async fn static_directory_is_served_on_its_own_origin_with_the_console() {
    let dir =
        std::env::temp_dir().join(format!("connect-emulator-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<p>demo page</p>").unwrap();
    let config = Config {
        static_dir: Some(dir.clone()),
        ..fast_config(AgentMode::None)
    };
    let h = Harness::start(config).await;
    let page_url = h
        .emulator
        .urls()
        .page_url
        .clone()
        .expect("page_url with a static dir");
    assert_ne!(page_url, h.emulator.urls().participant_url);
    let body = h
        .http
        .get(format!("{page_url}/index.html"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "<p>demo page</p>");
    let console = h
        .http
        .get(format!("{page_url}/agent"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(console.contains(&h.emulator.urls().control_url));
    let urls: Value = h
        .http
        .get(format!("{page_url}/emulator.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        urls["participant_url"],
        h.emulator.urls().participant_url.as_str()
    );
    let missing = h
        .http
        .get(format!("{page_url}/nope.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn unreadable_saved_state_is_a_clear_start_up_error() {
    let dir = std::env::temp_dir().join(format!("connect-emulator-bad-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("state.json"), "{ not json").unwrap();
    let config = Config {
        data_dir: Some(dir.clone()),
        ..fast_config(AgentMode::None)
    };
    let err = connect_emulator::Emulator::start(config)
        .await
        .err()
        .expect("refused");
    assert!(
        matches!(err, connect_emulator::EmulatorError::State { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("state.json"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The binary's contract: flags and one JSON line on stdout.
#[tokio::test]
async fn binary_prints_one_json_line_and_refuses_a_missing_static_dir() {
    use std::io::BufRead;
    let bin = env!("CARGO_BIN_EXE_connect-emulator");
    let mut child = std::process::Command::new(bin)
        .args(["--port", "0", "--agent", "none", "--host", "127.0.0.1"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let read = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .map(|_| line)
    });
    let line = match tokio::time::timeout(Duration::from_secs(15), read).await {
        Ok(line) => line.unwrap().unwrap(),
        Err(_) => {
            let _ = child.kill();
            panic!("no start-up line within 15 s");
        }
    };
    let urls: Value = serde_json::from_str(&line).unwrap();
    let participant = urls["participant_url"].as_str().unwrap().to_owned();
    assert!(participant.starts_with("http://127.0.0.1:"));
    assert_eq!(urls["control_url"], format!("{participant}/_emulator"));
    let contacts: Value = reqwest::get(format!("{participant}/_emulator/contacts"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(contacts["Contacts"], json!([]));
    child.kill().unwrap();
    child.wait().unwrap();

    let status = std::process::Command::new(bin)
        .args(["--static", "/no/such/dir"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

#[tokio::test]
async fn garbage_bodies_on_every_operation_get_error_answers_not_crashes() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let paths = [
        "/participant/connection",
        "/participant/disconnect",
        "/participant/message",
        "/participant/event",
        "/participant/transcript",
        "/participant/start-attachment-upload",
        "/participant/complete-attachment-upload",
        "/participant/attachment",
        "/participant/authentication-url",
        "/participant/cancel-authentication",
        "/start-chat",
        "/_emulator/faults",
    ];
    let deep = "[".repeat(10_000);
    let bodies: Vec<Vec<u8>> = vec![
        b"null".to_vec(),
        b"{\"a\":".to_vec(),
        b"\"just a string\"".to_vec(),
        vec![0xff, 0xfe, 0x00],
        deep.into_bytes(),
        br#"{"ContentType":null,"Content":[],"AttachmentIds":"x","MaxResults":-1}"#.to_vec(),
    ];
    for path in paths {
        for body in &bodies {
            let (status, headers, answer) = h
                .post_raw(path, Some(&chat.connection_token), body.clone())
                .await;
            assert!((400..500).contains(&status), "{path}: {status} {answer}");
            assert!(headers.contains_key("x-amzn-errortype"), "{path}");
            assert!(answer["message"].is_string(), "{path}: {answer}");
        }
    }
    // Still serving, and nothing was added by any of it.
    h.call(&SendMessage::text("still here"), &chat.connection_token)
        .await
        .unwrap();
    assert_eq!(h.transcript(&chat.contact_id).await.len(), 2);
}
