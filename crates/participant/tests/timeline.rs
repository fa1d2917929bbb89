//! The timeline under random changes: every entry is found by its key, entries stay in
//! order, and the positional diffs it reports replay to its entries.

use connect_participant::model::{ChatItemType, Item, MessageMetadata, ParticipantRole};
use connect_participant::time::{format_iso8601, parse_iso8601};
use connect_participant::timeline::{Change, Delivery, Diff, Timeline};
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
        for op in &ops {
            apply(&mut timeline, op);
            for diff in timeline.take_diffs() {
                match diff {
                    Diff::Insert { index, key } => mirror.insert(index, key),
                    Diff::Update { index } => prop_assert!(index < mirror.len()),
                    Diff::Remove { index } => {
                        mirror.remove(index);
                    }
                }
            }
            let keys: Vec<String> = timeline.entries().map(|e| e.key.clone()).collect();
            prop_assert_eq!(&mirror, &keys, "after {:?}", op);
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
