//! The scripted agent: joining, typing, answering, and its commands; DescribeView and
//! customer authentication, which its commands start.

mod common;

use std::time::Duration;

use common::*;
use connect_emulator::AgentMode;
use connect_participant::content::{self, EventType};
use connect_participant::model::{ChatItemType, Item, ParticipantRole};
use connect_participant::*;
use serde_json::Value;

async fn scripted() -> (Harness, Chat, Ws) {
    let mut config = fast_config(AgentMode::Scripted);
    // The socket carries live items only: the agent must join after the test has subscribed,
    // even on a busy machine, or the join and greeting the tests wait for are never seen.
    config.timing.agent_join = Duration::from_millis(500);
    let h = Harness::start(config).await;
    let chat = h.start_chat("Ann").await;
    let ws = subscribe(&chat.ws_url).await;
    (h, chat, ws)
}

fn from_agent_message(i: &Item) -> bool {
    i.kind == Some(ChatItemType::Message) && i.participant_role == Some(ParticipantRole::Agent)
}

async fn say(h: &Harness, chat: &Chat, text: &str) {
    h.call(&SendMessage::text(text), &chat.connection_token)
        .await
        .unwrap();
}

#[tokio::test]
async fn agent_joins_greets_types_and_answers() {
    let (h, chat, mut ws) = scripted().await;
    let joined = wait_chat(&mut ws, |i| {
        i.event_type() == Some(EventType::ParticipantJoined)
    })
    .await;
    assert_eq!(joined.participant_role, Some(ParticipantRole::Agent));
    wait_chat(&mut ws, from_agent_message).await;
    let sent = h
        .call(&SendMessage::text("hello there"), &chat.connection_token)
        .await
        .unwrap();
    let receipt = wait_chat(&mut ws, |i| i.kind == Some(ChatItemType::MessageMetadata)).await;
    let metadata = receipt.message_metadata.unwrap();
    assert_eq!(metadata.message_id, sent.id);
    assert!(metadata.receipts.unwrap()[0].read_timestamp.is_some());
    wait_chat(&mut ws, |i| i.event_type() == Some(EventType::Typing)).await;
    let answer = wait_chat(&mut ws, from_agent_message).await;
    assert_eq!(answer.content.as_deref(), Some("You said: hello there"));
}

fn template(item: &Item) -> Value {
    assert_eq!(item.content_type.as_deref(), Some(content::INTERACTIVE));
    serde_json::from_str(item.content.as_deref().unwrap()).unwrap()
}

#[tokio::test]
async fn agent_sends_each_interactive_template() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;
    for (command, kind) in [
        ("/listpicker", "ListPicker"),
        ("/timepicker", "TimePicker"),
        ("/panel", "Panel"),
        ("/quickreply", "QuickReply"),
        ("/carousel", "Carousel"),
    ] {
        say(&h, &chat, command).await;
        let item = wait_chat(&mut ws, from_agent_message).await;
        let t = template(&item);
        assert_eq!(t["templateType"], kind, "{command}");
        assert!(t["data"]["content"]["title"].is_string());
    }
    say(&h, &chat, "/markdown").await;
    let item = wait_chat(&mut ws, from_agent_message).await;
    assert_eq!(item.content_type.as_deref(), Some(content::TEXT_MARKDOWN));
}

#[tokio::test]
async fn view_command_gives_a_token_for_describe_view() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;
    say(&h, &chat, "/view").await;
    let item = wait_chat(&mut ws, from_agent_message).await;
    let t = template(&item);
    assert_eq!(t["templateType"], "ViewResource");
    let view_token = t["data"]["content"]["viewToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = h
        .call(
            &DescribeView {
                view_token: view_token.clone(),
            },
            &chat.connection_token,
        )
        .await
        .unwrap();
    let view = out.view.unwrap();
    assert_eq!(view.name.as_deref(), Some("Contact details"));
    assert!(view.content.unwrap().template.is_some());
    let err = h
        .call(
            &DescribeView {
                view_token: "unknown".into(),
            },
            &chat.connection_token,
        )
        .await
        .unwrap_err();
    match err {
        Error::Service(e) => {
            assert_eq!((e.kind, e.status), (ErrorKind::ResourceNotFound, 404));
            assert_eq!(e.resource_id.as_deref(), Some("unknown"));
        }
        other => panic!("{other:?}"),
    }
    // Another chat cannot read this chat's view.
    let other = h.start_chat("Bob").await;
    let err = h
        .call(&DescribeView { view_token }, &other.connection_token)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::ResourceNotFound));
}

