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
fn a_burst_of_delivered_receipts_is_the_latest_one_and_a_conflict_is_ignored() {
    let mut w = World::started(config(21));
    w.server.participants = 3; // the service thinks so; the session does not know
    let ids: Vec<_> = (0..3)
        .map(|i| w.server.agent_says(&format!("m{i}")).id.unwrap())
        .collect();
    w.deliver();
    w.advance(300);
    // Only the newest message's delivered receipt survives the delay.
    assert_eq!(w.requests_to("/participant/event"), 1);
    let body = w.http_outputs("/participant/event")[0]
        .body
        .clone()
        .unwrap();
    assert!(body.contains(&ids[2]), "{body}");
    w.advance(20_000);
    assert_eq!(w.requests_to("/participant/event"), 1);
    assert!(!w.events.iter().any(|e| matches!(e, Event::Error(_))));
}

#[test]
fn ten_agent_messages_read_at_once_are_one_read_receipt_within_one_window() {
    let mut w = World::started(config(41));
    let ids: Vec<_> = (0..10)
        .map(|i| w.server.agent_says(&format!("line {i}")).id.unwrap())
        .collect();
    w.deliver();
    w.advance(50);
    w.input(Input::MarkRead {
        item_id: ids[9].clone(),
    });
    // Read at once: the one receipt goes now, not ten windows later.
    assert_eq!(
        w.server.receipts,
        [(ids[9].clone(), EventType::MessageRead.as_str().into())]
    );
    w.advance(60_000);
    assert_eq!(w.server.receipts.len(), 1);

    // Read a moment later: the delivered receipt went, the read follows when its window
    // closes, once.
    let mut w = World::started(config(42));
    let ids: Vec<_> = (0..10)
        .map(|i| w.server.agent_says(&format!("line {i}")).id.unwrap())
        .collect();
    w.deliver();
    w.advance(1_000);
    w.input(Input::MarkRead {
        item_id: ids[9].clone(),
    });
    w.advance(4_299);
    assert_eq!(w.server.receipts.len(), 1);
    w.advance(1);
    let read = EventType::MessageRead.as_str().to_owned();
    assert_eq!(
        w.server.receipts,
        [
            (ids[9].clone(), EventType::MessageDelivered.as_str().into()),
            (ids[9].clone(), read)
        ]
    );
    w.advance(60_000);
    assert_eq!(w.server.receipts.len(), 2);
}

#[test]
fn within_a_window_the_latest_receipt_goes_with_the_read_still_waiting() {
    // Agent message A at 0, read at 1 s; agent message B at 2 s.
    let mut w = World::started(config(43));
    let a = w.server.agent_says("A").id.unwrap();
    w.deliver();
    w.advance(300);
    let delivered = EventType::MessageDelivered.as_str().to_owned();
    let read = EventType::MessageRead.as_str().to_owned();
    assert_eq!(w.server.receipts, [(a.clone(), delivered.clone())]);
    w.advance(700);
    w.input(Input::MarkRead { item_id: a.clone() });
    w.advance(1_000);
    let b = w.server.agent_says("B").id.unwrap();
    w.deliver();
    w.advance(3_299);
    assert_eq!(w.server.receipts.len(), 1, "the window runs until 5.3 s");
    w.advance(1);
    assert_eq!(
        w.server.receipts[1..],
        [(b.clone(), delivered), (a.clone(), read)]
    );
    w.advance(60_000);
    assert_eq!(w.server.receipts.len(), 3, "never twice");
}

#[test]
fn no_receipts_for_bots_the_system_transcript_items_or_after_the_end() {
    let mut c = config(44);
    c.transcript_page_size = 50;
    let mut w = World::new(c);
    let old = w.server.agent_says("before the page loads").id.unwrap();
    w.input(start_input());
    let bot = w
        .server
        .add(message("bot", ParticipantRole::CustomBot, "I am a bot"))
        .id
        .unwrap();
    let system = w
        .server
        .add(message("sys", ParticipantRole::System, "Queued"))
        .id
        .unwrap();
    w.deliver();
    w.input(Input::MarkRead {
        item_id: system.clone(),
    });
    w.input(Input::MarkRead { item_id: bot });
    w.advance(10_000);
    assert!(w.server.receipts.is_empty(), "{:?}", w.server.receipts);
    // A transcript item gets a read, but never a delivered.
    w.input(Input::MarkRead {
        item_id: old.clone(),
    });
    w.advance(10_000);
    assert_eq!(
        w.server.receipts,
        [(old, EventType::MessageRead.as_str().into())]
    );
    // Nothing after the end, not even the delivered receipt already waiting.
    let last = w.server.agent_says("bye").id.unwrap();
    w.deliver();
    w.server.end_chat();
    w.deliver();
    w.advance(10_000);
    assert!(!w.server.receipts.iter().any(|r| r.0 == last));
}

#[test]
fn receipts_carried_on_transcript_items_show_after_a_reload() {
    let mut w = World::started(config(45));
    for text in ["hi", "are you there?", "hello?"] {
        w.input(Input::text(text, format!("tok-{text}")));
    }
    let mine: Vec<String> = w
        .server
        .items
        .iter()
        .filter(|i| i.participant_id.as_deref() == Some(ME))
        .filter(|i| i.kind == Some(ChatItemType::Message))
        .map(|i| i.id.clone().unwrap())
        .collect();
    let receipt = |to: &str, read: bool| Receipt {
        recipient_participant_id: Some(to.into()),
        delivered_timestamp: Some("2025-03-04T15:00:01.000Z".into()),
        read_timestamp: read.then(|| "2025-03-04T15:00:03.000Z".into()),
    };
    let carry = |w: &mut World, id: &str, receipts: Vec<Receipt>| {
        let item = w
            .server
            .items
            .iter_mut()
            .find(|i| i.id.as_deref() == Some(id));
        item.unwrap().message_metadata = Some(MessageMetadata {
            message_id: Some(id.into()),
            receipts: Some(receipts),
            ..MessageMetadata::default()
        });
    };
    carry(&mut w, &mine[0], vec![receipt(AGENT, true)]);
    carry(&mut w, &mine[1], vec![receipt(AGENT, false)]);
    // A receipt addressed to the customer themself says nothing.
    carry(&mut w, &mine[2], vec![receipt(ME, true)]);
    w.reload(46);
    let delivery = |w: &World, id: &str| {
        let t = w.session.timeline();
        t.get(t.key_of_id(id).unwrap()).unwrap().delivery.clone()
    };
    assert_eq!(delivery(&w, &mine[0]), Some(Delivery::Read));
    assert_eq!(delivery(&w, &mine[1]), Some(Delivery::Delivered));
    assert_eq!(delivery(&w, &mine[2]), Some(Delivery::Sent));
    assert!(w.events.contains(&Event::Receipt {
        message_id: mine[0].clone(),
        kind: ReceiptKind::Read,
        by: None
    }));
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
