//! The timeline under random changes: every entry is found by its key, entries stay in
//! order, and the positional diffs it reports replay to its entries.

use connect_participant::model::{ChatItemType, Item, MessageMetadata, ParticipantRole};
use connect_participant::time::{format_iso8601, parse_iso8601};
use connect_participant::timeline::{Change, Delivery, Diff, Timeline};
use std::collections::HashMap;

use proptest::prelude::*;

/// One change to a timeline; small pools of Ids and times make duplicates, streams and
/// inserts in the middle common.
#[derive(Debug, Clone)]
enum Op {
    /// A message (from the customer if `mine`), or a bot's streamed chunk number `chunk`
    /// (0: the completed item).
    Item {
        id: u8,
        time: u8,
        mine: bool,
        chunk: Option<u8>,
    },
    /// A bot's interactive message, perhaps with a `referenceId`.
    Picker {
        id: u8,
        time: u8,
        reference: Option<u8>,
    },
    Pending(u8),
    Confirm {
        token: u8,
        id: u8,
        time: Option<u8>,
    },
    Read(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..30u8, 0..20u8, any::<bool>(), prop::option::weighted(0.3, 0..4u8))
            .prop_map(|(id, time, mine, chunk)| Op::Item { id, time, mine, chunk }),
        2 => (0..30u8, 0..20u8, prop::option::of(0..3u8))
            .prop_map(|(id, time, reference)| Op::Picker { id, time, reference }),
        2 => (0..6u8).prop_map(Op::Pending),
        2 => (0..6u8, 0..30u8, prop::option::of(0..20u8))
            .prop_map(|(token, id, time)| Op::Confirm { token, id, time }),
        1 => (0..30u8).prop_map(Op::Read),
    ]
}

fn item(id: u8, time: u8, mine: bool, chunk: Option<u8>) -> Item {
    Item {
        id: Some(format!("i{id}")),
        absolute_time: Some(format_iso8601(1_000 * i64::from(time))),
        kind: Some(ChatItemType::Message),
        content_type: Some("text/plain".into()),
        content: Some(format!("text {id}")),
        participant_id: Some(if mine { "me" } else { "agent" }.into()),
        participant_role: Some(match (mine, chunk) {
            (true, _) => ParticipantRole::Customer,
            (false, Some(_)) => ParticipantRole::System,
            (false, None) => ParticipantRole::Agent,
        }),
        message_metadata: chunk.map(|n| MessageMetadata {
            message_completed: Some(n == 0),
            chunk_number: (n > 0).then_some(u32::from(n)),
            ..MessageMetadata::default()
        }),
        ..Item::default()
    }
}

const INTERACTIVE: &str = "application/vnd.amazonaws.connect.message.interactive";

/// A ListPicker's content, with `referenceId` `r{n}` if given.
fn list_picker(reference: Option<u8>) -> String {
    let mut content = serde_json::json!({"title": "Pick", "elements": [{"title": "A"}]});
    if let Some(n) = reference {
        content["referenceId"] = format!("r{n}").into();
    }
    serde_json::json!({"templateType": "ListPicker", "version": "1.0", "data": {"content": content}})
        .to_string()
}

fn apply(timeline: &mut Timeline, op: &Op) {
    match op {
        Op::Item {
            id,
            time,
            mine,
            chunk,
        } => {
            timeline.insert(item(*id, *time, *mine, *chunk), "me");
        }
        Op::Picker {
            id,
            time,
            reference,
        } => {
            let mut picker = item(*id, *time, false, None);
            picker.participant_role = Some(ParticipantRole::System);
            picker.content_type = Some(INTERACTIVE.into());
            picker.content = Some(list_picker(*reference));
            timeline.insert(picker, "me");
        }
        Op::Pending(token) => {
            timeline.add_pending(&format!("t{token}"), "text/plain", "hi");
        }
        Op::Confirm { token, id, time } => {
            let time = time.map(|t| format_iso8601(1_000 * i64::from(t)));
            timeline.confirm(&format!("t{token}"), &format!("i{id}"), time.as_deref());
        }
        Op::Read(id) => {
            timeline.set_delivery(&format!("i{id}"), Delivery::Read);
        }
    }
}

