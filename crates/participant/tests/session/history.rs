//! The transcript: gap fill, streamed replies, scan verdicts, older pages and earlier
//! contacts, and resuming from the snapshot.

use super::*;

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
fn a_streamed_bot_reply_grows_one_entry_and_completes_from_the_transcript() {
    let mut w = World::started(config(14));
    let before = w.session.timeline().len();
    w.take_events();
    w.server.bot_chunk("r1", "Hel", Some(1));
    w.advance(100);
    w.server.bot_chunk("r1", "lo ", Some(2));
    w.server.bot_chunk("r1", "lo ", Some(2));
    w.deliver();
    let entry = w.session.timeline().get("r1").unwrap();
    assert_eq!(entry.item.content.as_deref(), Some("Hello "));
    assert!(entry.streaming());
    assert_eq!(w.session.timeline().len(), before + 1);
    let changed = |w: &World| {
        w.events
            .iter()
            .filter(|e| **e == Event::ItemChanged { key: "r1".into() })
            .count()
    };
    assert_eq!(changed(&w), 1, "one change per chunk taken");
    // The completion is lost with a dead socket: the gap fill brings the stored item.
    w.server.deafen_sockets();
    w.advance(100);
    w.server.bot_chunk("r1", "Hello there", None);
    w.server.drop_sockets();
    w.deliver();
    w.advance(2_000);
    let entry = w.session.timeline().get("r1").unwrap();
    assert_eq!(entry.item.content.as_deref(), Some("Hello there"));
    assert!(!entry.streaming());
    assert_eq!(changed(&w), 2);
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    // After a reload the transcript holds the completed item alone.
    w.reload(3);
    let entry = w.session.timeline().get("r1").unwrap();
    assert_eq!(entry.item.content.as_deref(), Some("Hello there"));
    assert_eq!(w.client_ids(), w.server.timeline_ids());
}

/// An item of the past session a persistent chat continues: `RelatedContactId`, no
/// `ContactId`, a day before the chat.
fn past(id: &str, at: i64, kind: ChatItemType, content_type: &str, who: &str) -> Item {
    Item {
        id: Some(id.into()),
        absolute_time: Some(connect_participant::time::format_iso8601(
            T0 - 86_400_000 + at,
        )),
        kind: Some(kind),
        content_type: Some(content_type.into()),
        content: Some(format!("{id} text")),
        participant_id: Some(who.into()),
        participant_role: Some(ParticipantRole::Customer),
        related_contact_id: Some("c-old".into()),
        ..Item::default()
    }
}

#[test]
fn a_rehydrated_chat_loads_its_history_and_past_events_change_nothing() {
    let mut c = config(15);
    c.transcript_page_size = 2;
    let mut w = World::new(c);
    let text = "text/plain";
    let event = |e: EventType| e.as_str().to_owned();
    w.server.items.extend([
        past(
            "p0",
            0,
            ChatItemType::Event,
            &event(EventType::ParticipantJoined),
            "agent-old",
        ),
        past("p1", 1_000, ChatItemType::Message, text, "cust-old"),
        past(
            "p2",
            2_000,
            ChatItemType::Event,
            &event(EventType::ParticipantLeft),
            "agent-old",
        ),
        past(
            "p3",
            3_000,
            ChatItemType::Event,
            &event(EventType::ChatEnded),
            "system",
        ),
    ]);
    w.server.add(Item {
        kind: Some(ChatItemType::Event),
        content_type: Some(event(EventType::ChatRehydrated)),
        participant_role: Some(ParticipantRole::System),
        ..Item::default()
    });
    w.server
        .add(message("bot", ParticipantRole::System, "Welcome back"));
    w.input(start_input());
    // The first page held chat.rehydrated: the older pages came at once, no ContactId named.
    assert!(w.events.contains(&Event::Rehydrated));
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    let bodies: Vec<serde_json::Value> = w
        .http_outputs("/participant/transcript")
        .iter()
        .map(|r| serde_json::from_str(r.body.as_deref().unwrap()).unwrap())
        .collect();
    assert_eq!(
        bodies.len(),
        3,
        "the first page and two older ones: {bodies:?}"
    );
    assert!(bodies.iter().all(|b| b.get("ContactId").is_none()));
    assert!(bodies[1]["NextToken"].is_string() && bodies[2]["NextToken"].is_string());
    let timeline = w.session.timeline();
    let pasts: Vec<bool> = timeline.entries().map(|e| e.past).collect();
    assert_eq!(pasts, [true, true, true, true, false, false]);
    // The earlier contact's lines came as history, this contact's as news.
    let mut told = added(&w);
    told.sort_by_key(|(key, _)| timeline.entries().position(|e| &e.key == key));
    let told: Vec<bool> = told.into_iter().map(|(_, history)| history).collect();
    assert_eq!(told, pasts);
    assert!(!timeline.get("p1").unwrap().mine);
    // The past chat.ended, joined and left are lines, nothing more.
    assert!(!w.session.is_ended());
    assert!(!w.events.iter().any(|e| matches!(
        e,
        Event::Ended(_) | Event::ParticipantJoined { .. } | Event::ParticipantLeft { .. }
    )));
    w.input(Input::text("I'm back", "tok-1"));
    assert_eq!(
        w.session.timeline().get("tok-1").unwrap().delivery,
        Some(Delivery::Sent)
    );
    assert!(!w.session.has_older());
}

