//! The message list: roles, runs, events, delivery states, windowing, "new messages".

use connect_chat_widget::ui::message_list::{MessageList, FIRST, STEP, WINDOW};
use connect_chat_widget::ui::state::{Intent, LineKind, Role};
use connect_chat_widget::ui::UiConfig;
use connect_participant::session::{Delivery, Failure, SendingFailed};
use leptos::prelude::*;
use wasm_bindgen_test::*;

use super::{line, mount, running, tick};

#[wasm_bindgen_test]
async fn roles_names_runs_and_events() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let mut joined = line(
                "0",
                Role::System,
                "Ada",
                "application/vnd.amazonaws.connect.event.participant.joined",
                "",
                0,
            );
            joined.kind = LineKind::Event;
            state.set_lines(vec![
                joined,
                line("1", Role::Agent, "Ada", "text/plain", "Hello", 1_000),
                line(
                    "2",
                    Role::Agent,
                    "Ada",
                    "text/plain",
                    "How can I help?",
                    2_000,
                ),
                line("3", Role::Customer, "Me", "text/plain", "Hi", 3_000),
                line("4", Role::Bot, "Bot", "text/plain", "Beep", 4_000),
                line(
                    "5",
                    Role::Supervisor,
                    "Sam",
                    "text/plain",
                    "Listening",
                    5_000,
                ),
            ]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    assert!(m
        .find(".cc-event")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Ada joined the chat"));
    assert_eq!(m.all(".cc-agent").len(), 2);
    assert_eq!(m.all(".cc-customer").len(), 1);
    assert_eq!(m.all(".cc-bot").len(), 1);
    assert_eq!(m.all(".cc-supervisor").len(), 1);
    // The second agent message continues the run: no repeated name.
    assert_eq!(m.all(".cc-agent.cc-cont").len(), 1);
    let names: Vec<String> = m
        .all(".cc-name")
        .iter()
        .map(|e| e.text_content().unwrap())
        .collect();
    // The customer's own line says "You", though it carries their display name (as a line
    // read back from the service after a reload does).
    assert_eq!(names, ["Ada", "You", "Bot", "Sam"]);
    // Receipts are tracked for other people's messages only.
    assert_eq!(m.all("[data-item-id]").len(), 4);
}

#[wasm_bindgen_test]
async fn delivery_states_and_retry() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let mut sent = line("a", Role::Customer, "Me", "text/plain", "one", 1);
            sent.delivery = Some(Delivery::Read);
            let mut failed = line("b", Role::Customer, "Me", "text/plain", "two", 2);
            failed.delivery = Some(Delivery::Failed(SendingFailed {
                failure: Failure::Throttled,
                is_recoverable: true,
            }));
            failed.client_token = Some("tok-b".into());
            let mut pending = line("c", Role::Customer, "Me", "text/plain", "three", 3);
            pending.delivery = Some(Delivery::Queued);
            state.set_lines(vec![sent, failed, pending]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    let text = m.text();
    assert!(text.contains("Read"), "{text}");
    assert!(text.contains("Not sent: The service is busy"), "{text}");
    assert!(text.contains("Waiting to send"), "{text}");
    m.find(".cc-failed button").expect("a retry button").click();
    let intents = m.intents.borrow();
    assert!(
        matches!(intents.as_slice(), [Intent::Retry { client_token }] if client_token == "tok-b"),
        "{intents:?}"
    );
}

/// The widget's stylesheet in the test page, for tests where layout matters; removed on drop.
struct Styles(web_sys::Element);

impl Styles {
    fn add() -> Styles {
        let document = web_sys::window().unwrap().document().unwrap();
        let style = document.create_element("style").unwrap();
        style.set_text_content(Some(connect_chat_widget::ui::styles::CSS));
        document.head().unwrap().append_child(&style).unwrap();
        Styles(style)
    }
}

impl Drop for Styles {
    fn drop(&mut self) {
        self.0.remove();
    }
}

/// `n` alternating agent and customer lines, keyed and numbered from 0.
fn numbered(n: i64) -> Vec<connect_chat_widget::ui::state::Line> {
    (0..n)
        .map(|i| {
            line(
                &i.to_string(),
                if i % 2 == 0 {
                    Role::Agent
                } else {
                    Role::Customer
                },
                "X",
                "text/plain",
                &format!("message {i}"),
                i * 1_000_000,
            )
        })
        .collect()
}

/// The list's `data-first`, `data-last` and `data-loaded`.
fn shown(m: &super::Mounted) -> (usize, usize, usize) {
    let list = m.find(".cc-list").unwrap();
    let get = |name: &str| list.get_attribute(name).unwrap().parse().unwrap();
    (get("data-first"), get("data-last"), get("data-loaded"))
}

#[wasm_bindgen_test]
async fn long_transcripts_render_a_sliding_window() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            state.set_lines(numbered(2_000));
        },
        || view! { <MessageList /> },
    );
    // With the mount, before any frame: the newest few, then after that frame the window.
    assert_eq!(m.all(".cc-line").len(), FIRST);
    assert_eq!(shown(&m), (2_000 - FIRST + 1, 2_000, 2_000));
    tick().await;
    assert_eq!(m.all(".cc-line").len(), WINDOW);
    assert_eq!(shown(&m), (2_000 - WINDOW + 1, 2_000, 2_000));
    assert!(m.text().contains("message 1999"));
    assert!(!m.text().contains("message 0 "));
    m.find(".cc-older").expect("show earlier").click();
    tick().await;
    assert_eq!(m.all(".cc-line").len(), WINDOW, "the DOM stays bounded");
    assert_eq!(shown(&m), (2_000 - WINDOW - STEP + 1, 2_000 - STEP, 2_000));
    assert!(m
        .text()
        .contains(&format!("message {}", 2_000 - WINDOW - STEP)));
    assert!(!m.text().contains("message 1999"));
    // A line arriving now is offered, not forced on the reader.
    m.write.edit_lines(|l| {
        l.insert(
            l.len(),
            line("new", Role::Agent, "X", "text/plain", "fresh", 1),
        )
    });
    tick().await;
    assert!(!m.text().contains("fresh"));
    m.find(".cc-new").expect("a new-messages button").click();
    tick().await;
    assert_eq!(shown(&m), (2_001 - WINDOW + 1, 2_001, 2_001));
    assert!(m.text().contains("fresh"));
    assert!(m
        .intents
        .borrow()
        .iter()
        .all(|i| !matches!(i, Intent::LoadOlder)));
}

