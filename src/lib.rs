//! connect-chat: a chat widget for Amazon Connect, in Rust and WebAssembly.
//!
//! ```js
//! import init, { mount } from "./connect_chat_widget.js";
//! await init();
//! const chat = mount({ startChatUrl: "https://backend.example.com/start-chat", region: "us-east-1" });
//! chat.on("message", (m) => console.log(m.name, m.content));
//! chat.open();
//! ```
//!
//! Layout: [`shell`] wraps the browser (fetch, WebSocket, storage, timers), [`driver`] runs the
//! `connect-participant` session with it (its runtime) and writes what the session reports into
//! the state the UI reads (its projection), [`ui`] holds the Leptos components, which live in a
//! shadow root so the page's CSS and the widget's cannot touch each other. `ARCHITECTURE.md`
//! at the repository root draws the whole.

pub mod driver;
pub mod error;
pub mod options;
pub mod shell;
pub mod ui;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use driver::sends::{self, Resolver, SendRefusal};
use driver::{events, Driver, Listener, Listeners};
use error::WidgetError;
use options::Options;
use ui::state::{ChatState, Dispatch, Intent};

/// A mounted widget: what must live until `destroy()`, whatever JavaScript keeps.
struct Mounted {
    state: ChatState,
    driver: Driver,
    listeners: Listeners,
    max_length: usize,
    host: web_sys::Element,
    /// Dropping it unmounts the components and disposes their signals.
    unmount: Box<dyn std::any::Any>,
}

/// What a handle method works with, cloned out of the registry so that no borrow of it is
/// held while the driver runs (a listener may call `destroy` from inside).
struct Live {
    state: ChatState,
    driver: Driver,
    listeners: Listeners,
    /// The longest message in characters.
    max_length: usize,
}

thread_local! {
    /// The mounted widgets, by mount id. The module owns them, not the handles: a handle
    /// collected by JavaScript's garbage collector must not unmount anything.
    static MOUNTED: RefCell<HashMap<u32, Mounted>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// A mounted widget, as JavaScript holds it: a mount id in the module's registry.
#[wasm_bindgen]
pub struct ChatHandle {
    id: u32,
}

impl ChatHandle {
    /// The widget, unless `destroy` removed it.
    fn live(&self) -> Option<Live> {
        MOUNTED.with(|m| {
            m.borrow().get(&self.id).map(|w| Live {
                state: w.state,
                driver: w.driver.clone(),
                listeners: w.listeners.clone(),
                max_length: w.max_length,
            })
        })
    }
}

#[wasm_bindgen]
impl ChatHandle {
    /// Opens the chat window.
    pub fn open(&self) {
        if let Some(w) = self.live() {
            w.driver.dispatch(Intent::Open);
        }
    }

    /// Closes (minimizes) the chat window; the chat goes on.
    pub fn close(&self) {
        if let Some(w) = self.live() {
            w.driver.dispatch(Intent::Close);
        }
    }

    /// Calls `callback(payload)` on `event`: `message`, `status`, `ended` or `error`.
    pub fn on(&self, event: String, callback: js_sys::Function) {
        if let Some(w) = self.live() {
            w.listeners.borrow_mut().push(Listener {
                event,
                call: callback,
                wanted: None,
            });
        }
    }

    /// The connection: `idle`, `connecting`, `connected`, `reconnecting`, `offline` or
    /// `ended` (`idle` once destroyed: nothing runs).
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> String {
        self.live()
            .map(|w| events::status_name(w.state.status.get_untracked()))
            .unwrap_or("idle")
            .to_owned()
    }

    /// Sends a text message as the customer. Resolves to the message's Id once the service
    /// took it; rejects with an `Error` whose `code` is `not_started`, `ended`, `empty`,
    /// `too_long`, `failed` or `destroyed`.
    #[wasm_bindgen(js_name = sendMessage)]
    pub fn send_message(&self, text: String) -> js_sys::Promise {
        let Some(w) = self.live() else {
            return js_sys::Promise::reject(&SendRefusal::Destroyed.to_js());
        };
        if let Err(refusal) = sends::check(w.state.phase.get_untracked(), &text, w.max_length) {
            return js_sys::Promise::reject(&refusal.to_js());
        }
        let mut resolver = None;
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            resolver = Some(Resolver { resolve, reject });
        });
        // The Promise constructor calls its executor before it returns.
        if let Some(resolver) = resolver {
            w.driver.send_for_page(text, resolver);
        }
        promise
    }

    /// Ends the chat (no confirmation: the page asked for it).
    pub fn end(&self) {
        if let Some(w) = self.live() {
            w.driver.dispatch(Intent::End);
        }
    }

    /// Removes the widget from the page and stops everything it runs.
    pub fn destroy(&self) {
        let Some(w) = MOUNTED.with(|m| m.borrow_mut().remove(&self.id)) else {
            return;
        };
        w.listeners.borrow_mut().clear();
        w.driver.shutdown();
        drop(w.unmount);
        w.host.remove();
    }
}

fn to_js(e: WidgetError) -> JsValue {
    JsError::new(&e.to_string()).into()
}

/// Mounts the widget on the page with `options` (see [`Options`]) and returns its handle.
///
/// The widget goes into a new element at the end of `<body>` (or `options.container`), inside
/// an open shadow root holding its styles. It stays until `destroy()`, whether or not the
/// handle is kept.
#[wasm_bindgen]
pub fn mount(options: JsValue) -> Result<ChatHandle, JsValue> {
    mount_with(options, None)
}