proptest! {
    #[test]
    fn entries_are_found_by_key_and_the_diffs_replay_to_them(ops in prop::collection::vec(op(), 1..60)) {
        let mut timeline = Timeline::default();
        let mut mirror: Vec<String> = Vec::new();
        // An interactive entry's (answerable, answered), as last seen.
        let mut flags: HashMap<String, (bool, bool)> = HashMap::new();
        for op in &ops {
            apply(&mut timeline, op);
            let mut inserted = Vec::new();
            for diff in timeline.take_diffs() {
                match diff {
                    Diff::Insert { index, key } => {
                        inserted.push(key.clone());
                        mirror.insert(index, key)
                    }
                    Diff::Update { index } => prop_assert!(index < mirror.len()),
                    Diff::Remove { index } => {
                        mirror.remove(index);
                    }
                }
            }
            // A change of either flag is reported, unless the entry came anew.
            let touched = timeline.take_touched();
            for entry in timeline.entries().filter(|e| e.item.content_type.as_deref() == Some(INTERACTIVE)) {
                let now = (timeline.answerable(&entry.key), timeline.answered(&entry.key));
                let before = flags.insert(entry.key.clone(), now);
                if before.is_some_and(|b| b != now) && !inserted.contains(&entry.key) {
                    prop_assert!(touched.contains(&entry.key), "{} changed unreported after {:?}", entry.key, op);
                }
            }
            let keys: Vec<String> = timeline.entries().map(|e| e.key.clone()).collect();
            prop_assert_eq!(&mirror, &keys, "after {:?}", op);
            // Only the newest entry can be answered; one with a line of the customer's after it
            // is answered.
            let answerable: Vec<usize> = keys
                .iter()
                .enumerate()
                .filter(|(_, k)| timeline.answerable(k))
                .map(|(i, _)| i)
                .collect();
            prop_assert!(answerable.is_empty() || answerable == [keys.len() - 1], "{:?}", answerable);
            let entries: Vec<_> = timeline.entries().collect();
            let last_mine = entries.iter().rposition(|e| e.mine);
            for (i, entry) in entries.iter().enumerate() {
                let after = last_mine.is_some_and(|m| m > i);
                prop_assert_eq!(timeline.answered(&entry.key), after, "{}", entry.key);
            }
            for entry in timeline.entries() {
                prop_assert_eq!(timeline.get(&entry.key), Some(entry));
            }
            let confirmed: Vec<_> = timeline
                .entries()
                .filter(|e| e.time.is_some())
                .map(|e| (e.time, e.id.clone()))
                .collect();
            prop_assert!(confirmed.windows(2).all(|p| p[0] <= p[1]), "{:?}", confirmed);
        }
    }
}

#[test]
fn an_update_in_place_is_one_diff_and_a_move_is_a_removal_and_an_insert() {
    let mut timeline = Timeline::default();
    timeline.insert(item(1, 1, false, None), "me");
    timeline.insert(item(3, 3, false, None), "me");
    timeline.add_pending("t1", "text/plain", "hi");
    assert_eq!(
        timeline.take_diffs(),
        [
            Diff::Insert {
                index: 0,
                key: "i1".into()
            },
            Diff::Insert {
                index: 1,
                key: "i3".into()
            },
            Diff::Insert {
                index: 2,
                key: "t1".into()
            },
        ]
    );
    // In the middle.
    timeline.insert(item(2, 2, false, None), "me");
    assert_eq!(
        timeline.take_diffs(),
        [Diff::Insert {
            index: 1,
            key: "i2".into()
        }]
    );
    assert!(timeline.set_delivery("t1", Delivery::Sending));
    assert_eq!(timeline.take_diffs(), [Diff::Update { index: 3 }]);
    // Confirmed before the others: it moves from the end to the front.
    timeline.confirm("t1", "m1", Some(&format_iso8601(0)));
    assert_eq!(
        timeline.take_diffs(),
        [
            Diff::Remove { index: 3 },
            Diff::Insert {
                index: 0,
                key: "t1".into()
            },
        ]
    );
    assert_eq!(timeline.get("t1").unwrap().id.as_deref(), Some("m1"));
    assert_eq!(timeline.get("i2").unwrap().time, Some(2_000));
}

/// One item of the streamed reply in the fixture: a SYSTEM bot MESSAGE under one Id.
fn chunk(id: &str, time: &str, content: &str, completed: bool, number: Option<u32>) -> Item {
    Item {
        id: Some(id.into()),
        absolute_time: Some(time.into()),
        kind: Some(ChatItemType::Message),
        participant_role: Some(ParticipantRole::System),
        participant_id: Some("bot".into()),
        display_name: Some("BOT".into()),
        content_type: Some("text/plain".into()),
        content: Some(content.into()),
        message_metadata: Some(MessageMetadata {
            message_completed: Some(completed),
            chunk_number: number,
            ..MessageMetadata::default()
        }),
        ..Item::default()
    }
}

