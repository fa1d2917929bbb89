//! The timeline under random changes: every entry is found by its key, entries stay in
//! order, and the positional diffs it reports replay to its entries.

use connect_participant::model::{ChatItemType, Item, MessageMetadata};
use connect_participant::time::format_iso8601;
use connect_participant::timeline::{Delivery, Diff, Timeline};
use proptest::prelude::*;

/// One change to a timeline; small pools of Ids and times make duplicates, streams and
/// inserts in the middle common.
#[derive(Debug, Clone)]
enum Op {
    /// A message (from the customer if `mine`), or a chunk of stream `stream`.
    Item {
        id: u8,
        time: u8,
        mine: bool,
        stream: Option<u8>,
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
        4 => (0..30u8, 0..20u8, any::<bool>(), prop::option::weighted(0.3, 0..3u8))
            .prop_map(|(id, time, mine, stream)| Op::Item { id, time, mine, stream }),
        2 => (0..6u8).prop_map(Op::Pending),
        2 => (0..6u8, 0..30u8, prop::option::of(0..20u8))
            .prop_map(|(token, id, time)| Op::Confirm { token, id, time }),
        1 => (0..30u8).prop_map(Op::Read),
    ]
}

fn item(id: u8, time: u8, mine: bool, stream: Option<u8>) -> Item {
    Item {
        id: Some(format!("i{id}")),
        absolute_time: Some(format_iso8601(1_000 * i64::from(time))),
        kind: Some(ChatItemType::Message),
        content_type: Some("text/plain".into()),
        content: Some(format!("text {id}")),
        participant_id: Some(if mine { "me" } else { "agent" }.into()),
        message_metadata: stream.map(|s| MessageMetadata {
            message_id: Some(format!("s{s}")),
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
            stream,
        } => {
            timeline.insert(item(*id, *time, *mine, *stream), "me");
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
