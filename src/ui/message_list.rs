//! The conversation: auto-scroll that respects a reader who scrolled up, a "new messages"
//! button, read receipts for what is on screen, and a sliding window of lines. Each line is
//! rendered once, keyed by its stable key; what changes in it updates in place.
//!
//! At most [`WINDOW`] lines are in the DOM. While the reader is at the bottom the window
//! follows the newest line; once they scroll up it stays put, and it moves by [`STEP`] lines
//! when they near either end of it. The line they are reading is kept where it was on screen
//! across every change (browsers' own scroll anchoring is switched off: Safari has none).
//!
//! Whether the reader is at the bottom is decided by the reader's own scrolls: a scroll that
//! moves up and leaves the bottom is theirs (the widget only ever scrolls down to the bottom,
//! and a list that shrinks clamps to it). A `ResizeObserver` on the list and on every rendered
//! line keeps the list at the bottom while it follows, through any growth after a line was
//! drawn (a form filled in, an image loaded, a streamed reply growing).

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    HtmlElement, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit,
    ResizeObserver,
};

use super::message::MessageItem;
use super::state::{Intent, Row};
use super::{use_config, use_dispatch, use_state};

/// The most lines in the DOM at once: several screens of them. Every line drawn costs the
/// first render of a resumed chat and the layout of every frame that moves the window.
pub const WINDOW: usize = 60;
/// How many lines the window moves by when the reader nears one of its ends: drawn in one
/// frame, so few enough to keep that frame short while a fast scroll still keeps up.
pub const STEP: usize = 20;
/// How many of the newest lines are drawn first, before the window fills: a few screens.
pub const FIRST: usize = 20;
/// A `scrollTop` past any list's end: the browser clamps it to the bottom, so scrolling there
/// needs no read of `scrollHeight` (which would force a layout).
const PAST_THE_END: i32 = 1 << 30;
/// The lines to render out of `rows`: the `size` ending with the line keyed `end`, or the
/// newest ones when `end` is `None` or no longer in the list. `hint` is where that line was
/// last time: checked first, so a window sliding through a long chat does not search it.
pub fn window_range(rows: &[Row], end: Option<&str>, size: usize, hint: usize) -> Range<usize> {
    let end = end
        .and_then(|key| {
            if rows.get(hint).is_some_and(|r| r.key() == key) {
                Some(hint)
            } else {
                rows.iter().rposition(|r| r.key() == key)
            }
        })
        .map_or(rows.len(), |i| i + 1);
    end.saturating_sub(size)..end
}