#[test]
fn a_streamed_reply_is_stitched_as_the_official_client_does() {
    const ID: &str = "b7e1c0de-0000-4000-8000-000000000001";
    let t1 = "2025-03-04T10:15:00.100Z";
    let t3 = "2025-03-04T10:15:00.300Z";
    let t9 = "2025-03-04T10:15:00.900Z";
    let mut timeline = Timeline::default();
    let earlier = item(1, 0, false, None);
    timeline.insert(earlier, "me");
    timeline.take_diffs();
    let shown = |t: &Timeline| {
        let e = t.get(ID).unwrap();
        (
            e.item.content.clone().unwrap(),
            e.item.absolute_time.clone().unwrap(),
            e.streaming(),
        )
    };
    // Chunk 1 starts the reply.
    let change = timeline.insert(chunk(ID, t1, "Your order ", false, Some(1)), "me");
    assert_eq!(change, Change::Added(ID.into()));
    assert_eq!(shown(&timeline), ("Your order ".into(), t1.into(), true));
    assert_eq!(
        timeline.take_diffs(),
        [Diff::Insert {
            index: 1,
            key: ID.into()
        }]
    );
    // A gap: 3 does not follow 1.
    let gap = chunk(ID, "2025-03-04T10:15:00.400Z", " today.", false, Some(3));
    assert_eq!(timeline.insert(gap, "me"), Change::None);
    // Chunk 2: appended in place, the first chunk's time kept.
    let second = chunk(ID, t3, "has shipped", false, Some(2));
    assert_eq!(
        timeline.insert(second.clone(), "me"),
        Change::Changed(ID.into())
    );
    assert_eq!(
        shown(&timeline),
        ("Your order has shipped".into(), t1.into(), true)
    );
    let metadata = timeline.get(ID).unwrap().item.message_metadata.clone();
    assert_eq!(
        metadata.unwrap().chunk_number,
        Some(2),
        "the latest chunk's fields"
    );
    // A duplicate chunk.
    assert_eq!(timeline.insert(second, "me"), Change::None);
    assert_eq!(timeline.take_diffs(), [Diff::Update { index: 1 }]);
    // The completed item replaces the partials: its own text and time.
    let done = chunk(ID, t9, "Your order has shipped today.", true, None);
    assert_eq!(
        timeline.insert(done.clone(), "me"),
        Change::Changed(ID.into())
    );
    assert_eq!(
        shown(&timeline),
        ("Your order has shipped today.".into(), t9.into(), false)
    );
    assert_eq!(timeline.get(ID).unwrap().time, parse_iso8601(t9));
    assert_eq!(timeline.take_diffs(), [Diff::Update { index: 1 }]);
    // A duplicate completion, and a late partial.
    assert_eq!(timeline.insert(done, "me"), Change::None);
    let late = chunk(ID, t3, "has shipped", false, Some(2));
    assert_eq!(timeline.insert(late, "me"), Change::None);
    assert!(timeline.take_diffs().is_empty());
    assert_eq!(timeline.len(), 2);

    // A new Id whose first item is chunk 2: ignored. One that comes completed: as is.
    let mut timeline = Timeline::default();
    let orphan = chunk("r2", t1, "has shipped", false, Some(2));
    assert_eq!(timeline.insert(orphan, "me"), Change::None);
    assert!(timeline.is_empty());
    let whole = chunk("r3", t1, "All done.", true, None);
    assert_eq!(timeline.insert(whole, "me"), Change::Added("r3".into()));
    let entry = timeline.get("r3").unwrap();
    assert_eq!(entry.item.content.as_deref(), Some("All done."));
    assert!(!entry.streaming());
}

#[test]
fn a_transcript_item_under_a_streamed_replys_id_completes_it_and_other_roles_are_not_stitched() {
    const ID: &str = "r1";
    let mut timeline = Timeline::default();
    timeline.insert(
        chunk(ID, "2025-03-04T10:15:00.100Z", "Hel", false, Some(1)),
        "me",
    );
    timeline.insert(
        chunk(ID, "2025-03-04T10:15:00.200Z", "lo", false, Some(2)),
        "me",
    );
    // After a reload or a gap fill: the stored item has the whole text and no streaming
    // members.
    let mut stored = chunk(ID, "2025-03-04T10:15:01.000Z", "Hello there.", true, None);
    stored.message_metadata = None;
    assert_eq!(timeline.insert(stored, "me"), Change::Changed(ID.into()));
    let entry = timeline.get(ID).unwrap();
    assert_eq!(entry.item.content.as_deref(), Some("Hello there."));
    assert!(!entry.streaming());
    assert_eq!(timeline.len(), 1);

    // An agent's or a custom bot's "chunks" are ordinary messages: the first one stays.
    for role in [ParticipantRole::Agent, ParticipantRole::CustomBot] {
        let mut timeline = Timeline::default();
        for (n, text) in [(1, "one"), (2, "two")] {
            let mut c = chunk("a1", "2025-03-04T10:15:00.100Z", text, false, Some(n));
            c.participant_role = Some(role.clone());
            timeline.insert(c, "me");
        }
        let entry = timeline.get("a1").unwrap();
        assert_eq!(entry.item.content.as_deref(), Some("one"));
        assert!(!entry.streaming());
    }
}