#[test]
fn older_pages_load_on_demand_without_rehydration() {
    let mut c = config(38);
    c.transcript_page_size = 3;
    let mut w = World::new(c);
    for i in 0..7 {
        w.server.agent_says(&format!("old {i}"));
    }
    w.input(start_input());
    assert_eq!(w.session.timeline().len(), 3);
    assert!(w.session.has_older());
    let first = added(&w);
    assert_eq!(first.len(), 3);
    assert!(first.iter().all(|(_, history)| !history), "{first:?}");
    w.take_events();
    for _ in 0..2 {
        w.input(Input::LoadOlder);
    }
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    // Older pages are history: none of their lines is news.
    let older = added(&w);
    assert_eq!(older.len(), 4);
    assert!(older.iter().all(|(_, history)| *history), "{older:?}");
    w.take_events();
    w.server.agent_says("new");
    w.deliver();
    assert_eq!(added(&w).len(), 1);
    assert!(added(&w).iter().all(|(_, history)| !history));
    assert!(!w.session.has_older());
    w.input(Input::LoadOlder);
    assert!(w.events.contains(&Event::OlderLoaded {
        count: 0,
        more: false
    }));
    assert_eq!(w.requests_to("/participant/transcript"), 3);
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
fn the_timeline_reports_its_changes_as_positional_diffs() {
    let mut w = World::started(config(54));
    let len = w.session.timeline().len();
    w.take_events();
    let hello = w.server.agent_says("hello").id.unwrap();
    w.deliver();
    assert!(w.events.contains(&Event::Timeline(vec![Diff::Insert {
        index: len,
        key: hello
    }])));
    // Shown as pending at the end, then sending in place: one call, one event.
    w.take_events();
    w.hold_http = true;
    w.input(Input::text("hi", "tok-1"));
    let diffs: Vec<&Event> = w
        .events
        .iter()
        .filter(|e| matches!(e, Event::Timeline(_)))
        .collect();
    let pending = len + 1;
    assert_eq!(
        diffs,
        [&Event::Timeline(vec![
            Diff::Insert {
                index: pending,
                key: "tok-1".into()
            },
            Diff::Update { index: pending },
        ])]
    );
    // Confirmed: it leaves the pending ones for its place among the confirmed.
    w.take_events();
    w.release();
    let diffs: Vec<&Event> = w
        .events
        .iter()
        .filter(|e| matches!(e, Event::Timeline(_)))
        .collect();
    assert_eq!(
        diffs,
        [&Event::Timeline(vec![
            Diff::Remove { index: pending },
            Diff::Insert {
                index: pending,
                key: "tok-1".into()
            },
        ])]
    );
}

#[test]
fn a_resume_with_a_valid_token_reads_the_transcript_while_the_socket_is_set_up() {
    let mut w = World::started(config(61));
    w.server.agent_says("before the reload");
    w.deliver();
    let from = w.outputs.len();
    w.reload(62);
    let after = &w.outputs[from..];
    let transcript = after.iter().position(|o| {
        matches!(o, Output::Http { request, .. } if request.url.ends_with("/participant/transcript"))
    });
    let socket = after
        .iter()
        .position(|o| matches!(o, Output::OpenSocket { .. }));
    let (Some(transcript), Some(socket)) = (transcript, socket) else {
        panic!("a transcript read and a socket: {after:?}");
    };
    assert!(
        transcript < socket,
        "read with the stored token, not after the new socket's set-up: {after:?}"
    );
    // Whatever came between the first read and the subscription is still caught.
    assert_eq!(w.client_ids(), w.server.timeline_ids());
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
}

/// The entries the session reported added, each with whether it came as history.
fn added(w: &World) -> Vec<(String, bool)> {
    w.events
        .iter()
        .filter_map(|e| match e {
            Event::ItemAdded { key, history } => Some((key.clone(), *history)),
            _ => None,
        })
        .collect()
}
