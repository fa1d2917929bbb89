//! The connection: start, subscribe, heartbeat and deep ping, socket and URL lifetimes,
//! token renewal, reconnecting.

use super::*;

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
    // Exactly what the official client sends for a customer: no ConnectParticipant.
    assert_eq!(
        create[0].body.as_deref(),
        Some(r#"{"Type":["WEBSOCKET","CONNECTION_CREDENTIALS"]}"#)
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
    assert!(w.events.contains(&Event::Error(SessionError {
        activity: Activity::Subscribe,
        failure: Failure::Refused,
        error: None
    })));
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
    let first_socket = w.first_socket();
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
fn an_error_frame_is_reported_and_only_a_missed_heartbeat_reconnects() {
    let mut w = World::started(config(31));
    let socket = *w.server.sockets.keys().next().unwrap();
    w.take_events();
    // The three shapes the socket code sees: Forbidden, a slow deep ping, a frame with
    // neither topic nor message.
    for text in [
        r#"{"message":"Forbidden","connectionId":"Zx1=","requestId":"r-1"}"#,
        r#"{"message":"Endpoint request timed out","connectionId":"Zx1=","requestId":"r-2"}"#,
        r#"{"foo":1}"#,
    ] {
        w.server.frames_out.push((socket, text.into()));
    }
    w.deliver();
    let frames: Vec<_> = w
        .events
        .iter()
        .filter(|e| matches!(e, Event::ErrorFrame { .. }))
        .collect();
    assert_eq!(
        frames,
        [
            &Event::ErrorFrame {
                message: "Forbidden".into(),
                connection_id: Some("Zx1=".into()),
                request_id: Some("r-1".into())
            },
            &Event::ErrorFrame {
                message: "Endpoint request timed out".into(),
                connection_id: Some("Zx1=".into()),
                request_id: Some("r-2".into())
            }
        ]
    );
    assert!(!w.events.iter().any(|e| matches!(e, Event::Error(_))));
    // No item, no end, no reconnect.
    w.advance(1_000);
    assert_eq!(w.sockets_opened(), 1);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
    w.input(Input::text("still here", "tok-1"));
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    // A socket that is really dead misses a heartbeat reply, and that reconnects.
    w.server.heartbeat_deaf = true;
    w.advance(20_000);
    assert_eq!(w.sockets_opened(), 2);
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
