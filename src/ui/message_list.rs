//! The conversation: grouped runs, auto-scroll that respects a reader who scrolled up, a
//! "new messages" button, read receipts for what is on screen, and windowed rendering.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use super::message::MessageItem;
use super::state::{Intent, Line, LineKind};
use super::{use_config, use_dispatch, use_state};

/// How many lines render at first; scrolling to the top shows this many more.
pub const WINDOW: usize = 150;
/// Two messages of one sender within this many ms form a run (the name shows once).
const RUN_GAP_MS: i64 = 120_000;

/// Whether `line` continues the run of `previous` (same sender, close in time).
pub fn continues(previous: Option<&Line>, line: &Line) -> bool {
    let Some(prev) = previous else { return false };
    prev.kind != LineKind::Event
        && line.kind != LineKind::Event
        && prev.role == line.role
        && prev.participant_id == line.participant_id
        && match (prev.time, line.time) {
            (Some(a), Some(b)) => (b - a).abs() <= RUN_GAP_MS,
            _ => line.time.is_none(),
        }
}

/// The scrolling list of lines.
#[component]
pub fn MessageList() -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    let list = NodeRef::<leptos::html::Div>::new();
    let window = RwSignal::new(WINDOW);
    let at_bottom = StoredValue::new(true);
    let new_below = RwSignal::new(false);

    let visible = Memo::new(move |_| {
        state.lines.with(|lines| {
            let start = lines.len().saturating_sub(window.get());
            let mut out = Vec::with_capacity(lines.len() - start);
            for i in start..lines.len() {
                let prev = i.checked_sub(1).map(|p| &lines[p]);
                out.push((lines[i].clone(), continues(prev, &lines[i])));
            }
            out
        })
    });
    let hidden_before = move || state.lines.with(|l| l.len().saturating_sub(window.get()));

    let scroll_to_bottom = move || {
        // Runs from requestAnimationFrame too, possibly after the list was unmounted (the
        // window closed in the same frame): a disposed NodeRef reads as None, not a panic.
        if let Some(el) = list.try_get_untracked().flatten() {
            el.set_scroll_top(el.scroll_height());
        }
        new_below.set(false);
        at_bottom.set_value(true);
    };

    // New lines: follow them if the reader is at the bottom, else offer a button.
    let count = Memo::new(move |_| state.lines.with(Vec::len));
    Effect::new(move |previous: Option<usize>| {
        let n = count.get();
        if previous.is_some_and(|p| n > p) || previous.is_none() {
            let mine_last = state
                .lines
                .with_untracked(|l| l.last().is_some_and(|l| l.mine));
            if at_bottom.get_value() || mine_last || previous.is_none() {
                request_animation_frame(scroll_to_bottom);
            } else {
                new_below.set(true);
            }
        }
        n
    });

    let on_scroll = move |_| {
        let Some(el) = list.try_get_untracked().flatten() else {
            return;
        };
        let bottom = el.scroll_height() - el.scroll_top() - el.client_height() < 40;
        at_bottom.set_value(bottom);
        if bottom {
            new_below.set(false);
        }
        if el.scroll_top() < 20 {
            if hidden_before() > 0 {
                window.update(|w| *w += WINDOW);
            } else if state.has_older.get_untracked() {
                dispatch.send(Intent::LoadOlder);
            }
        }
    };

    // Read receipts: a line counts as seen when half of it is on screen and the tab is visible.
    let seen_pending: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
    let observer = make_observer(dispatch, state.page_visible, seen_pending.clone());
    let observer = StoredValue::new_local(observer);
    Effect::new(move |_| {
        visible.track();
        let Some(el) = list.get() else { return };
        observer.try_with_value(|observer| {
            let Some(observer) = observer else { return };
            if let Ok(nodes) = el.query_selector_all("[data-item-id]") {
                for i in 0..nodes.length() {
                    if let Some(node) = nodes
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    {
                        observer.0.observe(&node);
                    }
                }
            }
        });
    });
    Effect::new(move |_| {
        if state.page_visible.get() {
            if let Some(id) = seen_pending.borrow_mut().take() {
                dispatch.send(Intent::Seen { item_id: id });
            }
        }
    });

    view! {
        <div class="cc-list" node_ref=list on:scroll=on_scroll role="log" aria-label=locale.t("messages")>
            <Show when=move || { hidden_before() > 0 || state.has_older.get() }>
                <button
                    type="button"
                    class="cc-link-button cc-older"
                    on:click=move |_| {
                        if hidden_before() > 0 {
                            window.update(|w| *w += WINDOW);
                        } else {
                            dispatch.send(Intent::LoadOlder);
                        }
                    }
                >
                    {locale.t("load_older")}
                </button>
            </Show>
            <For
                each=move || visible.get()
                key=|(line, cont)| (line.render_key(), *cont)
                children=move |(line, cont)| view! { <MessageItem line=line continued=cont /> }
            />
            <Show when=move || new_below.get()>
                <button type="button" class="cc-new" on:click=move |_| scroll_to_bottom()>
                    {locale.t("new_messages")} " ↓"
                </button>
            </Show>
        </div>
    }
}

/// The observer and its callback, kept together so the callback lives as long as the observer.
struct Observer(
    IntersectionObserver,
    #[allow(dead_code)] Closure<dyn FnMut(js_sys::Array)>,
);

impl Drop for Observer {
    fn drop(&mut self) {
        self.0.disconnect();
    }
}

fn make_observer(
    dispatch: super::state::Dispatch,
    page_visible: RwSignal<bool>,
    pending: Rc<RefCell<Option<String>>>,
) -> Option<Observer> {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let mut newest = None;
        for entry in entries.iter() {
            let entry: IntersectionObserverEntry = entry.unchecked_into();
            if entry.is_intersecting() {
                newest = entry.target().get_attribute("data-item-id").or(newest);
            }
        }
        if let Some(id) = newest {
            if page_visible.try_get_untracked().unwrap_or(false) {
                dispatch.send(Intent::Seen { item_id: id });
            } else {
                *pending.borrow_mut() = Some(id);
            }
        }
    });
    let init = IntersectionObserverInit::new();
    init.set_threshold(&wasm_bindgen::JsValue::from_f64(0.5));
    let observer =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    Some(Observer(observer, callback))
}
