//! Show view: the ViewResource message, DescribeView's answer for each view, and the
//! agent's answers to view replies.

mod common;

use common::*;
use connect_participant::content;
use connect_participant::*;
use serde_json::{json, Value};

/// A JSON string's value (or the value itself when it is not a string), as the official UI
/// reads `viewData`.
fn parsed(value: &Value) -> Value {
    match value {
        Value::String(s) => serde_json::from_str(s).expect("a JSON string"),
        other => other.clone(),
    }
}

/// Every string `"$.Name"` in a template, anywhere in its component tree.
fn bindings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s.starts_with("$.") => out.push(s[2..].to_owned()),
        Value::Array(items) => items.iter().for_each(|v| bindings(v, out)),
        Value::Object(members) => members.values().for_each(|v| bindings(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn each_view_is_a_view_resource_message_and_describe_view_parses() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;
    for (name, title, actions) in [
        (
            "",
            "Form",
            &["Back", "Cancel", "Edit", "Next", "Previous", "Submit"][..],
        ),
        ("confirmation", "Confirmation", &["Next"][..]),
        (
            "cards",
            "Cards",
            &["ActionSelected", "Back", "NoMatchFound"][..],
        ),
        ("detail", "Detail", &["ActionSelected", "Back"][..]),
        ("list", "List", &["ActionSelected", "Back"][..]),
        (
            "custom",
            "CustomerManagedCardsNoContainer",
            &["CardSelected", "Skip"][..],
        ),
    ] {
        say(&h, &chat, format!("/view {name}").trim()).await;
        let item = wait_chat(&mut ws, |i| {
            from_system_message(i) && i.content_type.as_deref() == Some(content::INTERACTIVE)
        })
        .await;
        assert_eq!(item.display_name.as_deref(), Some("SYSTEM_MESSAGE"));
        let message: Value = serde_json::from_str(item.content.as_deref().unwrap()).unwrap();
        assert_eq!(message["templateType"], "ViewResource");
        assert_eq!(message["version"], "1.0");
        let shown = &message["data"]["content"];
        let token = shown["viewToken"].as_str().unwrap().to_owned();
        let input = parsed(&shown["viewData"]);
        assert!(input.is_object(), "{name}: {input}");
        let view = h
            .call(&DescribeView { view_token: token }, &chat.connection_token)
            .await
            .unwrap()
            .view
            .unwrap();
        assert_eq!(view.name.as_deref(), Some(title));
        let arn = view.arn.clone().unwrap();
        assert!(
            shown["viewId"].as_str().unwrap().starts_with(&arn),
            "{name}"
        );
        let view_content = view.content.unwrap();
        assert_eq!(view_content.actions.unwrap(), actions, "{name}");
        let template: Value = serde_json::from_str(&view_content.template.unwrap()).unwrap();
        let schema: Value = serde_json::from_str(&view_content.input_schema.unwrap()).unwrap();
        assert!(template["Head"]["Title"].is_string() && template["Body"].is_array());
        assert_eq!(schema["type"], "object");
        // Every key the input has is bound in the template.
        let mut bound = Vec::new();
        bindings(&template, &mut bound);
        for key in input.as_object().unwrap().keys() {
            assert!(
                bound.contains(key),
                "{name}: {key} is not bound in {template}"
            );
        }
        match name {
            // The form's viewData is a JSON string whose Sections is one too.
            "" => {
                assert!(shown["viewData"].is_string());
                assert!(input["Sections"].is_string());
                let sections = parsed(&input["Sections"]);
                assert_eq!(sections[0]["Items"][0]["Name"], "street");
                assert!(arn.ends_with(":aws:view/form"));
            }
            // The custom view nests components: two cards in a container, and a button.
            "custom" => {
                let body = &template["Body"];
                assert_eq!(body[0]["Type"], "Container");
                let cards = body[0]["Content"].as_array().unwrap();
                assert!(cards.iter().all(|c| c["Type"] == "Card"));
                assert_eq!(cards[1]["Props"]["Heading"], "$.NoIconCardHeading");
                assert_eq!(body[1]["Props"]["Action"], "Skip");
                assert_eq!(body[1]["Content"], json!(["Skip"]));
            }
            _ => assert!(arn.ends_with(&format!(":aws:view/{name}"))),
        }
    }
    say(&h, &chat, "/view nonesuch").await;
    let answer = wait_chat(&mut ws, from_agent_message).await;
    assert!(answer.content.unwrap().contains("custom"));
}

#[tokio::test]
async fn view_replies_are_answered_by_their_action() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;
    let reply = |content: Value| SendMessage {
        content_type: content::INTERACTIVE_RESPONSE.into(),
        content: content.to_string(),
        client_token: None,
    };
    for (sent, expected) in [
        (
            json!({"action":"Submit","data":{"FormData":{"street":"1 Main St","postcode":"98101"}},"templateType":"ViewResource","version":"1.0"}),
            "You chose Submit with postcode=98101, street=1 Main St.",
        ),
        (
            json!({"action":" ","data":{"content":"my flat is 4B"},"templateType":"ViewResource","version":"1.0"}),
            "You wrote: my flat is 4B",
        ),
        (
            json!({"action":"CardSelected","data":{"Heading":"CafeCard","Id":"CafeCard"},"templateType":"ViewResource","version":"1.0"}),
            "You chose CardSelected with Heading=CafeCard, Id=CafeCard.",
        ),
        (
            json!({"action":"ActionSelected","data":{"actionName":"Pay a bill"},"templateType":"ViewResource","version":"1.0"}),
            "You chose ActionSelected with actionName=Pay a bill.",
        ),
    ] {
        h.call(&reply(sent), &chat.connection_token).await.unwrap();
        let answer = wait_chat(&mut ws, from_agent_message).await;
        assert_eq!(answer.content.as_deref(), Some(expected));
    }
}

#[tokio::test]
async fn a_view_token_reaches_only_its_own_chat() {
    let (h, chat, mut ws) = scripted().await;
    wait_chat(&mut ws, from_agent_message).await;
    say(&h, &chat, "/view").await;
    let item = wait_chat(&mut ws, |i| {
        i.content_type.as_deref() == Some(content::INTERACTIVE)
    })
    .await;
    let message: Value = serde_json::from_str(item.content.as_deref().unwrap()).unwrap();
    let view_token = message["data"]["content"]["viewToken"]
        .as_str()
        .unwrap()
        .to_owned();
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
    let other = h.start_chat("Bob").await;
    let err = h
        .call(&DescribeView { view_token }, &other.connection_token)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::ResourceNotFound));
}
