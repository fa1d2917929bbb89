//! Bounded loopback load: 200 simultaneous chats, each with a websocket and 50 messages.
//! Counts, not timings: every message reaches its own chat's socket exactly once, and its
//! transcript holds each exactly once.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::*;
use connect_participant::frames::ServerFrame;
use connect_participant::model::ChatItemType;
use connect_participant::SendMessage;

const CHATS: usize = 200;
const MESSAGES: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_chats_lose_and_duplicate_nothing() {
    let h = std::sync::Arc::new(Harness::new().await);
    let run = async {
        let mut tasks = Vec::new();
        for n in 0..CHATS {
            let h = h.clone();
            tasks.push(tokio::spawn(async move {
                let chat = h.start_chat(&format!("load {n}")).await;
                let mut ws = subscribe(&chat.ws_url).await;
                // Read the socket while sending, so nothing waits on the other.
                let contact = chat.contact_id.clone();
                let reader = tokio::spawn(async move {
                    let mut ids = Vec::new();
                    while ids.len() < MESSAGES {
                        match next_frame_within(&mut ws, Duration::from_secs(20)).await {
                            Ok(Some(ServerFrame::Chat(item))) => {
                                assert_eq!(item.contact_id.as_deref(), Some(contact.as_str()));
                                if item.kind == Some(ChatItemType::Message) {
                                    ids.push((
                                        item.contact_id.clone().unwrap(),
                                        item.id.clone().unwrap(),
                                    ));
                                }
                            }
                            Ok(Some(_)) => {}
                            Ok(None) | Err(()) => break,
                        }
                    }
                    ids
                });
                let mut sent = Vec::new();
                for i in 0..MESSAGES {
                    let out = h
                        .call(
                            &SendMessage::text(format!("{n}:{i}"))
                                .with_client_token(format!("{n}-{i}")),
                            &chat.connection_token,
                        )
                        .await
                        .expect("send");
                    sent.push(out.id.unwrap());
                }
                let received = reader.await.expect("reader");
                (chat.contact_id, sent, received)
            }));
        }
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.expect("chat task"));
        }
        results
    };
    let results = tokio::time::timeout(Duration::from_secs(90), run)
        .await
        .expect("load finished within the bound");
    assert_eq!(results.len(), CHATS);
    let mut all_ids = HashSet::new();
    for (contact_id, sent, received) in &results {
        assert_eq!(sent.len(), MESSAGES);
        assert_eq!(received.len(), MESSAGES, "frames for {contact_id}");
        let received_ids: Vec<&String> = received.iter().map(|(_, id)| id).collect();
        let unique: HashSet<&String> = received_ids.iter().copied().collect();
        assert_eq!(unique.len(), MESSAGES, "duplicates on {contact_id}");
        assert!(received.iter().all(|(c, _)| c == contact_id));
        assert_eq!(unique, sent.iter().collect::<HashSet<_>>());
        for id in sent {
            assert!(all_ids.insert(id.clone()), "id {id} used twice");
        }
        let transcript = h.transcript(contact_id).await;
        let messages = transcript.iter().filter(|i| i["Type"] == "MESSAGE").count();
        assert_eq!(messages, MESSAGES);
    }
    assert_eq!(all_ids.len(), CHATS * MESSAGES);
}
