//! The send queue: pending messages, their echoes, retries, failures and checks.

use super::*;

#[test]
fn pending_messages_reconcile_with_their_echo_in_either_order() {
    for echo_first in [false, true] {
        let mut w = World::started(config(11));
        w.server.echo_first = echo_first;
        w.hold_http = true;
        w.input(Input::text("hello", "tok-1"));
        let e = w.session.timeline().get("tok-1").unwrap();
        assert_eq!(e.delivery, Some(Delivery::Sending));
        assert_eq!(e.item.content.as_deref(), Some("hello"));
        w.release();
        let e = w.session.timeline().get("tok-1").unwrap();
        assert_eq!(e.delivery, Some(Delivery::Sent));
        assert_eq!(w.client_ids(), w.server.timeline_ids());
        assert_eq!(w.session.timeline().pending().count(), 0);
        assert_eq!(
            w.session
                .timeline()
                .entries()
                .filter(|e| e.mine && e.item.kind == Some(ChatItemType::Message))
                .count(),
            1,
            "no duplicate (echo_first {echo_first})"
        );
    }
}

#[test]
fn a_rejected_message_shows_as_rejected() {
    let mut w = World::started(config(13));
    w.hold_http = true;
    w.input(Input::text("bad words", "tok-1"));
    let (id, _) = w.held.pop().unwrap();
    w.hold_http = false;
    w.input(Input::HttpResponse {
        id,
        result: Ok(HttpResponse::new(
            200,
            r#"{"Id":"m-9","AbsoluteTime":"2024-01-01T00:00:05.000Z","MessageMetadata":{"MessageProcessingStatus":"REJECTED"}}"#,
        )),
    });
    assert_eq!(
        w.session.timeline().get("tok-1").unwrap().delivery,
        Some(Delivery::Rejected {
            status: MessageProcessingStatus::Rejected
        })
    );
}

