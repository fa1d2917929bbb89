//! The session's behaviours, one test each, against the in-memory service with a simulated
//! clock.

mod session_harness;

use connect_participant::content::EventType;
use connect_participant::model::*;
use connect_participant::session::*;
use connect_participant::*;
use session_harness::*;

fn start_input() -> Input {
    Input::Start(StartChat {
        contact_id: CONTACT.into(),
        participant_id: ME.into(),
        participant_token: PARTICIPANT_TOKEN.into(),
    })
}

#[test]
fn start_connects_subscribes_and_loads_the_transcript() {
    let mut w = World::new(config(1));
    w.server.event(AGENT, EventType::ParticipantJoined, None);
    let start = StartChat::from_json(
        r#"{"data":{"startChatResult":{"ContactId":"contact-1","ParticipantId":"customer-1","ParticipantToken":"participant-token-1"}}}"#,
    )
    .unwrap();
    w.input(Input::Start(start));
    let create = w.http_outputs("/participant/connection");
    assert_eq!(create.len(), 1);
    assert_eq!(create[0].header("X-Amz-Bearer"), Some(PARTICIPANT_TOKEN));
    let body: serde_json::Value = serde_json::from_str(create[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body["Type"],
        serde_json::json!(["WEBSOCKET", "CONNECTION_CREDENTIALS"])
    );
    assert_eq!(w.sockets_opened(), 1);
    assert_eq!(w.frames_sent("aws/subscribe"), 1);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
    assert!(w
        .events
        .contains(&Event::Status(ConnectionStatus::Connected)));
    // The transcript was loaded with the new ConnectionToken.
    let transcript = w.http_outputs("/participant/transcript");
    assert_eq!(transcript.len(), 1);
    assert!(transcript[0]
        .header("X-Amz-Bearer")
        .unwrap()
        .starts_with("ct"));
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    assert!(w.events.iter().any(
        |e| matches!(e, Event::ParticipantJoined { participant_id: Some(p), .. } if p == AGENT)
    ));
    // Live messages arrive over the socket.
    w.server.agent_says("hello");
    w.deliver();
    assert_eq!(w.client_ids(), w.server.timeline_ids());
}

#[test]
fn a_subscribe_failure_is_retried_and_reported_after_five() {
    let mut w = World::new(config(2));
    w.server.subscribe_failures = 2;
    w.input(start_input());
    assert_eq!(w.frames_sent("aws/subscribe"), 1);
    assert_ne!(w.session.status(), ConnectionStatus::Connected);
    w.advance(500);
    assert_eq!(w.frames_sent("aws/subscribe"), 2);
    w.advance(500);
    assert_eq!(w.frames_sent("aws/subscribe"), 3);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);

    // Five failures on one socket: it is given up, reported, and a new one is made.
    let mut w = World::new(config(3));
    w.server.subscribe_failures = 5;
    w.input(start_input());
    w.advance(1_999);
    assert_eq!(w.frames_sent("aws/subscribe"), 4);
    assert_eq!(w.sockets_opened(), 1);
    w.advance(1);
    // The fifth failure: the socket is given up and reported; a new one subscribes at once.
    assert!(w.events.iter().any(
        |e| matches!(e, Event::Error(SessionError { reason, .. }) if reason.contains("subscribe"))
    ));
    assert_eq!(w.sockets_opened(), 2);
    assert_eq!(w.frames_sent("aws/subscribe"), 6);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
}

#[test]
fn heartbeat_every_ten_seconds_and_a_missed_reply_means_a_dead_socket() {
    let mut w = World::started(config(4));
    w.advance(9_999);
    assert_eq!(w.frames_sent("aws/heartbeat"), 0);
    w.advance(1);
    assert_eq!(w.frames_sent("aws/heartbeat"), 1);
    w.advance(10_000);
    assert_eq!(w.frames_sent("aws/heartbeat"), 2);
    assert_eq!(w.sockets_opened(), 1);
    // The server stops answering; the next heartbeat time finds the reply missing.
    w.server.heartbeat_deaf = true;
    w.advance(10_000);
    assert_eq!(w.sockets_opened(), 1);
    w.advance(10_000);
    assert!(w
        .outputs
        .iter()
        .any(|o| matches!(o, Output::CloseSocket { .. })));
    assert_eq!(w.sockets_opened(), 2, "a new socket replaces the dead one");
    assert_eq!(
        w.requests_to("/participant/connection"),
        1,
        "with the same URL: it may still be opened"
    );
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
}

