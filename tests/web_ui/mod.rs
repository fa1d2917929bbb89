//! Component tests: each component mounted with a hand-built state, intents recorded (and
//! reflected on screen as the widget's projection does).

mod attachments;
mod composer;
mod hostile;
mod interactive;
mod lines;
mod list;
mod views;
mod widgets;

use std::cell::RefCell;
use std::rc::Rc;

use connect_chat_widget::driver::projection::reflect;
use connect_chat_widget::ui::i18n::Locale;
use connect_chat_widget::ui::message_list::MessageList;
use connect_chat_widget::ui::state::{
    ChatState, Dispatch, Intent, Line, LineKind, Phase, Role, StateWriter,
};
use connect_chat_widget::ui::{provide, UiConfig};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A mounted component: its container, state (and its write half) and the intents it
/// dispatched.
pub struct Mounted {
    pub container: web_sys::HtmlElement,
    pub state: ChatState,
    pub write: StateWriter,
    pub intents: Rc<RefCell<Vec<Intent>>>,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.container.remove();
    }
}

impl Mounted {
    /// The first element matching `selector`.
    pub fn find(&self, selector: &str) -> Option<web_sys::HtmlElement> {
        self.container
            .query_selector(selector)
            .unwrap()
            .map(|e| e.unchecked_into())
    }

    /// Every element matching `selector`.
    pub fn all(&self, selector: &str) -> Vec<web_sys::Element> {
        let list = self.container.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into())
            .collect()
    }

    /// The visible text.
    pub fn text(&self) -> String {
        self.container.text_content().unwrap_or_default()
    }
}

/// Mounts `f` with a fresh state, set up by `setup`, under `config`.
pub fn mount<V: IntoView + 'static>(
    config: UiConfig,
    setup: impl FnOnce(StateWriter) + 'static,
    f: impl FnOnce() -> V + 'static,
) -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let container: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let intents = Rc::new(RefCell::new(Vec::new()));
    let slot = Rc::new(RefCell::new(None));
    let handle = leptos::mount::mount_to(container.clone(), {
        let intents = intents.clone();
        let slot = slot.clone();
        move || {
            let write = StateWriter::new();
            setup(write);
            let dispatch = Dispatch::new(move |i| {
                reflect(&write, &i);
                intents.borrow_mut().push(i);
            });
            provide(write.state(), dispatch, config);
            *slot.borrow_mut() = Some(write);
            f()
        }
    });
    let write = slot.borrow_mut().take().unwrap();
    Mounted {
        container,
        state: write.state(),
        write,
        intents,
        _handle: Box::new(handle),
    }
}

/// A line from someone.
pub fn line(
    key: &str,
    role: Role,
    name: &str,
    content_type: &str,
    content: &str,
    time: i64,
) -> Line {
    Line {
        key: key.into(),
        id: Some(key.into()),
        kind: LineKind::Message,
        role,
        mine: role == Role::Customer,
        name: Some(name.into()),
        participant_id: Some(format!("p-{name}")),
        time: Some(time),
        content_type: content_type.into(),
        content: content.into(),
        attachments: Vec::new(),
        delivery: None,
        client_token: None,
        past: false,
        hidden: false,
        streaming: false,
        answerable: false,
        answered: false,
    }
}

/// The message list in `locale`, showing `lines` in a running chat.
pub async fn list_of(locale: Locale, lines: Vec<Line>) -> Mounted {
    let m = mount(
        UiConfig {
            locale,
            ..UiConfig::default()
        },
        move |state| {
            running(state);
            state.set_lines(lines);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    m
}

/// Sets the chat phase running.
pub fn running(state: StateWriter) {
    state.set_phase(Phase::Chat);
    state.set_open(true);
}

/// Waits for the reactive system and the DOM to settle.
pub async fn tick() {
    crate::web_shell::sleep(30).await;
}
