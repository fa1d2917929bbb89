//! The idle auto-disconnect: `participant.autodisconnection`, the others leave, the
//! disconnect flow writes to the customer, then `chat.ended` (or the chat stays open).

mod common;

use std::time::Duration;

use common::*;
use connect_emulator::{AgentMode, IdleDisconnect};
use connect_participant::content::EventType;
use connect_participant::model::{ChatItemType, Item, ParticipantRole};
use connect_participant::*;
use serde_json::json;

/// The items that follow on the socket until `last` matches (at most 20).
async fn items_until(ws: &mut Ws, last: impl Fn(&Item) -> bool) -> Vec<Item> {
    let mut out = Vec::new();
    for _ in 0..20 {
        let item = wait_chat(ws, |_| true).await;
        let done = last(&item);
        out.push(item);
        if done {
            return out;
        }
    }
    panic!("no end in {out:?}");
}

/// A chat the agent has joined, subscribed, with the join already read.
async fn chat_with_agent(h: &Harness) -> (Chat, Ws) {
    let chat = h.start_chat("Ann").await;
    let mut ws = subscribe(&chat.ws_url).await;
    h.control(
        &format!("/contacts/{}/agent/messages", chat.contact_id),
        json!({ "Content": "Hi" }),
    )
    .await;
    wait_chat(&mut ws, from_agent_message).await;
    (chat, ws)
}

fn shape(items: &[Item]) -> Vec<(String, Option<ParticipantRole>)> {
    items
        .iter()
        .map(|i| {
            let what = match i.event_type() {
                Some(e) => e.as_str().rsplit('.').next().unwrap().to_owned(),
                None => format!("{:?}", i.kind.clone().unwrap()),
            };
            (what, i.participant_role.clone())
        })
        .collect()
}

#[tokio::test]
async fn autodisconnect_names_the_idle_customer_removes_the_agent_then_the_flow_ends_the_chat() {
    let h = Harness::new().await;
    let (chat, mut ws) = chat_with_agent(&h).await;
    let (status, body) = h
        .control(
            &format!("/contacts/{}/autodisconnect", chat.contact_id),
            json!({}),
        )
        .await;
    assert_eq!((status, body["Ended"].as_bool()), (200, Some(true)));
    let items = items_until(&mut ws, |i| i.event_type() == Some(EventType::ChatEnded)).await;
    assert_eq!(
        shape(&items),
        [
            ("autodisconnection".into(), Some(ParticipantRole::Customer)),
            ("left".into(), Some(ParticipantRole::Agent)),
            ("Message".into(), Some(ParticipantRole::System)),
            ("ended".into(), Some(ParticipantRole::System)),
        ]
    );
    assert_eq!(
        items[0].participant_id.as_deref(),
        Some(chat.participant_id.as_str())
    );
    assert_eq!(items[0].display_name.as_deref(), Some("Ann"));
    assert!(!items[2].content.as_deref().unwrap().is_empty());
    let late = h
        .call(&SendMessage::text("late"), &chat.connection_token)
        .await;
    assert_eq!(kind(late), ErrorKind::AccessDenied);
    // All of it is in the transcript.
    let kept = h.transcript(&chat.contact_id).await;
    assert!(kept
        .iter()
        .any(|i| i["ContentType"] == EventType::ParticipantAutoDisconnection.as_str()));
}

#[tokio::test]
async fn a_disconnect_flow_can_keep_the_chat_open_for_the_customer() {
    let h = Harness::new().await;
    let (chat, mut ws) = chat_with_agent(&h).await;
    let path = format!("/contacts/{}/autodisconnect", chat.contact_id);
    let (status, body) = h
        .control(
            &path,
            json!({ "Idle": "AGENT", "EndChat": false, "Message": "A bot takes over." }),
        )
        .await;
    assert_eq!((status, body["Ended"].as_bool()), (200, Some(false)));
    let items = items_until(&mut ws, |i| i.kind == Some(ChatItemType::Message)).await;
    assert_eq!(
        shape(&items),
        [
            ("autodisconnection".into(), Some(ParticipantRole::Agent)),
            ("left".into(), Some(ParticipantRole::Agent)),
            ("Message".into(), Some(ParticipantRole::System)),
        ]
    );
    assert_eq!(items[2].content.as_deref(), Some("A bot takes over."));
    // The customer is still in the chat.
    h.call(&SendMessage::text("still here"), &chat.connection_token)
        .await
        .unwrap();
    let contacts = h.control_get("/contacts").await;
    assert_eq!(contacts["Contacts"][0]["Ended"], false);
    // No agent is left to be idle; bad bodies are refused.
    assert_eq!(h.control(&path, json!({ "Idle": "AGENT" })).await.0, 409);
    assert_eq!(h.control(&path, json!({ "Idle": "BOT" })).await.0, 400);
    assert_eq!(h.control(&path, json!({ "Bogus": 1 })).await.0, 400);
}

#[tokio::test]
async fn the_idle_timer_disconnects_a_silent_customer_once() {
    let mut config = fast_config(AgentMode::None);
    config.idle_disconnect = Some(IdleDisconnect {
        after: Duration::from_millis(600),
        end_chat: false,
    });
    let h = Harness::start(config).await;
    let chat = h.start_chat("Ann").await;
    let mut ws = subscribe(&chat.ws_url).await;
    // Writing keeps the customer from being idle.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        h.call(&SendMessage::text("here"), &chat.connection_token)
            .await
            .unwrap();
    }
    let items = items_until(&mut ws, |i| {
        i.event_type() == Some(EventType::ParticipantAutoDisconnection)
    })
    .await;
    let own = items
        .iter()
        .filter(|i| i.participant_role == Some(ParticipantRole::Customer))
        .filter(|i| i.kind == Some(ChatItemType::Message))
        .count();
    assert_eq!(own, 3, "the timer waited for the last message: {items:?}");
    let flow = wait_chat(&mut ws, |i| i.kind == Some(ChatItemType::Message)).await;
    assert_eq!(flow.participant_role, Some(ParticipantRole::System));
    // Kept open, and not disconnected twice.
    assert!(next_frame_within(&mut ws, Duration::from_millis(1500))
        .await
        .is_err());
    h.call(&SendMessage::text("hello?"), &chat.connection_token)
        .await
        .unwrap();
}
