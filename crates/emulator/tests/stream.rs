//! Streamed bot replies: partial MESSAGE items with one Id on the socket, one completed item
//! in the transcript.

mod common;

use common::*;
use connect_emulator::AgentMode;
use connect_participant::*;
use serde_json::{json, Value};

/// Reads the stream on the socket: the typing event, then items until the completed one.
async fn read_stream(ws: &mut Ws) -> (Value, Vec<Value>, Value) {
    let typing = next_raw_item(ws).await;
    let mut partials = Vec::new();
    loop {
        let item = next_raw_item(ws).await;
        if item["MessageMetadata"]["MessageCompleted"] == true {
            return (typing, partials, item);
        }
        partials.push(item);
    }
}

#[tokio::test]
async fn a_streamed_reply_is_partials_with_one_id_then_the_completed_item_alone_is_kept() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let mut ws = subscribe(&chat.ws_url).await;
    let chunks = ["Your order ", "has shipped", " today."];
    let (status, sent) = h
        .control(
            &format!("/contacts/{}/bot/messages", chat.contact_id),
            json!({ "Content": "Your order has shipped today.", "Chunks": chunks }),
        )
        .await;
    assert_eq!(status, 200, "{sent}");
    let (typing, partials, completed) = read_stream(&mut ws).await;
    assert!(typing["ContentType"].as_str().unwrap().ends_with(".typing"));
    assert_eq!(typing["ParticipantRole"], "SYSTEM");
    assert_eq!(partials.len(), 3);
    let id = &completed["Id"];
    assert_eq!(*id, sent["Id"]);
    let mut last_time = String::new();
    for (n, (item, chunk)) in partials.iter().zip(chunks).enumerate() {
        assert_eq!(item["Type"], "MESSAGE");
        assert_eq!(item["ParticipantRole"], "SYSTEM");
        assert_eq!(item["DisplayName"], "BOT");
        assert_eq!(item["ContentType"], "text/plain");
        assert_eq!(item["Id"], *id, "every chunk has the reply's Id");
        assert_eq!(item["Content"], chunk);
        assert_eq!(item["MessageMetadata"]["MessageCompleted"], false);
        assert_eq!(item["MessageMetadata"]["ChunkNumber"], n + 1);
        assert_eq!(item["ContactId"], chat.contact_id.as_str());
        let time = item["AbsoluteTime"].as_str().unwrap().to_owned();
        assert!(time > last_time);
        last_time = time;
    }
    assert_eq!(completed["Content"], "Your order has shipped today.");
    assert_eq!(completed["ParticipantRole"], "SYSTEM");
    assert!(completed["MessageMetadata"].get("ChunkNumber").is_none());
    assert!(completed["AbsoluteTime"].as_str().unwrap() > last_time.as_str());

    // GetTranscript holds the completed item once, under the reply's Id.
    let page = h
        .call(&GetTranscript::default(), &chat.connection_token)
        .await
        .unwrap();
    let kept: Vec<_> = page
        .transcript
        .iter()
        .filter(|i| i.id.as_deref() == id.as_str())
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", page.transcript);
    assert_eq!(
        kept[0].content.as_deref(),
        Some("Your order has shipped today.")
    );
    assert_eq!(
        kept[0].absolute_time.as_deref(),
        completed["AbsoluteTime"].as_str()
    );
}

#[tokio::test]
async fn the_bot_command_streams_chunks_that_stitch_to_the_completed_text() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;
    say(&h, &chat, "/bot").await;
    // Skip the read receipt of "/bot"; the stream starts with the bot's typing.
    let typing = loop {
        let item = next_raw_item(&mut ws).await;
        if item["ContentType"]
            .as_str()
            .unwrap_or("")
            .ends_with(".typing")
        {
            break item;
        }
    };
    assert_eq!(typing["DisplayName"], "BOT");
    let mut stitched = String::new();
    let completed = loop {
        let item = next_raw_item(&mut ws).await;
        if item["MessageMetadata"]["MessageCompleted"] == true {
            break item;
        }
        stitched.push_str(item["Content"].as_str().unwrap());
    };
    assert_eq!(completed["Content"], stitched.as_str());
    assert!(stitched.starts_with("Let me look that up.") && stitched.ends_with("within two days."));
    let kept = h
        .transcript(&chat.contact_id)
        .await
        .into_iter()
        .filter(|i| i["Id"] == completed["Id"])
        .count();
    assert_eq!(kept, 1);
}

#[tokio::test]
async fn bot_messages_cut_the_text_themselves_and_refuse_an_ended_chat() {
    let h = Harness::start(fast_config(AgentMode::None)).await;
    let chat = h.start_chat("Ann").await;
    let mut ws = subscribe(&chat.ws_url).await;
    let text = "One two three four five six seven eight.";
    let path = format!("/contacts/{}/bot/messages", chat.contact_id);
    let (status, _) = h
        .control(&path, json!({ "Content": text, "Chunks": 2 }))
        .await;
    assert_eq!(status, 200);
    let (_, partials, completed) = read_stream(&mut ws).await;
    assert_eq!(partials.len(), 2);
    let stitched: String = partials
        .iter()
        .map(|p| p["Content"].as_str().unwrap())
        .collect();
    assert_eq!(stitched, text);
    assert_eq!(completed["Content"], text);
    for bad in [
        json!({ "Content": "" }),
        json!({ "Content": "x", "Chunks": 0 }),
        json!({ "Content": "x", "Chunks": [] }),
        json!({ "Content": "x", "MessageId": "m" }),
    ] {
        assert_eq!(h.control(&path, bad.clone()).await.0, 400, "{bad}");
    }
    h.control(&format!("/contacts/{}/end", chat.contact_id), json!({}))
        .await;
    assert_eq!(h.control(&path, json!({ "Content": "late" })).await.0, 409);
}