#[test]
fn deep_ping_is_reported() {
    let mut w = World::started(config(5));
    w.advance(60_000);
    assert_eq!(w.frames_sent("aws/ping"), 1);
    assert!(w.events.contains(&Event::Ping {
        status_code: Some(200)
    }));
}

/// The URLs of the sockets the session opened, in order.
fn socket_urls(w: &World) -> Vec<String> {
    w.outputs
        .iter()
        .filter_map(|o| match o {
            Output::OpenSocket { url, .. } => Some(url.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_healthy_socket_outlives_its_url_and_is_renewed_after_its_max_age_without_gap() {
    let mut w = World::started(config(6));
    let first_socket = w
        .outputs
        .iter()
        .find_map(|o| match o {
            Output::OpenSocket { socket, .. } => Some(*socket),
            _ => None,
        })
        .unwrap();
    w.take_events();
    // The URL had to be opened within 100 s; the open socket is not affected by that.
    w.advance(90_000);
    assert_eq!(w.sockets_opened(), 1);
    assert_eq!(w.requests_to("/participant/connection"), 1);
    // Nor in the 55 minutes after it subscribed.
    let max_age = w.config.socket_max_age;
    assert_eq!(max_age, 55 * 60_000);
    w.advance(max_age - 90_000 - 1);
    assert_eq!(w.sockets_opened(), 1);
    assert_eq!(w.requests_to("/participant/connection"), 1);
    // Then a fresh URL (the first expired long ago) and a new socket. Hold the new
    // connection's answer to see both sockets live at once.
    w.hold_http = true;
    w.advance(1);
    assert_eq!(w.held.len(), 1);
    assert!(w.held[0].1.url.ends_with("/participant/connection"));
    w.server.agent_says("during the swap");
    w.deliver();
    w.release();
    assert_eq!(w.sockets_opened(), 2);
    let urls = socket_urls(&w);
    assert_ne!(urls[0], urls[1]);
    assert!(w.outputs.contains(&Output::CloseSocket {
        socket: first_socket
    }));
    w.server.agent_says("after the swap");
    w.deliver();
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
    assert!(!w.events.iter().any(|e| matches!(
        e,
        Event::Status(ConnectionStatus::Reconnecting { .. } | ConnectionStatus::Connecting)
    )));
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    // The new socket lives its own 55 minutes.
    w.advance(max_age - 1);
    assert_eq!(w.sockets_opened(), 2);
    w.advance(1);
    assert_eq!(w.sockets_opened(), 3);
    assert_eq!(w.requests_to("/participant/connection"), 3);
}

#[test]
fn a_socket_older_than_its_max_age_is_renewed_with_a_url_still_usable() {
    let mut c = config(61);
    c.socket_max_age = 30_000;
    let mut w = World::started(c);
    w.advance(29_999);
    assert_eq!(w.sockets_opened(), 1);
    w.advance(1);
    // The URL may be opened until 85 s: no new connection is needed for it.
    assert_eq!(w.sockets_opened(), 2);
    assert_eq!(w.requests_to("/participant/connection"), 1);
    let urls = socket_urls(&w);
    assert_eq!(urls[0], urls[1]);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
    w.advance(30_000);
    assert_eq!(w.sockets_opened(), 3);
    assert_eq!(w.requests_to("/participant/connection"), 1);
    // At 90 s the URL is past its usable time: a fresh one first.
    w.advance(30_000);
    assert_eq!(w.sockets_opened(), 4);
    assert_eq!(w.requests_to("/participant/connection"), 2);
    let urls = socket_urls(&w);
    assert_ne!(urls[3], urls[0]);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
}

#[test]
fn a_reconnect_within_the_urls_validity_reuses_it_and_after_it_fetches_a_new_one() {
    let mut w = World::started(config(62));
    // A drop at 30 s: the URL may still be opened (until 100 s - 15 s).
    w.advance(30_000);
    w.server.drop_sockets();
    w.deliver();
    w.advance(1_000);
    assert_eq!(w.sockets_opened(), 2);
    assert_eq!(w.requests_to("/participant/connection"), 1);
    let urls = socket_urls(&w);
    assert_eq!(urls[0], urls[1]);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
    // A drop at 85 s: the URL is too close to its ConnectionExpiry; a new one first.
    w.advance(54_000);
    w.server.drop_sockets();
    w.deliver();
    w.advance(1_000);
    assert_eq!(w.requests_to("/participant/connection"), 2);
    assert_eq!(w.sockets_opened(), 3);
    let urls = socket_urls(&w);
    assert_ne!(urls[2], urls[0]);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
    // Nothing was lost across either reconnect.
    w.server.agent_says("still here");
    w.deliver();
    assert_eq!(w.client_ids(), w.server.timeline_ids());
}

#[test]
fn a_url_that_could_not_be_opened_is_not_tried_again() {
    let mut w = World::started(config(63));
    w.advance(10_000);
    w.server.sockets_blocked = true;
    w.server.drop_sockets();
    w.deliver();
    // The first attempt reuses the URL and fails; the next one gets a new URL.
    w.advance(5_000);
    assert!(w.sockets_opened() >= 3);
    assert!(w.requests_to("/participant/connection") >= 2);
    let urls = socket_urls(&w);
    assert_eq!(urls[0], urls[1]);
    assert_ne!(urls[1], urls[2]);
    w.server.sockets_blocked = false;
    w.advance(60_000);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
}

#[test]
fn the_connection_token_is_renewed_before_its_expiry() {
    let mut w = World::new(config(7));
    w.server.token_life = 10 * 60_000;
    w.input(start_input());
    w.advance(9 * 60_000 - 1);
    assert_eq!(w.requests_to("/participant/connection"), 1);
    w.advance(1);
    assert_eq!(w.requests_to("/participant/connection"), 2);
    // A new token does not replace a healthy socket.
    assert_eq!(w.sockets_opened(), 1);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
    let old_token = w.http_outputs("/participant/transcript")[0]
        .header("X-Amz-Bearer")
        .unwrap()
        .to_owned();
    w.input(Input::text("hi", "t1"));
    let send = w.http_outputs("/participant/message");
    assert_ne!(send[0].header("X-Amz-Bearer").unwrap(), old_token);
    assert_eq!(
        w.persisted.as_ref().unwrap().connection_token.as_deref(),
        send[0].header("X-Amz-Bearer")
    );
}

#[test]
fn reconnect_backs_off_with_jitter_up_to_thirty_seconds_and_keeps_trying() {
    let mut w = World::started(config(8));
    w.set_online(false, false);
    w.server.drop_sockets();
    w.deliver();
    w.advance(10 * 60_000);
    let attempts: Vec<_> = w
        .outputs
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match o {
            Output::Http { request, .. } if request.url.ends_with("/participant/connection") => {
                Some(i)
            }
            _ => None,
        })
        .collect();
    assert!(
        attempts.len() > 20,
        "still trying after ten minutes: {}",
        attempts.len()
    );
    let statuses: Vec<(u32, i64)> = w
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Status(ConnectionStatus::Reconnecting { attempt, retry_at }) => {
                Some((*attempt, *retry_at))
            }
            _ => None,
        })
        .collect();
    let gaps: Vec<i64> = statuses.windows(2).map(|p| p[1].1 - p[0].1).collect();
    assert!(gaps.iter().all(|g| *g <= 30_000), "{gaps:?}");
    assert!(gaps[0] < gaps[3], "grows: {gaps:?}");
    let capped: Vec<_> = gaps.iter().filter(|g| **g > 15_000).collect();
    assert!(capped.len() > 5);
    let distinct: std::collections::HashSet<_> = capped.iter().collect();
    assert!(distinct.len() > 1, "jittered: {capped:?}");
    // The network returns: connected at once.
    w.set_online(true, true);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
}

#[test]
fn forbidden_after_a_drop_means_the_chat_ended_while_away() {
    let mut w = World::started(config(9));
    w.server.drop_sockets();
    w.server.ended = true;
    w.deliver();
    w.advance(1_000);
    assert!(w.session.is_ended());
    assert!(w.events.contains(&Event::Ended(EndReason::Expired)));
    assert!(w.persisted.is_none());
    let before = w.server.requests.len();
    w.advance(3_600_000);
    assert_eq!(w.server.requests.len(), before);
}

#[test]
fn gap_fill_after_reconnect_pages_through_everything_missed() {
    let mut c = config(10);
    c.transcript_page_size = 4;
    let mut w = World::started(c);
    w.server.agent_says("before");
    w.deliver();
    // The socket dies silently; 11 messages are sent meanwhile.
    w.server.deafen_sockets();
    for i in 0..11 {
        w.server.agent_says(&format!("missed {i}"));
    }
    w.deliver();
    assert_ne!(w.client_ids(), w.server.timeline_ids());
    w.server.drop_sockets();
    w.deliver();
    w.advance(1_000);
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    let fills: Vec<serde_json::Value> = w
        .http_outputs("/participant/transcript")
        .iter()
        .map(|r| serde_json::from_str(r.body.as_deref().unwrap()).unwrap())
        .collect();
    assert!(fills
        .iter()
        .any(|f| f["ScanDirection"] == "FORWARD" && f["NextToken"].is_string()));
    assert!(fills.len() >= 4, "paged: {fills:?}");
}

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
fn a_streamed_bot_reply_is_stitched_into_one_message() {
    let mut w = World::started(config(14));
    let before = w.session.timeline().len();
    for part in ["Hel", "lo ", "there"] {
        let mut item = message("bot", ParticipantRole::CustomBot, part);
        item.message_metadata = Some(MessageMetadata {
            message_id: Some("stream-1".into()),
            ..MessageMetadata::default()
        });
        w.server.add(item);
        w.advance(10);
    }
    w.deliver();
    assert_eq!(w.session.timeline().len(), before + 1);
    let entry = w.session.timeline().get("stream-1").unwrap();
    assert_eq!(entry.item.content.as_deref(), Some("Hello there"));
    assert!(w.events.contains(&Event::ItemChanged {
        key: "stream-1".into()
    }));
}

#[test]
fn persistent_chat_loads_older_pages_and_earlier_contacts_on_demand() {
    let mut c = config(15);
    c.transcript_page_size = 3;
    let mut w = World::new(c);
    for i in 0..7 {
        w.server.agent_says(&format!("old {i}"));
    }
    let mut rehydrated = Item {
        kind: Some(ChatItemType::Event),
        content_type: Some(EventType::ChatRehydrated.as_str().into()),
        related_contact_id: Some("contact-0".into()),
        ..Item::default()
    };
    rehydrated.participant_id = Some("system".into());
    w.server.add(rehydrated);
    w.input(start_input());
    assert_eq!(w.session.timeline().len(), 3);
    assert!(w.events.contains(&Event::Rehydrated));
    assert!(w.session.has_older());
    for _ in 0..2 {
        w.input(Input::LoadOlder);
    }
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    assert!(w.session.has_older(), "the earlier contact is next");
    w.input(Input::LoadOlder);
    let last = w.http_outputs("/participant/transcript");
    let body: serde_json::Value =
        serde_json::from_str(last.last().unwrap().body.as_deref().unwrap()).unwrap();
    assert_eq!(body["ContactId"], "contact-0");
    assert!(!w.session.has_older());
    assert!(w.events.contains(&Event::OlderLoaded {
        count: 0,
        more: false
    }));
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
    let sends = w.http_outputs("/participant/message");
    assert_eq!(sends.len(), 4);
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

    // Too many failures: shown as failed, retried by hand with the same token.
    let mut w = World::started(config(17));
    w.server.http_faults.extend([HttpFault::Status(503); 5]);
    w.input(Input::text("twice?", "tok-2"));
    w.advance(60_000);
    assert!(matches!(
        w.session.timeline().get("tok-2").unwrap().delivery,
        Some(Delivery::Failed {
            retryable: true,
            ..
        })
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
    let contents: Vec<_> = w
        .server
        .items
        .iter()
        .filter(|i| {
            i.participant_id.as_deref() == Some(ME) && i.kind == Some(ChatItemType::Message)
        })
        .map(|i| i.content.clone().unwrap())
        .collect();
    assert_eq!(contents, ["m0", "m1", "m2"]);
    assert_eq!(w.client_ids(), w.server.timeline_ids());
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
    assert!(w.session.disconnect_pending());
    // The network returns: the one owed call, with the chat's ConnectionToken.
    w.set_online(true, true);
    assert!(!w.session.disconnect_pending());
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
    assert!(w.session.disconnect_pending());
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
    assert!(w.session.disconnect_pending());
    let owed = w.session.owed_disconnect().expect("the disconnect is owed");
    assert!(owed.disconnect_owed);
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
    assert!(!w.session.disconnect_pending());
    assert!(w.session.owed_disconnect().is_none());
    assert!(w.session.poll_timeout().is_none());
}

#[test]
fn nothing_is_owed_while_the_chat_runs_or_once_the_service_was_told() {
    let mut w = World::started(config(46));
    assert!(w.session.owed_disconnect().is_none());
    assert!(!w.persisted.as_ref().unwrap().disconnect_owed);
    w.input(Input::End);
    assert!(customer_left(&w));
    assert!(w.session.owed_disconnect().is_none());
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
    assert!(!w.session.disconnect_pending());
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
    assert!(!w.session.disconnect_pending());
    w.set_online(true, true);
    assert_eq!(w.http_outputs("/participant/disconnect").len(), attempts);
}

#[test]
fn the_agent_ends_the_chat_or_the_customer_is_disconnected_for_idleness() {
    let mut w = World::started(config(23));
    let a = w.server.agent_says("bye").id.unwrap();
    w.server.end_chat();
    w.deliver();
    assert!(w.events.contains(&Event::Ended(EndReason::Agent)));
    w.advance(1_000);
    // No receipt after the end, and no reconnect.
    assert!(!w.server.receipts.iter().any(|r| r.0 == a));
    assert_eq!(w.requests_to("/participant/connection"), 1);

    let mut w = World::started(config(24));
    w.server.event(ME, EventType::ParticipantIdle, None);
    w.server
        .event(ME, EventType::ParticipantAutoDisconnection, None);
    w.deliver();
    assert!(w.events.contains(&Event::ParticipantIdle {
        participant_id: Some(ME.into()),
        idle: true
    }));
    assert!(w.events.contains(&Event::Ended(EndReason::Idle)));
}

#[test]
fn snapshot_is_persisted_on_change_and_resume_restores_the_chat() {
    let mut w = World::started(config(25));
    let snapshot = w.persisted.clone().unwrap();
    assert_eq!(snapshot.contact_id, CONTACT);
    assert!(snapshot.connection_token.is_some());
    let persists = |w: &World| {
        w.outputs
            .iter()
            .filter(|o| matches!(o, Output::Persist(_)))
            .count()
    };
    let count = persists(&w);
    w.advance(30_000);
    assert_eq!(persists(&w), count, "nothing changed, nothing written");
    w.server.agent_says("one");
    w.deliver();
    w.hold_http = true;
    w.input(Input::text("unsent", "tok-u"));
    assert_eq!(
        w.persisted.as_ref().unwrap().unsent[0].client_token,
        "tok-u"
    );

    // Reload while the send is out: resumes, resends with the same token, one message.
    w.reload(99);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    assert!(w.session.timeline().get("tok-u").is_some());
    assert_eq!(w.session.timeline().pending().count(), 0);

    // Reload after the stored token expired (the page was closed for a day): the connection
    // is re-created first.
    w.server.agent_says("while closed");
    w.now += 25 * 3_600_000;
    assert!(w.persisted.as_ref().unwrap().connection_expiry.unwrap() < w.now);
    let creates = w.requests_to("/participant/connection");
    w.reload(100);
    assert_eq!(w.requests_to("/participant/connection"), creates + 1);
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    assert_eq!(
        w.server
            .items
            .iter()
            .filter(|i| i.content.as_deref() == Some("unsent"))
            .count(),
        1
    );
}

#[test]
fn an_attachment_upload_runs_start_put_complete() {
    let mut w = World::started(config(26));
    w.input(Input::StartUpload {
        name: "photo.png".into(),
        content_type: "image/png".into(),
        size: 1234,
        client_token: "up-1".into(),
    });
    let put = w
        .outputs
        .iter()
        .find_map(|o| match o {
            Output::PutAttachment {
                client_token,
                url,
                headers,
                ..
            } => Some((client_token.clone(), url.clone(), headers.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(put.0, "up-1");
    assert!(put.1.starts_with("http://s3/"));
    assert!(put.2.contains(&("x-amz-acl".into(), "private".into())));
    assert_eq!(w.requests_to("/participant/complete-attachment-upload"), 1);
    assert!(w.events.iter().any(|e| matches!(
        e,
        Event::Attachment {
            status: AttachmentStatus::Uploaded { .. },
            ..
        }
    )));

    // A refused PUT is reported and not completed.
    w.server.upload_put_status = 403;
    w.input(Input::StartUpload {
        name: "photo.png".into(),
        content_type: "image/png".into(),
        size: 1234,
        client_token: "up-2".into(),
    });
    assert_eq!(w.requests_to("/participant/complete-attachment-upload"), 1);
    assert!(w.events.iter().any(|e| matches!(e, Event::Attachment { client_token, status: AttachmentStatus::Failed { reason } } if client_token == "up-2" && reason.contains("403"))));

    w.input(Input::GetAttachmentUrl {
        attachment_id: "att1".into(),
    });
    assert!(w
        .events
        .iter()
        .any(|e| matches!(e, Event::AttachmentUrl { url, .. } if url == "http://s3/download")));
}

#[test]
fn a_hidden_page_does_not_kill_the_socket_and_returning_checks_it() {
    let mut w = World::started(config(27));
    w.input(Input::Visible(false));
    w.server.heartbeat_deaf = true;
    w.advance(60_000);
    assert_eq!(w.sockets_opened(), 1);
    w.server.heartbeat_deaf = false;
    let fills = w.requests_to("/participant/transcript");
    w.input(Input::Visible(true));
    assert_eq!(
        w.requests_to("/participant/transcript"),
        fills + 1,
        "gap fill on return"
    );
    w.advance(20_000);
    assert_eq!(w.sockets_opened(), 1);
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
            Event::Error(SessionError { reason, .. }) => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 2);
    assert!(errors[1].contains("16384"), "{errors:?}");
    assert!(StartChat::from_json("not json").is_err());
    assert!(
        StartChat::from_json(r#"{"ContactId":"","ParticipantId":"p","ParticipantToken":"t"}"#)
            .is_err()
    );
    // Garbage on the socket is ignored.
    let socket = w
        .outputs
        .iter()
        .find_map(|o| match o {
            Output::OpenSocket { socket, .. } => Some(*socket),
            _ => None,
        })
        .unwrap();
    w.input(Input::SocketText {
        socket,
        text: "{{{".into(),
    });
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
}

#[test]
fn authentication_views_and_interactive_responses() {
    let mut w = World::started(config(29));
    let session_id = "0123456789abcdef0123456789abcdef0123";
    w.server.event(
        "system",
        EventType::AuthenticationInitiated,
        Some(&format!(r#"{{"SessionId":"{session_id}"}}"#)),
    );
    w.deliver();
    assert!(w.events.contains(&Event::AuthenticationRequested {
        session_id: session_id.into()
    }));
    w.input(Input::GetAuthenticationUrl {
        session_id: session_id.into(),
        redirect_uri: "https://shop.example/back".into(),
    });
    assert!(w.events.iter().any(|e| matches!(
        e,
        Event::AuthenticationUrl { url, .. } if url.starts_with("https://auth.example/0123")
    )));
    w.input(Input::CancelAuthentication {
        session_id: session_id.into(),
    });
    assert_eq!(w.requests_to("/participant/cancel-authentication"), 1);
    w.server
        .event("system", EventType::AuthenticationCancelled, None);
    w.deliver();
    assert!(w.events.contains(&Event::Authentication {
        content_type: EventType::AuthenticationCancelled.as_str().into()
    }));

    w.input(Input::DescribeView {
        view_token: "view token/1".into(),
    });
    let describe = w.http_outputs("/participant/views/view%20token%2F1");
    assert_eq!(describe.len(), 1);
    assert_eq!(describe[0].method, Method::Get);
    assert!(w
        .events
        .iter()
        .any(|e| matches!(e, Event::View { view_token, view } if view_token == "view token/1" && view.name.as_deref() == Some("Form"))));

    w.input(Input::interactive_response(
        r#"{"templateType":"QuickReply","data":{"content":{"title":"Yes"}}}"#,
        "tok-i",
    ));
    let sent = w.http_outputs("/participant/message");
    let body: serde_json::Value = serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body["ContentType"],
        connect_participant::content::INTERACTIVE_RESPONSE
    );
    assert_eq!(w.client_ids(), w.server.timeline_ids());
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

#[test]
fn an_error_frame_on_the_socket_reconnects() {
    let mut w = World::started(config(31));
    let socket = *w.server.sockets.keys().next().unwrap();
    w.server.frames_out.push((
        socket,
        connect_participant::frames::ServerFrame::Error {
            message: "Forbidden".into(),
            connection_id: None,
            request_id: None,
        }
        .to_json(),
    ));
    w.deliver();
    assert!(w.events.iter().any(|e| matches!(e, Event::Error(_))));
    w.advance(1_000);
    assert_eq!(w.sockets_opened(), 2);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
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
fn an_attachment_item_shows_its_scan_verdict() {
    let mut w = World::started(config(33));
    let attachment = |status: ArtifactStatus| Item {
        kind: Some(ChatItemType::Attachment),
        participant_id: Some(ME.into()),
        attachments: Some(vec![AttachmentItem {
            content_type: Some("image/png".into()),
            attachment_id: Some("att-1".into()),
            attachment_name: Some("photo.png".into()),
            status: Some(status),
        }]),
        ..Item::default()
    };
    let item = w.server.add(attachment(ArtifactStatus::InProgress));
    w.deliver();
    let id = item.id.clone().unwrap();
    // The verdict comes as the same item with a new status.
    let mut verdict = item.clone();
    verdict.attachments = attachment(ArtifactStatus::Approved).attachments;
    w.server.items.retain(|i| i.id != item.id);
    w.server.items.push(verdict.clone());
    w.server.broadcast(&verdict);
    w.deliver();
    let entry = w.session.timeline().get(&id).unwrap();
    assert_eq!(
        entry.item.attachments.as_ref().unwrap()[0].status,
        Some(ArtifactStatus::Approved)
    );
    assert!(w.events.contains(&Event::ItemChanged { key: id }));
}

#[test]
fn a_token_shorter_lived_than_the_refresh_margin_is_renewed_at_half_life() {
    let mut w = World::new(config(34));
    w.server.token_life = 30_000;
    w.server.url_life = 3_600_000;
    w.input(start_input());
    assert_eq!(w.requests_to("/participant/connection"), 1);
    w.advance(60_000);
    // Renewed every 15 s, not in a loop.
    assert_eq!(w.requests_to("/participant/connection"), 5);
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
        Event::Error(SessionError { reason, .. }) if reason.contains("ContentType")
    )));
    assert_eq!(w.http_outputs("/participant/message").len(), 0);
}

#[test]
fn messages_still_arrive_when_only_websockets_are_blocked() {
    let mut w = World::started(config(36));
    w.server.sockets_blocked = true;
    w.server.drop_sockets();
    w.deliver();
    w.server.agent_says("through the proxy");
    w.advance(60_000);
    assert_ne!(w.session.status(), ConnectionStatus::Connected);
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    w.input(Input::text("and back", "tok-1"));
    assert_eq!(w.client_ids(), w.server.timeline_ids());
}

#[test]
fn without_rehydration_other_contact_ids_are_not_paged() {
    let mut c = config(37);
    c.transcript_page_size = 2;
    let mut w = World::new(c);
    for i in 0..3 {
        w.server.agent_says(&format!("m{i}"));
    }
    // After a transfer, items name the new contact.
    let mut transferred = message(AGENT, ParticipantRole::Agent, "transferred");
    transferred.related_contact_id = Some("contact-2".into());
    w.server.add(transferred);
    w.input(start_input());
    while w.session.has_older() {
        w.input(Input::LoadOlder);
    }
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    let bodies: Vec<_> = w
        .http_outputs("/participant/transcript")
        .into_iter()
        .filter_map(|r| r.body)
        .collect();
    assert!(
        bodies.iter().all(|b| !b.contains("contact-2")),
        "{bodies:?}"
    );
}