/// [`mount`], with `listener(event, payload)` hearing every event from the start: a resumed
/// chat reports its status before `mount` returns, too early for `on`. `listens(event)`, if
/// given, says whether `listener` has anyone to tell: an event's payload is built only then.
#[wasm_bindgen(js_name = mountWithListener)]
pub fn mount_with_listener(
    options: JsValue,
    listener: js_sys::Function,
    listens: Option<js_sys::Function>,
) -> Result<ChatHandle, JsValue> {
    mount_with(options, Some((listener, listens)))
}

fn mount_with(
    options: JsValue,
    listener: Option<(js_sys::Function, Option<js_sys::Function>)>,
) -> Result<ChatHandle, JsValue> {
    // A panic aborts the module; say why in the console instead of a bare "unreachable".
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("connect-chat: internal error: {info}").into());
    }));
    let window = shell::window().map_err(to_js)?;
    let document = window.document().ok_or_else(|| {
        to_js(WidgetError::Browser {
            api: "document",
            message: "no document".into(),
        })
    })?;
    // The container is a DOM node, read as one; the options' reading never looks at it.
    let container = js_sys::Reflect::get(&options, &JsValue::from_str("container"))
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Element>().ok());
    // Answers to the resume's first requests, if the loader sent them ahead (www/stage.js).
    if let Ok(ahead) = js_sys::Reflect::get(&options, &JsValue::from_str("ahead")) {
        shell::fetch::expect_ahead(ahead);
    }
    let options = Options::from_js(&options).map_err(to_js)?;
    for warning in &options.warnings {
        shell::page::warn(&format!("connect-chat: {warning}"));
    }
    let host = document
        .create_element("div")
        .map_err(|e| to_js(WidgetError::from_js("createElement", e)))?;
    host.set_attribute("data-connect-chat", "")
        .map_err(|e| to_js(WidgetError::from_js("setAttribute", e)))?;
    match container {
        Some(parent) => parent.append_child(&host),
        None => document
            .body()
            .ok_or_else(|| {
                to_js(WidgetError::Browser {
                    api: "document.body",
                    message: "no body".into(),
                })
            })?
            .append_child(&host),
    }
    .map_err(|e| to_js(WidgetError::from_js("appendChild", e)))?;
    // One listener per event, each the given one with the event's name bound as first argument.
    let listeners: Listeners = Rc::new(RefCell::new(
        listener
            .iter()
            .flat_map(|(f, listens)| {
                events::NAMES.map(|e| Listener {
                    event: e.to_owned(),
                    call: f
                        .bind1(&JsValue::NULL, &JsValue::from_str(e))
                        .unchecked_into(),
                    wanted: listens.clone(),
                })
            })
            .collect(),
    ));
    let mounted = mount_in(&host, options, listeners).map_err(to_js)?;
    let id = NEXT_ID.with(|n| n.replace(n.get().wrapping_add(1)));
    MOUNTED.with(|m| m.borrow_mut().insert(id, mounted));
    Ok(ChatHandle { id })
}

/// Builds the shadow root in `host`, mounts the components and starts the driver.
fn mount_in(
    host: &web_sys::Element,
    options: Options,
    listeners: Listeners,
) -> Result<Mounted, WidgetError> {
    let shadow = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .map_err(|e| WidgetError::from_js("attachShadow", e))?;
    let document = shell::window()?.document().ok_or(WidgetError::Browser {
        api: "document",
        message: "no document".into(),
    })?;
    let css = format!(
        "{}{}",
        ui::styles::CSS,
        ui::styles::theme_rule(&options.ui_config().theme)
    );
    // A constructed stylesheet passes a strict CSP (no 'unsafe-inline'); an inline <style> is
    // the fallback for browsers without adoptedStyleSheets.
    let adopted = web_sys::CssStyleSheet::new()
        .and_then(|sheet| sheet.replace_sync(&css).map(|_| sheet))
        .ok()
        .filter(|_| {
            js_sys::Reflect::has(&shadow, &JsValue::from_str("adoptedStyleSheets")).unwrap_or(false)
        });
    match adopted {
        Some(sheet) => shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet)),
        None => {
            let style = document
                .create_element("style")
                .map_err(|e| WidgetError::from_js("createElement", e))?;
            style.set_text_content(Some(&css));
            shadow
                .append_child(&style)
                .map_err(|e| WidgetError::from_js("appendChild", e))?;
        }
    }
    let root: web_sys::HtmlElement = document
        .create_element("div")
        .map_err(|e| WidgetError::from_js("createElement", e))?
        .unchecked_into();
    shadow
        .append_child(&root)
        .map_err(|e| WidgetError::from_js("appendChild", e))?;

    let slot: Rc<RefCell<Option<(ChatState, Driver)>>> = Rc::new(RefCell::new(None));
    let config = options.ui_config();
    let max_length = config.max_length;
    let mounted = leptos::mount::mount_to(root, {
        let slot = slot.clone();
        let listeners = listeners.clone();
        move || {
            let driver = Driver::new(options, listeners);
            let state = driver.state();
            let for_ui = driver.clone();
            let dispatch = Dispatch::new(move |intent| for_ui.dispatch(intent));
            ui::provide(state, dispatch, config);
            *slot.borrow_mut() = Some((state, driver));
            view! { <ui::app::Widget /> }
        }
    });
    // mount_to ran the closure above synchronously.
    let (state, driver) = slot.borrow_mut().take().expect("mount ran");
    Ok(Mounted {
        state,
        driver,
        listeners,
        max_length,
        host: host.clone(),
        unmount: Box::new(mounted),
    })
}