/// The line at the top of the list's viewport: its `data-key` and its distance from that top.
fn reading_anchor(list: &HtmlElement) -> Option<(String, i32)> {
    let children = list.children();
    let top = list.scroll_top();
    // Children are in document order, so their offsets only grow: search for the first one
    // that reaches below the top edge.
    let (mut lo, mut hi) = (0, children.length());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let el: HtmlElement = children.item(mid)?.unchecked_into();
        if el.offset_top() + el.offset_height() <= top {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    // The "show earlier" button has no key; the line under it is the one to keep in place.
    let mut el: HtmlElement = children.item(lo)?.unchecked_into();
    loop {
        if let Some(key) = el.get_attribute("data-key") {
            return Some((key, el.offset_top() - top));
        }
        el = el.next_element_sibling()?.unchecked_into();
    }
}

/// The rendered line keyed `key`. A key is looked up, not an element kept, because a line's
/// element goes when the window slides past it and is made anew when it comes back.
fn line_element(list: &HtmlElement, key: &str) -> Option<HtmlElement> {
    let children = list.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .find(|el| el.get_attribute("data-key").as_deref() == Some(key))
        .map(JsCast::unchecked_into)
}

/// The scrolling list of lines.
#[component]
pub fn MessageList() -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    let list = NodeRef::<leptos::html::Div>::new();
    // The key of the window's last line; `None` follows the newest.
    let end = RwSignal::new(None::<String>);
    // Where the reader was before a reload (or before the window was minimized), until that
    // line is back in the list.
    let restore = StoredValue::new(state.reading.get_untracked());
    let at_bottom = StoredValue::new(restore.with_value(Option::is_none));
    // What was last reported as the reader's place.
    let reported = StoredValue::new(state.reading.get_untracked());
    let at_top = StoredValue::new(false);
    let new_below = RwSignal::new(false);
    // What the reader is looking at, to keep it in place when lines come or go around it.
    let anchor = StoredValue::new(None::<(String, i32)>);
    // Set from a change of the rendered lines until the frame that restores the reader's place:
    // a scroll event in between sees the new lines at the old offset and is ignored.
    let restoring = StoredValue::new(false);
    // The list's scroll position, content height and height at the last scroll event, to tell
    // which way the reader went.
    let last_scroll = StoredValue::new((0, 0, 0));

    // The first lines drawn while following the newest are [`FIRST`] of them: enough to fill
    // the view, and a third of the work before the conversation first shows.
    // The window grows to [`WINDOW`] once that first view has been painted.
    let filled = RwSignal::new(false);
    // Where the window's last line was found last time.
    let end_hint = StoredValue::new(0);
    let range = Memo::new(move |_| {
        let end = end.get();
        let size = if end.is_none() && !filled.get() {
            FIRST
        } else {
            WINDOW
        };
        let range = state
            .lines
            .with(|lines| window_range(lines, end.as_deref(), size, end_hint.get_value()));
        end_hint.set_value(range.end.saturating_sub(1));
        range
    });
    let visible = Memo::new(move |_| {
        let range = range.get();
        state.lines.with(|lines| lines[range].to_vec())
    });
    // Every change in the rendered rows that can move the lines below it (a streamed reply
    // growing, a line joining a run): with the rendered rows themselves, what the reader's
    // place depends on. Each row counts its own such changes, so the sum grows with any.
    let layout = Memo::new(move |_| {
        visible.with(|rows| {
            rows.iter()
                .map(|r| u64::from(r.layout_count()))
                .sum::<u64>()
        })
    });
    let hidden_before = move || range.with(|r| r.start);
    let hidden_after = move || state.lines.with(Vec::len) - range.with(|r| r.end);

    // Moves the window `STEP` lines towards the start or the end of the conversation.
    let shift = move |earlier: bool| {
        let r = range.get_untracked();
        let new_end = if earlier {
            r.end - STEP.min(r.start)
        } else {
            r.end + STEP.min(hidden_after())
        };
        if new_end != r.end {
            end_hint.set_value(new_end - 1);
            end.set(
                state
                    .lines
                    .with_untracked(|l| l.get(new_end - 1).map(|l| l.key().to_owned())),
            );
        }
    };
    let show_earlier = move || {
        if hidden_before() > 0 {
            shift(true);
        } else if state.has_older.get_untracked() {
            dispatch.send(Intent::LoadOlder);
        }
    };

    let scroll_to_bottom = move || {
        // Runs from requestAnimationFrame too, possibly after the list was unmounted (the
        // window closed in the same frame): a disposed NodeRef reads as None, not a panic.
        if let Some(el) = list.try_get_untracked().flatten() {
            el.set_scroll_top(PAST_THE_END);
        }
        let _ = new_below.try_set(false);
        let _ = at_bottom.try_set_value(true);
    };
    let follow_newest = move || {
        end.set(None);
        request_animation_frame(scroll_to_bottom);
    };

    // Puts the line being read back where it was on screen.
    let keep_place = move || {
        let Some(el) = list.try_get_untracked().flatten() else {
            return;
        };
        anchor.try_with_value(|a| {
            if let Some((key, offset)) = a {
                if let Some(line) = line_element(&el, key) {
                    el.set_scroll_top(line.offset_top() - offset);
                }
            }
        });
    };
    let following = move || {
        end.try_get_untracked().flatten().is_none() && at_bottom.try_get_value() != Some(false)
    };

    let count = Memo::new(move |_| state.lines.with(Vec::len));
    // New lines: follow them if the reader is at the bottom, else offer a button.
    let newest = Memo::new(move |_| state.lines.with(|l| l.last().map(|l| l.key().to_owned())));
    Effect::new(move |previous: Option<Option<String>>| {
        let key = newest.get();
        let restoring = restore.with_value(Option::is_some);
        match &previous {
            _ if restoring => {}
            None => follow_newest(),
            Some(_) if key.is_none() => follow_newest(),
            // The first lines, read from the place restored after a reload: nothing is new.
            Some(None) if !at_bottom.get_value() => {}
            Some(before) if *before != key => {
                let mine_last = state
                    .lines
                    .with_untracked(|l| l.last().is_some_and(Row::mine));
                let following = end.get_untracked().is_none() && at_bottom.get_value();
                if following || mine_last {
                    follow_newest();
                } else {
                    new_below.set(true);
                }
            }
            Some(_) => {}
        }
        key
    });
    // The reader's place from before: once its line is loaded, the window takes it in and
    // the line goes back where it was on screen. Gone from the conversation: the newest.
    Effect::new(move |_| {
        let len = count.get();
        let Some((key, offset)) = restore.get_value() else {
            return;
        };
        let found = state
            .lines
            .with_untracked(|l| l.iter().position(|r| r.key() == key));
        match found {
            None if len == 0 => {}
            None => {
                restore.set_value(None);
                follow_newest();
            }
            Some(i) => {
                restore.set_value(None);
                // A step of lines above the reader's, the rest of the window below: where a
                // reader who comes back most likely goes on to.
                let window_end = (i + WINDOW - STEP).min(len);
                end.set((window_end < len).then(|| {
                    state
                        .lines
                        .with_untracked(|l| l[window_end - 1].key().to_owned())
                }));
                anchor.set_value(Some((key, offset)));
                request_animation_frame(keep_place);
            }
        }
    });
    // Once lines are drawn: after the frame that paints them, the rest of the window.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || count.get() == 0 {
            return done.unwrap_or(false);
        }
        request_animation_frame(move || {
            // A task queued from the frame's callbacks runs after that frame is painted.
            set_timeout(
                move || {
                    let _ = filled.try_set(true);
                },
                Duration::ZERO,
            );
        });
        true
    });
    // Older lines arrived while the reader waits at the top: show them.
    Effect::new(move |_| {
        count.track();
        if at_top.get_value() && range.with_untracked(|r| r.start) > 0 {
            shift(true);
        }
    });

    // After any change to what is rendered, put the line being read back where it was.
    Effect::new(move |_| {
        visible.track();
        layout.track();
        restoring.set_value(true);
        request_animation_frame(move || {
            let _ = restoring.try_set_value(false);
            if following() {
                return;
            }
            keep_place();
        });
    });

    let on_scroll = move |_| {
        let Some(el) = list.try_get_untracked().flatten() else {
            return;
        };
        if restoring.get_value() {
            return;
        }
        let (top, height, view) = (el.scroll_top(), el.scroll_height(), el.client_height());
        let bottom = height - top - view < 40;
        let near = view.max(200);
        // Only the reader scrolls up; the widget's own scrolls go down to the bottom, so a
        // scroll event that finds the list grown below it says nothing about the reader.
        // Nor does one whose list changed size: a banner or the upload tray going makes the
        // browser pull the position up, and lines that arrive before the event is dispatched
        // (it waits for the next frame) leave it short of the bottom.
        let (last_top, last_height, last_view) = last_scroll.get_value();
        let went_up = top < last_top && height == last_height && view == last_view;
        last_scroll.set_value((top, height, view));
        if bottom {
            at_bottom.set_value(true);
        } else if went_up {
            at_bottom.set_value(false);
        }
        at_top.set_value(top < near);
        anchor.set_value(reading_anchor(&el));
        let reading = match at_bottom.get_value() {
            true => None,
            false => anchor.get_value(),
        };
        if reported.get_value() != reading {
            reported.set_value(reading.clone());
            dispatch.send(Intent::Reading(reading));
        }
        if bottom && hidden_after() == 0 {
            new_below.set(false);
            if end.get_untracked().is_some() {
                end.set(None);
            }
        } else if !at_bottom.get_value() && end.get_untracked().is_none() {
            // Stop following: new lines must not push out the ones being read.
            end.set(
                state
                    .lines
                    .with_untracked(|l| l.last().map(|l| l.key().to_owned())),
            );
        }
        // Near an end of the window: move it, or fetch older lines at the very start.
        if top < near {
            show_earlier();
        } else if height - top - view < near && hidden_after() > 0 {
            shift(false);
        }
    };

    // Read receipts: a line counts as seen when half of it is on screen and the tab is visible.
    let seen_pending: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
    let observer = make_observer(dispatch, state.page_visible, seen_pending.clone());
    let observer = StoredValue::new_local(observer);
    // Growth while following: back to the bottom.
    let resize = make_resize_observer(move || {
        if following() {
            scroll_to_bottom();
        }
    });
    let resize = StoredValue::new_local(resize);
    Effect::new(move |_| {
        visible.track();
        let Some(el) = list.get() else { return };
        resize.try_with_value(|resize| {
            let Some(resize) = resize else { return };
            // Anew each time, so the lines the window slid past are not kept observed.
            resize.0.disconnect();
            resize.0.observe(&el);
            let children = el.children();
            for i in 0..children.length() {
                if let Some(child) = children.item(i) {
                    resize.0.observe(&child);
                }
            }
        });
        observer.try_update_value(|observer| {
            let Some(observer) = observer else { return };
            // Lines the window slid past: an observer holds what it observes, so each would
            // stay in memory for as long as the chat.
            for line in observer.watched.drain(..) {
                if !line.is_connected() {
                    observer.observer.unobserve(&line);
                }
            }
            if let Ok(nodes) = el.query_selector_all("[data-item-id]") {
                for i in 0..nodes.length() {
                    if let Some(node) = nodes
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    {
                        // Observing a line already observed changes nothing.
                        observer.observer.observe(&node);
                        observer.watched.push(node);
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
        <div
            class="cc-list"
            node_ref=list
            on:scroll=on_scroll
            role="log"
            aria-label=locale.t("messages")
            // Which lines are rendered, 1-based, and how many are loaded (for tools and tests).
            data-first=move || hidden_before() + 1
            data-last=move || range.with(|r| r.end)
            data-loaded=move || count.get()
        >
            <Show when=move || { hidden_before() > 0 || state.has_older.get() }>
                <button
                    type="button"
                    class="cc-link-button cc-older"
                    on:click=move |_| show_earlier()
                >
                    {locale.t("load_older")}
                </button>
            </Show>
            // While a resumed chat's transcript is on its way (a slow or failing network can
            // take seconds), rather than an empty window; shown only if it takes a moment.
            <Show when=move || count.get() == 0>
                <p class="cc-loading" role="status">{locale.t("loading")}</p>
            </Show>
            <For
                each=move || visible.get()
                key=|row| row.key().to_owned()
                children=move |row| view! { <MessageItem row=row /> }
            />
            <Show when=move || new_below.get()>
                <button type="button" class="cc-new" on:click=move |_| follow_newest()>
                    {locale.t("new_messages")} " ↓"
                </button>
            </Show>
        </div>
    }
}

/// The observer and its callback, kept together so the callback lives as long as the observer,
/// and the lines it watches.
struct Observer {
    observer: IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
    watched: Vec<web_sys::Element>,
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

fn make_observer(
    dispatch: super::state::Dispatch,
    page_visible: ReadSignal<bool>,
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
    Some(Observer {
        observer,
        _callback: callback,
        watched: Vec::new(),
    })
}

/// A `ResizeObserver` and its callback, kept together like [`Observer`].
struct Resize(ResizeObserver, #[allow(dead_code)] Closure<dyn FnMut()>);

impl Drop for Resize {
    fn drop(&mut self) {
        self.0.disconnect();
    }
}

fn make_resize_observer(on_resize: impl Fn() + 'static) -> Option<Resize> {
    let callback = Closure::<dyn FnMut()>::new(on_resize);
    let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    Some(Resize(observer, callback))
}