#[test]
fn a_failed_send_is_retried_with_the_same_client_token() {
    let mut w = World::started(config(16));
    w.server.http_faults.extend([
        HttpFault::Status(500),
        HttpFault::Status(429),
        HttpFault::LoseResponse,
    ]);
    w.input(Input::text("once", "tok-1"));
    w.advance(30_000);
    // The third attempt was stored, its answer lost: its echo on the socket says so, and
    // no fourth is needed.
    let sends = w.http_outputs("/participant/message");
    assert_eq!(sends.len(), 3);
    assert!(sends.iter().all(|r| r
        .body
        .as_deref()
        .unwrap()
        .contains(r#""ClientToken":"tok-1""#)));
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    assert_eq!(
        w.server
            .items
            .iter()
            .filter(|i| i.content.as_deref() == Some("once"))
            .count(),
        1
    );

    // With no echo (a deaf socket), the retry with the same token is answered as the first.
    let mut w = World::started(config(15));
    w.server.deafen_sockets();
    w.server.http_faults.push_back(HttpFault::LoseResponse);
    w.input(Input::text("once", "tok-1"));
    w.advance(30_000);
    assert_eq!(w.http_outputs("/participant/message").len(), 2);
    assert_eq!(
        w.session.timeline().get("tok-1").unwrap().delivery,
        Some(Delivery::Sent)
    );

    // Too many failures: shown as failed, retried by hand with the same token.
    let mut w = World::started(config(17));
    w.server.http_faults.extend([HttpFault::Status(503); 5]);
    w.input(Input::text("twice?", "tok-2"));
    w.advance(60_000);
    assert!(matches!(
        w.session.timeline().get("tok-2").unwrap().delivery,
        Some(Delivery::Failed(SendingFailed {
            failure: Failure::Service,
            is_recoverable: true
        }))
    ));
    assert_eq!(
        w.persisted.as_ref().unwrap().unsent.len(),
        1,
        "kept for a reload"
    );
    w.input(Input::Retry {
        client_token: "tok-2".into(),
    });
    assert_eq!(
        w.session.timeline().get("tok-2").unwrap().delivery,
        Some(Delivery::Sent)
    );
    assert_eq!(w.http_outputs("/participant/message").len(), 6);
    assert!(w.persisted.as_ref().unwrap().unsent.is_empty());
}

#[test]
fn sends_queue_while_offline_and_go_out_in_order() {
    let mut w = World::started(config(18));
    w.set_online(false, true);
    assert_eq!(w.session.status(), ConnectionStatus::Offline);
    for i in 0..3 {
        w.input(Input::text(format!("m{i}"), format!("tok-{i}")));
    }
    assert_eq!(w.http_outputs("/participant/message").len(), 0);
    assert_eq!(w.session.timeline().pending().count(), 3);
    assert_eq!(w.persisted.as_ref().unwrap().unsent.len(), 3);
    w.advance(60_000);
    w.set_online(true, true);
    w.advance(1_000);
    assert_eq!(w.customer_messages().0, ["m0", "m1", "m2"]);
    assert_eq!(w.client_ids(), w.server.timeline_ids());
}

#[test]
fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let mut w = World::started(config(28));
    let len = w.session.timeline().len();
    w.input(Input::text("", "tok-1"));
    w.input(Input::text("x".repeat(20_000), "tok-2"));
    assert_eq!(w.session.timeline().len(), len);
    let errors: Vec<_> = w
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Error(SessionError {
                activity: Activity::Send,
                failure,
                ..
            }) => Some(failure.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        errors,
        [
            Failure::Empty,
            Failure::TooLong {
                limit: 16_384,
                length: 20_000
            }
        ]
    );
    assert!(StartChat::from_json("not json").is_err());
    assert!(
        StartChat::from_json(r#"{"ContactId":"","ParticipantId":"p","ParticipantToken":"t"}"#)
            .is_err()
    );
    // Garbage on the socket is ignored.
    let socket = w.first_socket();
    w.input(Input::SocketText {
        socket,
        text: "{{{".into(),
    });
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
}

#[test]
fn a_message_the_model_refuses_is_not_queued() {
    let mut w = World::started(config(35));
    let len = w.session.timeline().len();
    w.input(Input::SendMessage {
        content_type: "x".repeat(101),
        content: "hi".into(),
        client_token: "tok-1".into(),
    });
    assert_eq!(w.session.timeline().len(), len);
    assert!(w.events.iter().any(|e| matches!(
        e,
        Event::Error(SessionError { failure: Failure::Invalid { field }, .. }) if field == "ContentType"
    )));
    assert_eq!(w.http_outputs("/participant/message").len(), 0);
}

#[test]
fn a_failed_message_holds_the_ones_typed_after_it_across_a_reload_until_retried() {
    let mut w = World::started(config(70));
    w.server.http_faults.extend([HttpFault::Status(503); 5]);
    w.input(Input::text("M-1", "tok-1"));
    w.advance(60_000);
    let failed = Delivery::Failed(SendingFailed {
        failure: Failure::Service,
        is_recoverable: true,
    });
    let delivery = |w: &World, key: &str| w.session.timeline().get(key).unwrap().delivery.clone();
    assert_eq!(delivery(&w, "tok-1"), Some(failed.clone()));
    w.server.http_faults.extend([HttpFault::Status(503); 2]);
    w.input(Input::text("M-2", "tok-2"));
    w.input(Input::text("M-3", "tok-3"));
    // Held behind M-1: nothing more is sent.
    assert_eq!(delivery(&w, "tok-2"), Some(Delivery::Queued));
    assert_eq!(w.http_outputs("/participant/message").len(), 5);
    let unsent = &w.persisted.as_ref().unwrap().unsent;
    let tokens: Vec<_> = unsent.iter().map(|m| m.client_token.as_str()).collect();
    assert_eq!(tokens, ["tok-1", "tok-2", "tok-3"]);
    assert!(unsent[0].failed.is_some() && unsent[1].failed.is_none());
    // A reload at once: M-1 is still failed, in its place; the others still wait.
    w.reload(71);
    w.advance(60_000);
    assert_eq!(delivery(&w, "tok-1"), Some(failed));
    assert_eq!(delivery(&w, "tok-2"), Some(Delivery::Queued));
    assert_eq!(delivery(&w, "tok-3"), Some(Delivery::Queued));
    let keys: Vec<_> = w
        .session
        .timeline()
        .pending()
        .map(|e| e.key.as_str())
        .collect();
    assert_eq!(keys, ["tok-1", "tok-2", "tok-3"]);
    assert_eq!(w.customer_messages().0, Vec::<String>::new());
    // Retried: all three go, in the order typed, and are read that way everywhere.
    w.input(Input::Retry {
        client_token: "tok-1".into(),
    });
    w.advance(10_000);
    let (service, screen) = w.customer_messages();
    assert_eq!(service, ["M-1", "M-2", "M-3"]);
    assert_eq!(screen, service);
    assert!(w.persisted.as_ref().unwrap().unsent.is_empty());
}

#[test]
fn a_failed_message_removed_lets_the_others_go() {
    let mut w = World::started(config(72));
    w.server.http_faults.extend([HttpFault::Status(503); 5]);
    w.input(Input::text("M-1", "tok-1"));
    w.advance(60_000);
    w.input(Input::text("M-2", "tok-2"));
    // Only a failed message can be removed.
    w.input(Input::Remove {
        client_token: "tok-2".into(),
    });
    assert!(w.session.timeline().get("tok-2").is_some());
    w.input(Input::Remove {
        client_token: "tok-1".into(),
    });
    assert!(w.session.timeline().get("tok-1").is_none());
    assert!(w.events.contains(&Event::ItemRemoved {
        key: "tok-1".into()
    }));
    w.advance(10_000);
    assert_eq!(w.customer_messages().0, ["M-2"]);
    assert_eq!(w.client_ids(), w.server.timeline_ids());
}

#[test]
fn a_message_refused_for_good_stays_failed_in_place_and_the_others_go_on() {
    let mut w = World::started(config(73));
    w.server.http_faults.push_back(HttpFault::Status(400));
    w.input(Input::text("refused", "tok-1"));
    w.input(Input::text("after", "tok-2"));
    let refused = Some(Delivery::Failed(SendingFailed {
        failure: Failure::Refused,
        is_recoverable: false,
    }));
    assert_eq!(w.session.timeline().get("tok-1").unwrap().delivery, refused);
    assert_eq!(w.customer_messages().0, ["after"]);
    // Still there, still failed, after a reload; nothing sent again by itself.
    let sends = w.http_outputs("/participant/message").len();
    w.reload(74);
    w.advance(30_000);
    assert_eq!(w.session.timeline().get("tok-1").unwrap().delivery, refused);
    assert_eq!(w.http_outputs("/participant/message").len(), sends);
    // The customer may try it again anyway.
    w.input(Input::Retry {
        client_token: "tok-1".into(),
    });
    assert_eq!(w.customer_messages().0, ["after", "refused"]);
}
