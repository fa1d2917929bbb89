//! The end of the chat, and the DisconnectParticipant owed to the service.

use super::*;

#[test]
fn the_customer_ends_the_chat_and_nothing_is_called_after() {
    let mut w = World::started(config(22));
    w.input(Input::End);
    assert_eq!(w.requests_to("/participant/disconnect"), 1);
    assert!(w.session.is_ended());
    assert!(w.events.contains(&Event::Ended(EndReason::Customer)));
    assert!(w.persisted.is_none());
    let before = w.server.requests.len();
    w.input(Input::text("late", "tok-late"));
    w.input(Input::Typing);
    w.advance(3_600_000);
    assert_eq!(w.server.requests.len(), before);
    assert!(w.session.poll_timeout().is_none());
}

/// Whether the service saw the customer leave.
fn customer_left(w: &World) -> bool {
    w.server.items.iter().any(|i| {
        i.participant_id.as_deref() == Some(ME)
            && i.content_type.as_deref() == Some(EventType::ParticipantLeft.as_str())
    })
}

#[test]
fn ending_while_offline_ends_at_once_and_tells_the_service_when_the_network_returns() {
    let mut w = World::started(config(40));
    w.set_online(false, true);
    w.take_events();
    w.input(Input::End);
    // Over for the customer at once.
    assert!(w.session.is_ended());
    assert_eq!(w.session.status(), ConnectionStatus::Ended);
    assert!(w.events.contains(&Event::Ended(EndReason::Customer)));
    assert!(w.persisted.is_none());
    let before = w.server.requests.len();
    w.input(Input::text("late", "tok-late"));
    assert!(w.session.timeline().get("tok-late").is_none());
    w.advance(10 * 60_000);
    assert_eq!(w.server.requests.len(), before, "nothing while offline");
    assert!(!customer_left(&w));
    assert!(w.session.farewell_pending());
    // The network returns: the one owed call, with the chat's ConnectionToken.
    w.set_online(true, true);
    assert!(!w.session.farewell_pending());
    assert_eq!(w.server.requests.len(), before + 1);
    let disconnects = w.http_outputs("/participant/disconnect");
    assert_eq!(disconnects.len(), 1);
    assert!(disconnects[0]
        .header("X-Amz-Bearer")
        .unwrap()
        .starts_with("ct"));
    assert!(customer_left(&w));
    // And nothing after it.
    w.advance(3_600_000);
    w.input(Input::Visible(true));
    assert_eq!(w.server.requests.len(), before + 1);
    assert!(w.session.poll_timeout().is_none());
    assert_eq!(w.sockets_opened(), 1);
}

#[test]
fn the_owed_disconnect_is_retried_on_throttling_server_errors_and_network_failures() {
    let mut w = World::started(config(41));
    // The browser did not notice the network is gone.
    w.set_online(false, false);
    w.server.drop_sockets();
    let before = w.server.requests.len();
    w.input(Input::End);
    assert!(w.session.is_ended());
    w.advance(5_000);
    let failed = w.http_outputs("/participant/disconnect").len();
    assert!(failed >= 2, "retried with backoff: {failed}");
    assert!(w.session.farewell_pending());
    assert!(!customer_left(&w));
    w.online = true;
    w.server.http_faults.extend([
        HttpFault::Status(429),
        HttpFault::Status(503),
        HttpFault::LoseResponse,
    ]);
    w.advance(5 * 60_000);
    assert!(customer_left(&w));
    let all = w.http_outputs("/participant/disconnect");
    assert_eq!(all.len(), failed + 4);
    // Every attempt is the same request: one idempotency key.
    assert!(all.windows(2).all(|p| p[0].body == p[1].body));
    assert!(all[0].body.as_deref().unwrap().contains("ClientToken"));
    // The attempt after the lost answer was refused (the participant had left): done.
    assert!(w.server.requests[before..]
        .iter()
        .all(|r| r.0 == "/participant/disconnect"));
    assert_eq!(w.server.requests.len() - before, 4);
    assert!(w.session.poll_timeout().is_none());
    w.advance(3_600_000);
    assert_eq!(w.http_outputs("/participant/disconnect").len(), failed + 4);
    assert!(!w.events.iter().any(|e| matches!(e, Event::Error(_))));
}

#[test]
fn an_owed_disconnect_survives_a_reload() {
    let mut w = World::started(config(44));
    w.set_online(false, true);
    w.input(Input::End);
    assert!(w.session.farewell_pending());
    let owed = w
        .session
        .farewell_snapshot()
        .expect("the disconnect is owed");
    assert!(owed.farewell_owed);
    assert!(owed.unsent.is_empty());
    // The page reloads with the network back; the new page resumes what was owed.
    w.persisted = Some(owed);
    w.online = true;
    let before = w.server.requests.len();
    w.reload(45);
    w.advance(60_000);
    assert!(customer_left(&w));
    let calls: Vec<&str> = w.server.requests[before..]
        .iter()
        .map(|r| r.0.as_str())
        .collect();
    assert_eq!(
        calls,
        ["/participant/disconnect"],
        "nothing but the disconnect"
    );
    assert!(w.session.is_ended());
    assert!(!w.session.farewell_pending());
    assert!(w.session.farewell_snapshot().is_none());
    assert!(w.session.poll_timeout().is_none());
}

