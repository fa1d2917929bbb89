//! The message list: roles, runs, events, delivery states, windowing, "new messages".

use connect_chat_widget::ui::message_list::{MessageList, WINDOW};
use connect_chat_widget::ui::state::{Intent, LineKind, Role};
use connect_chat_widget::ui::UiConfig;
use connect_participant::session::Delivery;
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
            state.lines.set(vec![
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
    assert_eq!(names, ["Ada", "Me", "Bot", "Sam"]);
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
            failed.delivery = Some(Delivery::Failed {
                reason: "Throttled".into(),
                retryable: true,
            });
            failed.client_token = Some("tok-b".into());
            let mut pending = line("c", Role::Customer, "Me", "text/plain", "three", 3);
            pending.delivery = Some(Delivery::Queued);
            state.lines.set(vec![sent, failed, pending]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    let text = m.text();
    assert!(text.contains("Read"), "{text}");
    assert!(text.contains("Not sent: Throttled"), "{text}");
    assert!(text.contains("Waiting to send"), "{text}");
    m.find(".cc-failed button").expect("a retry button").click();
    let intents = m.intents.borrow();
    assert!(
        matches!(intents.as_slice(), [Intent::Retry { client_token }] if client_token == "tok-b"),
        "{intents:?}"
    );
}

#[wasm_bindgen_test]
async fn long_transcripts_render_a_window() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let lines = (0..2_000)
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
                .collect();
            state.lines.set(lines);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    assert_eq!(m.all(".cc-line").len(), WINDOW);
    assert!(m.text().contains("message 1999"));
    assert!(!m.text().contains("message 0 "));
    m.find(".cc-older").expect("show earlier").click();
    tick().await;
    assert_eq!(m.all(".cc-line").len(), 2 * WINDOW);
}

#[wasm_bindgen_test]
async fn a_reader_who_scrolled_up_is_not_yanked() {
    let document = web_sys::window().unwrap().document().unwrap();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(connect_chat_widget::ui::styles::CSS));
    document.head().unwrap().append_child(&style).unwrap();
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
            state.lines.set(lines);
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
    m.state.lines.update(|l| {
        l.push(line(
            "new",
            Role::Agent,
            "A",
            "text/plain",
            "fresh",
            99_000_000,
        ))
    });
    tick().await;
    assert_eq!(list.scroll_top(), 100, "the reader stays where they were");
    let button = m.find(".cc-new").expect("a new-messages button");
    button.click();
    tick().await;
    assert!(at_bottom(&list));
    assert!(m.find(".cc-new").is_none());
    style.remove();
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
    m.state
        .lines
        .update(|l| l.push(line("x", Role::Agent, "A", "text/plain", "late", 1)));
    leptos::task::tick().await;
    shown.set(false);
    tick().await;
    tick().await;
    assert!(m.find(".cc-list").is_none());
    assert_eq!(m.state.lines.with_untracked(Vec::len), 1);
}