#[tokio::test]
async fn auth_command_starts_a_session_for_the_authentication_operations() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;
    say(&h, &chat, "/auth").await;
    let initiated = wait_chat(&mut ws, |i| {
        i.event_type() == Some(EventType::AuthenticationInitiated)
    })
    .await;
    let content: Value = serde_json::from_str(initiated.content.as_deref().unwrap()).unwrap();
    let session = content["SessionId"].as_str().unwrap().to_owned();
    assert_eq!(session.len(), 36);
    let url = h
        .call(
            &GetAuthenticationUrl {
                session_id: session.clone(),
                redirect_uri: "https://shop.example/back".into(),
            },
            &chat.connection_token,
        )
        .await
        .unwrap()
        .authentication_url
        .unwrap();
    let page = h.http.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("textContent") && !page.contains("innerHTML"));
    h.call(
        &CancelParticipantAuthentication {
            session_id: session.clone(),
        },
        &chat.connection_token,
    )
    .await
    .unwrap();
    wait_chat(&mut ws, |i| {
        i.event_type() == Some(EventType::AuthenticationCancelled)
    })
    .await;
    // The session is gone now; an unknown one is refused.
    let err = h
        .call(
            &CancelParticipantAuthentication {
                session_id: session,
            },
            &chat.connection_token,
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::Validation));
}

#[tokio::test]
async fn transfer_bot_attachment_and_end_commands() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;

    say(&h, &chat, "/transfer").await;
    wait_chat(&mut ws, |i| {
        i.event_type() == Some(EventType::TransferSucceeded)
    })
    .await;
    let joined = wait_chat(&mut ws, |i| {
        i.event_type() == Some(EventType::ParticipantJoined)
    })
    .await;
    assert_eq!(joined.display_name.as_deref(), Some("Agent 2"));

    say(&h, &chat, "/bot").await;
    let mut text = String::new();
    let mut streams = Vec::new();
    for _ in 0..4 {
        let chunk = wait_chat(&mut ws, |i| {
            i.participant_role == Some(ParticipantRole::CustomBot)
        })
        .await;
        text.push_str(chunk.content.as_deref().unwrap());
        streams.push(connect_participant::timeline::stream_id(&chunk).map(str::to_owned));
    }
    // All chunks name one reply, so a client stitches them into one message.
    assert!(
        streams[0].is_some(),
        "a chunk without the reply's MessageId"
    );
    assert!(streams.iter().all(|s| *s == streams[0]), "{streams:?}");
    assert!(text.starts_with("Let me look that up.") && text.ends_with("within two days."));

    say(&h, &chat, "/attachment").await;
    let item = wait_chat(&mut ws, |i| i.kind == Some(ChatItemType::Attachment)).await;
    let id = item.attachments.unwrap()[0].attachment_id.clone().unwrap();
    let got = h
        .call(
            &GetAttachment {
                attachment_id: id,
                ..GetAttachment::default()
            },
            &chat.connection_token,
        )
        .await
        .unwrap();
    let bytes = h
        .http
        .get(got.url.unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.len() as i64, got.attachment_size_in_bytes);

    say(&h, &chat, "/end").await;
    wait_chat(&mut ws, |i| i.event_type() == Some(EventType::ChatEnded)).await;
    let err = h
        .call(&SendMessage::text("late"), &chat.connection_token)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::AccessDenied));
}