/// A bot's interactive message `id` at `time` s.
fn bot_interactive(id: &str, time: u8, content: String) -> Item {
    let mut item = item(0, time, false, None);
    item.id = Some(id.into());
    item.participant_role = Some(ParticipantRole::System);
    item.content_type = Some(INTERACTIVE.into());
    item.content = Some(content);
    item
}

#[test]
fn only_the_newest_interactive_message_is_answerable_and_a_reference_id_replaces() {
    let mut t = Timeline::default();
    let answerable = |t: &Timeline, key: &str| t.answerable(key);
    // A ListPicker L1 (referenceId r1): the one control.
    t.insert(bot_interactive("L1", 1, list_picker(Some(1))), "me");
    assert!(answerable(&t, "L1"));
    // "Show more": a paging reply, never shown, changes nothing.
    let paging = r#"{"version":"1.0","data":{"actionName":"SHOW_MORE","referenceId":"r1"},"action":"SHOW_MORE"}"#;
    t.add_pending(
        "tok-more",
        "application/vnd.amazonaws.connect.message.interactive.response",
        paging,
    );
    assert!(t.get("tok-more").unwrap().hidden());
    assert!(answerable(&t, "L1") && !t.answered("L1"));
    // L2 with the same referenceId replaces L1.
    t.take_diffs();
    let change = t.insert(bot_interactive("L2", 2, list_picker(Some(1))), "me");
    assert_eq!(
        change,
        Change::Replaced {
            key: "L2".into(),
            replaced: "L1".into()
        }
    );
    assert!(t.get("L1").is_none() && answerable(&t, "L2"));
    // The customer picks "Chiropractor": L2 is answered and no longer a control.
    t.take_touched();
    t.add_pending("tok-pick", "text/plain", "Chiropractor");
    assert!(!answerable(&t, "L2") && t.answered("L2"));
    assert_eq!(t.take_touched(), ["L2"]);
    // Sent: it takes its place before what comes next, still after L2.
    t.confirm("tok-pick", "m-pick", Some(&format_iso8601(2_500)));
    assert!(t.answered("L2"));
    // L3 (r2): the control; L2 stays answered.
    t.insert(bot_interactive("L3", 3, list_picker(Some(2))), "me");
    assert!(answerable(&t, "L3") && t.answered("L2") && !t.answered("L3"));
    // An agent joins: the newest item is the event; L3 is neither a control nor answered.
    let mut joined = item(9, 4, false, None);
    joined.kind = Some(ChatItemType::Event);
    joined.content_type = Some("application/vnd.amazonaws.connect.event.participant.joined".into());
    t.insert(joined, "me");
    assert!(!answerable(&t, "L3") && !t.answered("L3"));
    assert!(t.take_touched().contains(&"L3".to_owned()));

    // Whatever order the pages come in (a reload, an older page, the replaced one again),
    // only the newer one shows.
    let picker = |id: &str, time| bot_interactive(id, time, list_picker(Some(1)));
    for arrivals in [
        vec![("L2", 2), ("L1", 1)],
        vec![("L1", 1), ("L2", 2), ("L1", 1)],
    ] {
        let mut t = Timeline::default();
        for (id, time) in arrivals {
            t.insert(picker(id, time), "me");
        }
        let keys: Vec<_> = t.entries().map(|e| e.key.clone()).collect();
        assert_eq!(keys, ["L2"]);
    }

    // Without referenceIds nothing is replaced; a view is never replaced either.
    let mut t = Timeline::default();
    t.insert(bot_interactive("A", 1, list_picker(None)), "me");
    t.insert(bot_interactive("B", 2, list_picker(None)), "me");
    let view = |token: &str| {
        serde_json::json!({"templateType": "ViewResource", "version": "1.0",
            "data": {"content": {"viewToken": token, "referenceId": "v"}}})
        .to_string()
    };
    t.insert(bot_interactive("V1", 3, view("a")), "me");
    t.insert(bot_interactive("V2", 4, view("b")), "me");
    assert_eq!(t.len(), 4);
}