#[test]
fn nothing_is_owed_while_the_chat_runs_or_once_the_service_was_told() {
    let mut w = World::started(config(46));
    assert!(w.session.farewell_snapshot().is_none());
    assert!(!w.persisted.as_ref().unwrap().farewell_owed);
    w.input(Input::End);
    assert!(customer_left(&w));
    assert!(w.session.farewell_snapshot().is_none());
}

#[test]
fn a_refused_disconnect_means_the_chat_was_already_over() {
    let mut w = World::started(config(42));
    w.set_online(false, true);
    w.input(Input::End);
    // The agent ended it meanwhile.
    w.server.end_chat();
    w.set_online(true, true);
    assert_eq!(w.http_outputs("/participant/disconnect").len(), 1);
    assert!(w.session.poll_timeout().is_none());
    w.advance(3_600_000);
    assert_eq!(w.http_outputs("/participant/disconnect").len(), 1);
    assert!(w.events.contains(&Event::Ended(EndReason::Customer)));
}

#[test]
fn the_owed_disconnect_is_dropped_once_the_token_has_expired() {
    let mut w = World::new(config(43));
    w.server.token_life = 10 * 60_000;
    w.input(start_input());
    w.set_online(false, true);
    w.input(Input::End);
    w.advance(11 * 60_000);
    let before = w.server.requests.len();
    w.set_online(true, true);
    assert!(!w.session.farewell_pending());
    w.advance(3_600_000);
    assert_eq!(w.server.requests.len(), before);
    assert_eq!(w.http_outputs("/participant/disconnect").len(), 0);
    assert!(w.session.poll_timeout().is_none());

    // Retries stop at the token's expiry too.
    let mut w = World::new(config(44));
    w.server.token_life = 10 * 60_000;
    w.input(start_input());
    w.set_online(false, false);
    w.input(Input::End);
    w.advance(3_600_000);
    let attempts = w.http_outputs("/participant/disconnect").len();
    assert!((5..=40).contains(&attempts), "{attempts}");
    assert!(w.session.poll_timeout().is_none());
    assert!(!w.session.farewell_pending());
    w.set_online(true, true);
    assert_eq!(w.http_outputs("/participant/disconnect").len(), attempts);
}

#[test]
fn the_agent_ends_the_chat() {
    let mut w = World::started(config(23));
    let a = w.server.agent_says("bye").id.unwrap();
    w.server.end_chat();
    w.deliver();
    assert!(w.events.contains(&Event::Ended(EndReason::Agent)));
    w.advance(1_000);
    // No receipt after the end, and no reconnect.
    assert!(!w.server.receipts.iter().any(|r| r.0 == a));
    assert_eq!(w.requests_to("/participant/connection"), 1);
}

#[test]
fn auto_disconnection_is_a_notice_and_only_chat_ended_ends_the_chat() {
    let mut w = World::started(config(24));
    let autodisconnection = |who: &str, role: ParticipantRole, name: &str| Item {
        kind: Some(ChatItemType::Event),
        content_type: Some(EventType::ParticipantAutoDisconnection.as_str().into()),
        participant_id: Some(who.into()),
        display_name: Some(name.into()),
        participant_role: Some(role),
        ..Item::default()
    };
    let sam = w
        .server
        .add(autodisconnection(AGENT, ParticipantRole::Agent, "Sam"));
    w.deliver();
    // One line about Sam; the chat goes on.
    let entry = w
        .session
        .timeline()
        .get(sam.id.as_deref().unwrap())
        .unwrap();
    assert_eq!(entry.item.display_name.as_deref(), Some("Sam"));
    assert!(!w.session.is_ended());
    // The customer's own: no line at all, and still no end.
    let len = w.session.timeline().len();
    w.server
        .add(autodisconnection(ME, ParticipantRole::Customer, "Ana"));
    w.deliver();
    assert_eq!(w.session.timeline().len(), len);
    assert!(!w.session.is_ended());
    assert!(!w.events.iter().any(|e| matches!(e, Event::Ended(_))));
    w.input(Input::text("still there?", "tok-1"));
    assert_eq!(
        w.session.timeline().get("tok-1").unwrap().delivery,
        Some(Delivery::Sent)
    );
    assert_eq!(w.requests_to("/participant/disconnect"), 0);
    // A reload draws the same: Sam's line, not the customer's.
    w.reload(7);
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    assert!(w
        .session
        .timeline()
        .get(sam.id.as_deref().unwrap())
        .is_some());
    // The disconnect flow ends it with chat.ended.
    w.server.end_chat();
    w.deliver();
    assert!(w.events.contains(&Event::Ended(EndReason::Agent)));
}

#[test]
fn snapshots_stored_under_the_old_names_still_read() {
    let stored = r#"{"contact_id":"contact-1","participant_id":"customer-1",
        "participant_token":"participant-token-1","connection_token":"ct1",
        "connection_expiry":1,"last_item_id":"i9","last_item_time":5,"last_read_id":null,
        "last_read_time":null,"unsent":[],"disconnect_owed":true}"#;
    let snapshot: Snapshot = serde_json::from_str(stored).unwrap();
    assert!(snapshot.farewell_owed);
    assert_eq!(snapshot.connection_token.as_deref(), Some("ct1"));
    let written = serde_json::to_value(&snapshot).unwrap();
    assert_eq!(written["farewell_owed"], true);
    assert!(written.get("disconnect_owed").is_none());
    assert!(written.get("last_item_id").is_none());
    // Written only when owed.
    let running = Snapshot {
        farewell_owed: false,
        ..snapshot
    };
    let written = serde_json::to_value(&running).unwrap();
    assert!(written.get("farewell_owed").is_none());
}
