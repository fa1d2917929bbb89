//! Receipts both ways, and typing.

use super::*;

#[test]
fn receipts_mark_own_messages_delivered_then_read_and_others_are_ignored() {
    let mut w = World::started(config(12));
    w.input(Input::text("hello", "tok-1"));
    let id = w
        .session
        .timeline()
        .get("tok-1")
        .unwrap()
        .id
        .clone()
        .unwrap();
    let receipt = |message: &str, by: &str, read: bool| Item {
        kind: Some(ChatItemType::MessageMetadata),
        message_metadata: Some(MessageMetadata {
            message_id: Some(message.into()),
            receipts: Some(vec![Receipt {
                delivered_timestamp: Some("2024-01-01T00:00:01.000Z".into()),
                read_timestamp: read.then(|| "2024-01-01T00:00:02.000Z".into()),
                recipient_participant_id: Some(by.into()),
            }]),
            ..MessageMetadata::default()
        }),
        ..Item::default()
    };
    // A receipt by the customer themself, and one about someone else's message: ignored.
    w.server.push_ephemeral(receipt(&id, ME, true));
    let agent_msg = w.server.agent_says("hi").id.unwrap();
    w.server
        .push_ephemeral(receipt(&agent_msg, "supervisor", true));
    w.deliver();
    assert_eq!(
        w.session.timeline().get("tok-1").unwrap().delivery,
        Some(Delivery::Sent)
    );
    assert!(w
        .session
        .timeline()
        .get(&agent_msg)
        .unwrap()
        .delivery
        .is_none());
    w.server.push_ephemeral(receipt(&id, AGENT, false));
    w.deliver();
    assert_eq!(
        w.session.timeline().get("tok-1").unwrap().delivery,
        Some(Delivery::Delivered)
    );
    // The read event form.
    w.server.event(
        AGENT,
        EventType::MessageRead,
        Some(&format!(r#"{{"messageId":"{id}"}}"#)),
    );
    w.deliver();
    assert_eq!(
        w.session.timeline().get("tok-1").unwrap().delivery,
        Some(Delivery::Read)
    );
    // Never back to delivered.
    w.server.push_ephemeral(receipt(&id, AGENT, false));
    w.deliver();
    assert_eq!(
        w.session.timeline().get("tok-1").unwrap().delivery,
        Some(Delivery::Read)
    );
    assert!(w.events.contains(&Event::Receipt {
        message_id: id,
        kind: ReceiptKind::Read,
        by: Some(AGENT.into())
    }));
}

#[test]
fn typing_is_sent_at_most_once_per_ten_seconds() {
    let mut w = World::started(config(19));
    for _ in 0..50 {
        w.input(Input::Typing);
        w.advance(300);
    }
    // 15 s of typing: at 0 and 10 s.
    assert_eq!(w.http_outputs("/participant/event").len(), 2);
}

#[test]
fn delivered_after_300_ms_unless_read_first_throttled_and_never_twice() {
    let mut w = World::started(config(20));
    let a = w.server.agent_says("a").id.unwrap();
    w.deliver();
    w.advance(299);
    assert!(w.server.receipts.is_empty());
    w.advance(1);
    assert_eq!(
        w.server.receipts,
        [(a.clone(), EventType::MessageDelivered.as_str().into())]
    );

    // Read before the 300 ms: only the read goes, after the throttle interval.
    let b = w.server.agent_says("b").id.unwrap();
    w.deliver();
    w.input(Input::MarkRead { item_id: b.clone() });
    w.advance(10_000);
    assert_eq!(w.server.receipts.len(), 2);
    assert_eq!(
        w.server.receipts[1],
        (b.clone(), EventType::MessageRead.as_str().into())
    );
    // Never twice.
    w.input(Input::MarkRead { item_id: b.clone() });
    w.advance(10_000);
    assert_eq!(w.server.receipts.len(), 2);

    // Skipped with more than two participants.
    w.server
        .event("supervisor", EventType::ParticipantJoined, None);
    let c = w.server.agent_says("c").id.unwrap();
    w.deliver();
    w.input(Input::MarkRead { item_id: c });
    w.advance(10_000);
    assert_eq!(w.server.receipts.len(), 2);
    assert_eq!(w.requests_to("/participant/event"), 2);
}

#[test]
fn receipts_are_spaced_and_a_conflict_is_ignored() {
    let mut w = World::started(config(21));
    w.server.participants = 3; // the service thinks so; the session does not know
    let ids: Vec<_> = (0..3)
        .map(|i| w.server.agent_says(&format!("m{i}")).id.unwrap())
        .collect();
    w.deliver();
    w.advance(300);
    assert_eq!(w.requests_to("/participant/event"), 1);
    w.advance(4_999);
    assert_eq!(w.requests_to("/participant/event"), 1);
    w.advance(1);
    assert_eq!(w.requests_to("/participant/event"), 2);
    w.advance(5_000);
    assert_eq!(w.requests_to("/participant/event"), 3);
    assert!(!w.events.iter().any(|e| matches!(e, Event::Error(_))));
    assert_eq!(ids.len(), 3);
}

#[test]
fn a_read_receipt_is_not_sent_again_after_a_reload() {
    let mut w = World::started(config(32));
    let a = w.server.agent_says("a").id.unwrap();
    w.deliver();
    w.input(Input::MarkRead { item_id: a.clone() });
    w.advance(1_000);
    assert_eq!(w.server.receipts.len(), 1);
    assert_eq!(
        w.persisted.as_ref().unwrap().last_read_id.as_deref(),
        Some(a.as_str())
    );
    w.reload(5);
    w.input(Input::MarkRead { item_id: a });
    w.advance(10_000);
    assert_eq!(w.server.receipts.len(), 1);
}

#[test]
fn typing_from_others_is_shown_and_frames_of_another_contact_are_ignored() {
    let mut w = World::started(config(30));
    let typing = |who: &str| Item {
        kind: Some(ChatItemType::Typing),
        content_type: Some(EventType::Typing.as_str().into()),
        participant_id: Some(who.into()),
        display_name: Some("Sam".into()),
        participant_role: Some(ParticipantRole::Agent),
        ..Item::default()
    };
    w.server.push_ephemeral(typing(ME));
    w.server.push_ephemeral(typing(AGENT));
    w.deliver();
    let typing_events: Vec<_> = w
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Typing { participant_id, .. } => participant_id.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(typing_events, [AGENT]);

    let len = w.session.timeline().len();
    let mut stranger = message(AGENT, ParticipantRole::Agent, "for someone else");
    stranger.initial_contact_id = Some("contact-other".into());
    stranger.contact_id = Some("contact-other".into());
    stranger.id = Some("x-1".into());
    stranger.absolute_time = Some("2024-01-01T00:00:09.000Z".into());
    w.server.broadcast(&stranger);
    w.deliver();
    assert_eq!(w.session.timeline().len(), len);
}
