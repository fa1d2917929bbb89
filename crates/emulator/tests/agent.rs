//! The scripted agent: joining, typing, answering, its commands, and how it understands the
//! replies the official UI sends; customer authentication, which a command starts.

mod common;

use common::*;
use connect_participant::content::{self, EventType};
use connect_participant::model::{ChatItemType, Item, ParticipantRole};
use connect_participant::*;
use serde_json::{json, Value};

#[tokio::test]
async fn agent_joins_greets_types_answers_and_its_read_receipt_is_kept() {
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
    // After a reload the transcript still says the agent read it.
    let page = h
        .call(&GetTranscript::default(), &chat.connection_token)
        .await
        .unwrap();
    let mine = page.transcript.iter().find(|i| i.id == sent.id).unwrap();
    let receipts = mine.message_metadata.clone().unwrap().receipts.unwrap();
    assert_eq!(receipts.len(), 1);
    assert_eq!(receipts[0].recipient_participant_id, answer.participant_id);
    assert!(receipts[0].read_timestamp.is_some() && receipts[0].delivered_timestamp.is_some());
}

fn template(item: &Item) -> Value {
    assert_eq!(item.content_type.as_deref(), Some(content::INTERACTIVE));
    serde_json::from_str(item.content.as_deref().unwrap()).unwrap()
}

/// The next interactive message, which a bot (SYSTEM, `BOT`) sends.
async fn next_template(ws: &mut Ws) -> (Item, Value) {
    let item = wait_chat(ws, |i| {
        from_system_message(i) && i.content_type.as_deref() == Some(content::INTERACTIVE)
    })
    .await;
    assert_eq!(item.display_name.as_deref(), Some("BOT"));
    let t = template(&item);
    (item, t)
}

async fn answer(ws: &mut Ws) -> String {
    wait_chat(ws, from_agent_message).await.content.unwrap()
}

#[tokio::test]
async fn a_bot_sends_each_interactive_template_and_links_send_nothing() {
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
        let (_, t) = next_template(&mut ws).await;
        assert_eq!(t["templateType"], kind, "{command}");
        assert!(t["data"]["content"]["title"].is_string());
        let elements = t["data"]["content"]["elements"].as_array().cloned();
        let links: Vec<Value> = elements
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e["type"] == "hyperlink")
            .collect();
        match kind {
            // A link with a url, one opening in the same tab; the panel also has a "link"
            // without a url, which is a plain choice.
            "ListPicker" | "Panel" => {
                assert!(links
                    .iter()
                    .any(|l| l["url"].is_string() && l.get("target").is_none()));
                assert!(links
                    .iter()
                    .any(|l| l["url"].is_string() && l["target"] == "_self"));
            }
            _ => assert!(links.is_empty(), "{t}"),
        }
    }
    say(&h, &chat, "/panel").await;
    next_template(&mut ws).await;
    // A link without a url is a choice; the title of a working link is not one.
    say(&h, &chat, "Broken link").await;
    assert_eq!(answer(&mut ws).await, "You picked Broken link.");
    say(&h, &chat, "Help centre").await;
    assert_eq!(answer(&mut ws).await, "You said: Help centre");
    say(&h, &chat, "/markdown").await;
    let item = wait_chat(&mut ws, from_agent_message).await;
    assert_eq!(item.content_type.as_deref(), Some(content::TEXT_MARKDOWN));
}

#[tokio::test]
async fn choices_times_carousel_picks_and_paging_are_answered() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;
    say(&h, &chat, "/listpicker").await;
    let (first, t) = next_template(&mut ws).await;
    let content = &t["data"]["content"];
    let reference = content["referenceId"].as_str().unwrap().to_owned();
    assert_eq!(
        (content["preIndex"].clone(), content["nextIndex"].clone()),
        (json!(-1), json!(3))
    );
    // Show more, exactly as the official UI sends it: a new page with the same referenceId.
    let more = json!({"version":"1.0","data":{"actionName":"SHOW_MORE","preIndex":-1,"nextIndex":3,
        "listId":content["listId"],"templateType":"ListPicker","referenceId":reference},"action":"SHOW_MORE"});
    h.call(
        &SendMessage {
            content_type: content::INTERACTIVE_RESPONSE.into(),
            content: more.to_string(),
            client_token: None,
        },
        &chat.connection_token,
    )
    .await
    .unwrap();
    let (second, t) = next_template(&mut ws).await;
    assert_ne!(second.id, first.id);
    let content = &t["data"]["content"];
    assert_eq!(content["referenceId"], reference.as_str());
    let titles: Vec<&str> = content["elements"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        ["Previous options", "Returns", "Delivery", "Accounts"]
    );
    assert_eq!(content["preIndex"], 0);
    // A choice is its title, as text.
    say(&h, &chat, "Returns").await;
    assert_eq!(answer(&mut ws).await, "You picked Returns.");

    say(&h, &chat, "/timepicker").await;
    let (_, t) = next_template(&mut ws).await;
    let slot = t["data"]["content"]["timeslots"][1]["date"]
        .as_str()
        .unwrap()
        .to_owned();
    say(&h, &chat, &slot).await;
    assert_eq!(answer(&mut ws).await, format!("Booked: {slot}."));

    say(&h, &chat, "/carousel").await;
    let (_, t) = next_template(&mut ws).await;
    let nested = &t["data"]["content"]["elements"][2];
    let pick = json!({"templateIdentifier": nested["templateIdentifier"],
        "listTitle": nested["data"]["content"]["title"], "selectionText": "Extra storage"});
    say(&h, &chat, &pick.to_string()).await;
    assert_eq!(
        answer(&mut ws).await,
        "You picked Extra storage from Add-ons."
    );

    say(&h, &chat, "/quickreply").await;
    next_template(&mut ws).await;
    say(&h, &chat, "Great").await;
    assert_eq!(answer(&mut ws).await, "You picked Great.");
    say(&h, &chat, "Greatest").await;
    assert_eq!(answer(&mut ws).await, "You said: Greatest");
}

#[tokio::test]
async fn help_lists_every_command_on_a_line_of_its_own() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;
    say(&h, &chat, "/help").await;
    let help = answer(&mut ws).await;
    let lines: Vec<&str> = help.lines().collect();
    for command in [
        "/help",
        "/bot",
        "/listpicker",
        "/panel",
        "/quickreply",
        "/timepicker",
        "/carousel",
        "/view",
        "/markdown",
        "/attachment",
        "/auth",
        "/transfer",
        "/end",
    ] {
        let on = lines
            .iter()
            .filter(|l| {
                l.starts_with(&format!("{command}:")) || l.starts_with(&format!("{command} "))
            })
            .count();
        assert_eq!(on, 1, "{command} in {help}");
    }
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
async fn transfer_attachment_and_end_commands() {
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
