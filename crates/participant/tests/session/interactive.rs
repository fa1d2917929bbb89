//! Interactive messages in a live chat: which one can be answered, answered across a reload.

use super::*;
use connect_participant::interactive::{InteractiveMessage, Template};

const INTERACTIVE: &str = "application/vnd.amazonaws.connect.message.interactive";

pub(super) fn bot_says(w: &mut World, content: serde_json::Value) -> String {
    let mut item = message("bot", ParticipantRole::System, &content.to_string());
    item.content_type = Some(INTERACTIVE.into());
    let id = w.server.add(item).id.unwrap();
    w.deliver();
    id
}

#[test]
fn the_answer_to_a_picker_is_derived_from_the_transcript_and_survives_a_reload() {
    let mut w = World::started(config(60));
    let content = serde_json::json!({"templateType": "ListPicker", "version": "1.0",
        "data": {"content": {"title": "Which service?", "referenceId": "r1",
            "elements": [{"title": "Chiropractor"}, {"title": "Dentist"}]}}});
    let picker = bot_says(&mut w, content.clone());
    assert!(w.session.timeline().answerable(&picker));
    let Template::ListPicker(p) = InteractiveMessage::parse(&content.to_string())
        .unwrap()
        .template
    else {
        panic!()
    };
    let reply = p.select(0, "ListPicker").unwrap();
    w.take_events();
    w.input(Input::SendMessage {
        content_type: reply.content_type,
        content: reply.content,
        client_token: "tok-1".into(),
    });
    assert!(!w.session.timeline().answerable(&picker));
    assert!(w.session.timeline().answered(&picker));
    assert!(w.events.contains(&Event::ItemChanged {
        key: picker.clone()
    }));
    w.reload(61);
    assert!(w.session.timeline().answered(&picker));
    assert!(!w.session.timeline().answerable(&picker));
    assert_eq!(w.client_ids(), w.server.timeline_ids());

    // A newer picker with the same referenceId replaces it, live and after a reload.
    let newer = bot_says(&mut w, content);
    assert!(w.session.timeline().get(&picker).is_none());
    assert!(w.events.contains(&Event::ItemRemoved {
        key: picker.clone()
    }));
    assert!(w.session.timeline().answerable(&newer));
    w.reload(62);
    assert!(w.session.timeline().get(&picker).is_none());
    assert!(w.session.timeline().answerable(&newer));
}

/// Fixture A's view message: a Form, `viewData` a string holding a string.
fn form_view() -> serde_json::Value {
    let sections = serde_json::json!([{"_id": "addr", "Type": "FormSection",
        "Heading": "New address", "Items": [{"Type": "FormInput", "Label": "Street",
        "Name": "street", "InputType": "text"}]}]);
    let view_data = serde_json::json!({"Heading": "Update your address",
        "Sections": sections.to_string(), "Next": {"Label": "Save"}});
    serde_json::json!({"templateType": "ViewResource", "version": "1.0", "data": {"content": {
        "viewId": "arn:aws:connect:us-east-1:aws:view/form:1", "viewToken": "vt-7f3a9c",
        "viewData": view_data.to_string()}}})
}

fn sent_bodies(w: &World) -> Vec<SendMessage> {
    w.http_outputs("/participant/message")
        .iter()
        .map(|r| serde_json::from_str(r.body.as_deref().unwrap()).unwrap())
        .collect()
}

#[test]
fn text_typed_while_a_view_is_the_newest_incoming_message_answers_it() {
    let mut w = World::started(config(63));
    let view = bot_says(&mut w, form_view());
    assert!(w.session.timeline().answerable(&view));
    w.input(Input::DescribeView {
        view_token: "vt-7f3a9c".into(),
    });
    assert_eq!(w.http_outputs("/participant/views/vt-7f3a9c").len(), 1);
    w.input(Input::text("my flat is 4B", "tok-1"));
    let sent = sent_bodies(&w);
    assert_eq!(
        sent[0].content_type,
        connect_participant::content::INTERACTIVE_RESPONSE
    );
    assert_eq!(
        sent[0].content,
        r#"{"action":" ","data":{"content":"my flat is 4B"},"templateType":"ViewResource","version":"1.0"}"#
    );
    // The view is gone as a control; the line reads as typed.
    assert!(!w.session.timeline().answerable(&view));
    let line = w.session.timeline().get("tok-1").unwrap();
    let shown = connect_participant::interactive::shown_text(
        line.item.content_type.as_deref().unwrap(),
        line.item.content.as_deref().unwrap(),
    );
    assert_eq!(shown.as_deref(), Some("my flat is 4B"));
    // Still the newest incoming item: the next text answers it too, as the official
    // interface does; after an agent's line, text is text again.
    w.input(Input::text("second floor", "tok-2"));
    assert!(sent_bodies(&w)[1]
        .content
        .contains(r#""content":"second floor""#));
    w.server.agent_says("Thanks!");
    w.deliver();
    w.input(Input::text("you're welcome", "tok-3"));
    let third = &sent_bodies(&w)[2];
    assert_eq!(
        (third.content_type.as_str(), third.content.as_str()),
        ("text/plain", "you're welcome")
    );
}
