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
