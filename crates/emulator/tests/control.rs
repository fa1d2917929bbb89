//! The site owner's start-chat, the control API (faults, contacts, agent messages and events)
//! and the agent console.

mod common;

use common::*;
use connect_participant::*;
use serde_json::json;

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
}

/// The widget's start-chat request for "Ann" with ClientToken `token`, as the emulator answers
/// it: status and body.
async fn start_with_token(h: &Harness, token: &str) -> (u16, serde_json::Value) {
    let request = session::StartChatRequest {
        display_name: "Ann".into(),
        attributes: Default::default(),
        client_token: Some(token.to_owned()),
    }
    .to_http_request(&h.url("/start-chat"));
    let response = h.send(request).await;
    let body = serde_json::from_str(&response.body).unwrap_or_default();
    (response.status, body)
}

async fn contact_count(h: &Harness) -> usize {
    h.control_get("/contacts").await["Contacts"]
        .as_array()
        .map_or(0, Vec::len)
}

#[tokio::test]
async fn a_repeated_client_token_is_the_same_contact_until_it_ends() {
    let h = Harness::new().await;
    let (status, first) = start_with_token(&h, "press-1").await;
    assert_eq!(status, 200, "{first}");
    let contact_id = first["ContactId"].as_str().unwrap().to_owned();
    let items = h.transcript(&contact_id).await.len();
    let (status, again) = start_with_token(&h, "press-1").await;
    assert_eq!((status, &again), (200, &first), "the same ids and token");
    assert_eq!(contact_count(&h).await, 1);
    let contacts = h.control_get("/contacts").await;
    assert_eq!(
        contacts["Contacts"][0]["Participants"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "no second customer"
    );
    assert_eq!(
        h.transcript(&contact_id).await.len(),
        items,
        "no second joined event"
    );
    // Tokens are case-sensitive: another token is another contact.
    let (_, other) = start_with_token(&h, "PRESS-1").await;
    assert_ne!(other["ContactId"], first["ContactId"]);
    assert_eq!(contact_count(&h).await, 2);
    // Once the contact ended, its token starts a new one, which the token then names.
    h.control(&format!("/contacts/{contact_id}/end"), json!({}))
        .await;
    let (status, after_end) = start_with_token(&h, "press-1").await;
    assert_eq!(status, 200);
    assert_ne!(after_end["ContactId"], first["ContactId"]);
    assert_eq!(contact_count(&h).await, 3);
    assert_eq!(start_with_token(&h, "press-1").await.1, after_end);
    // StartChatContact's limit.
    let (status, _) = start_with_token(&h, &"x".repeat(501)).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_fault_after_an_operation_loses_its_answer_but_not_its_effect() {
    let h = Harness::new().await;
    let fail_after =
        json!({"operation":"StartChat","error":"InternalServerException","after":true});
    let (status, _) = h.control("/faults", fail_after.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(
        h.control_get("/faults").await["Operations"][0]["after"],
        true
    );
    // The backend created the contact, then failed: the retry with the same token gets it.
    let (status, _) = start_with_token(&h, "press-1").await;
    assert_eq!(status, 500);
    assert_eq!(contact_count(&h).await, 1);
    let (status, retried) = start_with_token(&h, "press-1").await;
    assert_eq!(status, 200);
    assert_eq!(contact_count(&h).await, 1);
    let contacts = h.control_get("/contacts").await;
    assert_eq!(contacts["Contacts"][0]["ContactId"], retried["ContactId"]);
    // Without a token the retry is a second contact.
    h.control("/faults", fail_after).await;
    let body = json!({"ParticipantDetails":{"DisplayName":"Bo"}}).to_string();
    let (status, _, _) = h.post_raw("/start-chat", None, body.clone()).await;
    assert_eq!(status, 500);
    let (status, _, _) = h.post_raw("/start-chat", None, body).await;
    assert_eq!(status, 200);
    assert_eq!(contact_count(&h).await, 3);
    // Any operation: the message is kept though the sender was told it failed.
    let chat = h.start_chat("Cy").await;
    h.control(
        "/faults",
        json!({"operation":"SendMessage","error":"InternalServerException","after":true}),
    )
    .await;
    let err = h
        .call(&SendMessage::text("kept"), &chat.connection_token)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::InternalServer));
    let kept = h.transcript(&chat.contact_id).await;
    assert!(kept.iter().any(|i| i["Content"] == "kept"), "{kept:?}");
    // The websocket upgrade has no effect to fail after; "after" needs an operation.
    for fault in [
        json!({"operation":"WebSocket","error":"AccessDeniedException","after":true}),
        json!({"after":true}),
    ] {
        let (status, _) = h.control("/faults", fault.clone()).await;
        assert_eq!(status, 400, "{fault}");
    }
}

/// Starts a chat continuing `source` with `rehydration`; returns the chat and its
/// GetTranscript page (ascending, as the official UI loads it).
async fn rehydrate(h: &Harness, source: &str, rehydration: &str) -> (Chat, Vec<model::Item>) {
    let chat = h
        .start_chat_with(json!({"ParticipantDetails":{"DisplayName":"Ann"},
            "Attributes":{"plan":"gold"},
            "PersistentChat":{"SourceContactId":source,"RehydrationType":rehydration}}))
        .await;
    let page = GetTranscript {
        max_results: Some(100),
        sort_order: Some(model::SortKey::Ascending),
        ..GetTranscript::default()
    };
    let items = h
        .call(&page, &chat.connection_token)
        .await
        .unwrap()
        .transcript;
    (chat, items)
}

/// What a persistent chat's transcript holds: `(RelatedContactId, content)` of the past
/// messages; the current part starts with `chat.rehydrated`.
fn past_messages(chat: &Chat, items: &[model::Item]) -> Vec<(String, String)> {
    let start = items
        .iter()
        .position(|i| i.event_type() == Some(content::EventType::ChatRehydrated))
        .expect("chat.rehydrated");
    let (past, current) = items.split_at(start);
    for item in past {
        assert!(
            item.contact_id.is_none() && item.initial_contact_id.is_none(),
            "{item:?}"
        );
        assert!(item.related_contact_id.is_some(), "{item:?}");
    }
    for item in current {
        assert_eq!(item.contact_id.as_deref(), Some(chat.contact_id.as_str()));
        assert!(item.related_contact_id.is_none(), "{item:?}");
    }
    let rehydrated = current
        .iter()
        .filter(|i| i.event_type() == Some(content::EventType::ChatRehydrated))
        .count();
    assert_eq!(rehydrated, 1);
    past.iter()
        .filter(|i| i.kind == Some(model::ChatItemType::Message))
        .map(|i| {
            (
                i.related_contact_id.clone().unwrap(),
                i.content.clone().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn persistent_chats_rehydrate_the_past_session_or_one_segment() {
    let h = Harness::new().await;
    let first = h.start_chat("Ann").await;
    h.call(&SendMessage::text("one"), &first.connection_token)
        .await
        .unwrap();
    // Only an ended chat can be a source, whichever way.
    for rehydration in ["ENTIRE_PAST_SESSION", "FROM_SEGMENT"] {
        let (status, _, _) = h
            .post_raw(
                "/start-chat",
                None,
                json!({"ParticipantDetails":{"DisplayName":"Ann"},
                       "PersistentChat":{"SourceContactId":first.contact_id,"RehydrationType":rehydration}})
                .to_string(),
            )
            .await;
        assert_eq!(status, 400, "{rehydration}");
    }
    h.call(&DisconnectParticipant::default(), &first.connection_token)
        .await
        .unwrap();
    let (second, items) = rehydrate(&h, &first.contact_id, "ENTIRE_PAST_SESSION").await;
    assert_eq!(
        past_messages(&second, &items),
        [(first.contact_id.clone(), "one".to_owned())]
    );
    // chat.rehydrated reaches the customer live, once, when a socket first subscribes.
    let mut ws = subscribe(&second.ws_url).await;
    let live = wait_chat(&mut ws, |_| true).await;
    assert_eq!(live.event_type(), Some(content::EventType::ChatRehydrated));
    assert_eq!(
        live.id,
        items
            .iter()
            .find(|i| i.event_type() == live.event_type())
            .unwrap()
            .id
    );
    let mut again = subscribe(&second.ws_url).await;
    assert!(
        next_frame_within(&mut again, std::time::Duration::from_millis(300))
            .await
            .is_err()
    );
    // The past session's end is history; the new chat goes on.
    assert!(items
        .iter()
        .any(|i| i.event_type() == Some(content::EventType::ChatEnded)
            && i.related_contact_id.as_deref() == Some(first.contact_id.as_str())));
    h.call(&SendMessage::text("two"), &second.connection_token)
        .await
        .unwrap();
    h.call(&DisconnectParticipant::default(), &second.connection_token)
        .await
        .unwrap();

    // ENTIRE_PAST_SESSION names the session's first contact and brings back the whole chain,
    // up to its most recent contact.
    let (third, items) = rehydrate(&h, &first.contact_id, "ENTIRE_PAST_SESSION").await;
    assert_eq!(
        past_messages(&third, &items),
        [
            (first.contact_id.clone(), "one".to_owned()),
            (second.contact_id.clone(), "two".to_owned()),
        ]
    );
    assert_eq!(
        items.last().unwrap().participant_id.as_deref(),
        Some(third.participant_id.as_str())
    );
    // GetTranscript's ContactId may name a contact of the chain.
    let past = GetTranscript {
        contact_id: Some(first.contact_id.clone()),
        ..GetTranscript::default()
    };
    let page = h.call(&past, &third.connection_token).await.unwrap();
    assert!(page
        .transcript
        .iter()
        .any(|i| i.content.as_deref() == Some("one")));
    h.call(&DisconnectParticipant::default(), &third.connection_token)
        .await
        .unwrap();

    // FROM_SEGMENT starts from the named contact only.
    let (fourth, items) = rehydrate(&h, &first.contact_id, "FROM_SEGMENT").await;
    assert_eq!(
        past_messages(&fourth, &items),
        [(first.contact_id.clone(), "one".to_owned())]
    );
    let (_, items) = rehydrate(&h, &second.contact_id, "FROM_SEGMENT").await;
    let texts: Vec<String> = items.iter().filter_map(|i| i.content.clone()).collect();
    assert_eq!(texts, ["one", "two"]);

    let contacts = h.control_get("/contacts").await;
    let listed = contacts["Contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ContactId"] == third.contact_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(listed["Attributes"]["plan"], "gold");
    assert_eq!(listed["PreviousContactId"], second.contact_id.as_str());
    assert_eq!(listed["InitialContactId"], third.contact_id.as_str());
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
