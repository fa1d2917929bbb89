//! The Participant Service operations: tokens, idempotency, transcripts, disconnects, and
//! the error answers to malformed requests.

mod common;

use std::time::Duration;

use common::*;
use connect_emulator::{AgentMode, Config};
use connect_participant::model::{ScanDirection, SortKey, StartPosition};
use connect_participant::*;
use serde_json::json;

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
async fn a_customer_connects_with_type_alone_as_the_official_client_asks() {
    let h = Harness::new().await;
    let (_, _, started) = h
        .post_raw(
            "/start-chat",
            None,
            json!({"ParticipantDetails":{"DisplayName":"Ann"}}).to_string(),
        )
        .await;
    let token = started["ParticipantToken"].as_str().unwrap();
    let connected = |contacts: serde_json::Value| {
        contacts["Contacts"][0]["Participants"][0]["Connected"].clone()
    };
    assert_eq!(connected(h.control_get("/contacts").await), false);
    // The exact body amazon-connect-chatjs sends for a customer: no ConnectParticipant.
    let (status, _, body) = h
        .post_raw(
            "/participant/connection",
            Some(token),
            r#"{"Type":["WEBSOCKET","CONNECTION_CREDENTIALS"]}"#,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["Websocket"]["Url"].is_string());
    assert!(body["ConnectionCredentials"]["ConnectionToken"].is_string());
    assert_eq!(connected(h.control_get("/contacts").await), true);
    // An agent's acknowledgement (no Type) is still accepted, and asks for nothing.
    let (status, _, body) = h
        .post_raw(
            "/participant/connection",
            Some(token),
            r#"{"ConnectParticipant":true}"#,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("Websocket").is_none() && body.get("ConnectionCredentials").is_none());
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
async fn garbage_bodies_on_every_operation_get_error_answers_not_crashes() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let paths = OperationId::ALL
        .iter()
        .filter(|id| id.method() == Method::Post)
        .map(|id| id.uri())
        .chain(["/start-chat", "/_emulator/faults"]);
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