#[wasm_bindgen_test]
async fn the_window_slides_under_a_scrolling_reader_and_keeps_their_place() {
    let _styles = Styles::add();
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            state.set_lines(numbered(1_000));
            state.set_has_older(true);
        },
        || view! { <div style="height:300px;display:flex;flex-direction:column"><MessageList /></div> },
    );
    tick().await;
    let list = m.find(".cc-list").unwrap();
    let scroll_to = |top: i32| {
        list.set_scroll_top(top);
        list.dispatch_event(&web_sys::Event::new("scroll").unwrap())
            .unwrap();
    };
    // The line at the top of the view, and how far below the list's top edge it is; then
    // where that same line is now.
    let top_line = || {
        let edge = list.get_bounding_client_rect().top();
        m.all(".cc-line")
            .into_iter()
            .find(|l| l.get_bounding_client_rect().bottom() > edge + 1.0)
            .map(|l| {
                (
                    l.get_attribute("data-key").unwrap(),
                    (l.get_bounding_client_rect().top() - edge).round(),
                )
            })
            .unwrap()
    };
    let now = |(key, _): &(String, f64)| {
        let edge = list.get_bounding_client_rect().top();
        let l = m
            .find(&format!("[data-key='{key}']"))
            .expect("the line is still shown");
        (
            key.clone(),
            (l.get_bounding_client_rect().top() - edge).round(),
        )
    };
    // Scroll up, far from the window's start: the window stays.
    scroll_to(list.scroll_height() / 2);
    tick().await;
    assert_eq!(shown(&m).0, 1_000 - WINDOW + 1);
    // Near its start: it moves up by a step, and the line being read does not move.
    scroll_to(50);
    let before = top_line();
    tick().await;
    assert_eq!(shown(&m), (1_000 - WINDOW - STEP + 1, 1_000 - STEP, 1_000));
    assert_eq!(now(&before), before, "the reader's line stays in place");
    assert_eq!(m.all(".cc-line").len(), WINDOW);
    // Near its end: it moves back down.
    scroll_to(list.scroll_height());
    let before = top_line();
    tick().await;
    assert_eq!(shown(&m), (1_000 - WINDOW + 1, 1_000, 1_000));
    assert_eq!(now(&before), before, "the reader's line stays in place");
    // At the very start of what is loaded, older lines are asked for.
    for _ in 0..1_000 / STEP + 10 {
        scroll_to(0);
        tick().await;
        if shown(&m).0 == 1 {
            break;
        }
    }
    assert_eq!(shown(&m).0, 1);
    scroll_to(0);
    tick().await;
    assert!(m
        .intents
        .borrow()
        .iter()
        .any(|i| matches!(i, Intent::LoadOlder)));
    // They arrive while the reader waits at the top: they are shown, and the place is kept.
    let before = top_line();
    m.write.edit_lines(|l| {
        for i in 0..100 {
            let older = line(
                &format!("old{i}"),
                Role::Agent,
                "X",
                "text/plain",
                &format!("older {i}"),
                -1,
            );
            l.insert(i, older);
        }
    });
    tick().await;
    assert_eq!(shown(&m).2, 1_100);
    assert!(shown(&m).0 < 100, "some older lines are shown");
    assert_eq!(now(&before), before, "the reader's line stays in place");
}

#[wasm_bindgen_test]
async fn a_reader_who_scrolled_up_is_not_yanked() {
    let _styles = Styles::add();
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let lines = (0..60)
                .map(|i| {
                    line(
                        &i.to_string(),
                        Role::Agent,
                        "A",
                        "text/plain",
                        &format!("line {i}"),
                        i * 1_000_000,
                    )
                })
                .collect();
            state.set_lines(lines);
        },
        || view! { <div style="height:300px;display:flex;flex-direction:column"><MessageList /></div> },
    );
    tick().await;
    let list = m.find(".cc-list").unwrap();
    assert!(
        list.scroll_height() > list.client_height(),
        "the list scrolls"
    );
    let at_bottom =
        |l: &web_sys::HtmlElement| l.scroll_height() - l.scroll_top() - l.client_height() < 40;
    assert!(at_bottom(&list), "starts at the newest message");
    list.set_scroll_top(100);
    list.dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    tick().await;
    m.write.edit_lines(|l| {
        l.insert(
            l.len(),
            line("new", Role::Agent, "A", "text/plain", "fresh", 99_000_000),
        )
    });
    tick().await;
    assert_eq!(list.scroll_top(), 100, "the reader stays where they were");
    let button = m.find(".cc-new").expect("a new-messages button");
    button.click();
    tick().await;
    assert!(at_bottom(&list));
    assert!(m.find(".cc-new").is_none());
}

#[wasm_bindgen_test]
async fn closing_the_list_in_the_frame_a_message_arrives_is_safe() {
    let shown = RwSignal::new(true);
    let m = mount(
        UiConfig::default(),
        running,
        move || view! { <Show when=move || shown.get()><MessageList /></Show> },
    );
    tick().await;
    // A new line schedules a scroll for the next frame; the list goes away before it.
    m.write.edit_lines(|l| {
        l.insert(
            l.len(),
            line("x", Role::Agent, "A", "text/plain", "late", 1),
        )
    });
    leptos::task::tick().await;
    shown.set(false);
    tick().await;
    tick().await;
    assert!(m.find(".cc-list").is_none());
    assert_eq!(m.state.lines.with_untracked(Vec::len), 1);
}

#[wasm_bindgen_test]
async fn a_changed_line_updates_in_place() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let mut mine = line("a", Role::Customer, "Me", "text/plain", "hi", 3_000);
            mine.delivery = Some(Delivery::Sending);
            let mut streaming = line("2", Role::Agent, "Ada", "text/plain", "Stream", 2_000);
            streaming.streaming = true;
            state.set_lines(vec![
                line("1", Role::Agent, "Ada", "text/plain", "Hello", 1_000),
                streaming,
                mine,
            ]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    let element = |key: &str| m.find(&format!("[data-key='{key}']")).unwrap();
    let (reply, sent) = (element("2"), element("a"));
    assert!(reply.class_list().contains("cc-cont"));
    // A streamed reply grows, the customer's message is delivered, and a quiet line comes
    // between the agent's two messages, so the second one starts a run of its own.
    m.write.edit_lines(|lines| {
        let mut grown = line(
            "2",
            Role::Agent,
            "Ada",
            "text/plain",
            "Streamed reply",
            2_000,
        );
        grown.id = Some("2".into());
        lines.update(1, grown);
        let mut delivered = line("a", Role::Customer, "Me", "text/plain", "hi", 3_000);
        delivered.delivery = Some(Delivery::Delivered);
        lines.update(2, delivered);
        let mut joined = line(
            "j",
            Role::System,
            "Sam",
            "application/vnd.amazonaws.connect.event.participant.joined",
            "",
            1_500,
        );
        joined.kind = LineKind::Event;
        lines.insert(1, joined);
    });
    tick().await;
    assert!(
        element("2").is_same_node(Some(&reply)),
        "the reply's element stays"
    );
    assert!(
        element("a").is_same_node(Some(&sent)),
        "the message's element stays"
    );
    assert!(reply.text_content().unwrap().contains("Streamed reply"));
    assert!(sent.text_content().unwrap().contains("Delivered"));
    assert!(!reply.class_list().contains("cc-cont"), "a run of its own");
    assert_eq!(
        reply
            .query_selector(".cc-name")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Ada")
    );
    assert!(m.text().contains("Sam joined the chat"));
}

/// A resumed chat whose transcript is still on its way says so, in the customer's language,
/// instead of showing an empty window; the first line replaces the words.
#[wasm_bindgen_test]
async fn an_empty_conversation_says_it_is_loading_until_its_first_line() {
    let m = super::list_of(connect_chat_widget::ui::i18n::Locale::De, Vec::new()).await;
    let loading = m.find(".cc-loading").expect("the loading words");
    assert_eq!(
        loading.text_content().as_deref(),
        Some("Unterhaltung wird geladen …")
    );
    assert_eq!(loading.get_attribute("role").as_deref(), Some("status"));
    m.write
        .edit_lines(|l| l.insert(0, line("1", Role::Agent, "Ada", "text/plain", "Hallo", 1)));
    tick().await;
    assert!(m.find(".cc-loading").is_none());
    assert!(m.text().contains("Hallo"));
}
