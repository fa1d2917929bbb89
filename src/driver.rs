//! Runs the session: feeds it inputs, carries out its outputs with the browser shell, and
//! writes what the UI shows into [`ChatState`]. No chat logic lives here.
//!
//! Every callback from the browser (fetch, socket, timer, upload) re-enters through
//! `spawn_local`, so the session is never fed from inside a callback that handling the input
//! might drop, and inputs that arrive while outputs are being carried out are queued and
//! handled in order.
//!
//! Each chat's session lives in its own [`Run`] with the sockets and timer it asked for, and
//! every callback holds that run, not the driver's current one. Request and socket ids start
//! at 1 in every session, so this is what keeps a late answer or socket event of a finished
//! chat out of the next one: it reaches its own session, or nobody once that run is dropped.
//! A finished chat that still owes the service its farewell, the DisconnectParticipant
//! ([`Session::farewell_pending`]), keeps running in the background, unseen, until it is
//! paid.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::{Rc, Weak};

use connect_participant::attachments::AttachmentRules;
use connect_participant::session::{
    AttachmentStatus, AuthenticationOutcome, ConnectionStatus, EndReason, Event, Input, Output,
    RequestId, Session, SessionConfig, Snapshot, SocketId, StartChat, StartChatRequest,
};
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use crate::options::Options;
use crate::shell::listener::EventListener;
use crate::shell::socket::{Socket, SocketEvent};
use crate::shell::storage::Store;
use crate::shell::timer::Timeout;
use crate::shell::upload::{Upload, UploadEvent};
use crate::shell::{fetch, network, now, random};
use crate::ui::state::{
    AuthView, ChatState, Intent, Line, LineKind, Phase, UploadState, UploadView,
};

/// How long "is typing" shows without a new typing event.
const TYPING_SHOWN_MS: i32 = 12_000;

/// The status as the JS `status` event names it.
fn status_name(status: ConnectionStatus) -> &'static str {
    match status {
        ConnectionStatus::Idle => "idle",
        ConnectionStatus::Connecting => "connecting",
        ConnectionStatus::Connected => "connected",
        ConnectionStatus::Reconnecting { .. } => "reconnecting",
        ConnectionStatus::Offline => "offline",
        ConnectionStatus::Ended => "ended",
    }
}

/// A file being uploaded.
struct Job {
    file: web_sys::File,
    /// The PUT under way: dropping it stops it.
    put: Option<Upload>,
}

/// Listeners registered with the JS handle's `on(event, fn)`.
pub type Listeners = Rc<RefCell<Vec<(String, js_sys::Function)>>>;

/// One chat: its session and the browser resources the session asked for. Dropping it
/// closes its sockets and cancels its timer; callbacks holding a `Weak<Run>` then find nobody.
struct Run {
    me: Weak<Run>,
    session: RefCell<Session>,
    queue: RefCell<VecDeque<Input>>,
    busy: Cell<bool>,
    sockets: RefCell<HashMap<SocketId, Socket>>,
    timer: RefCell<Option<Timeout>>,
}

impl Run {
    fn new(options: &Options) -> Rc<Run> {
        Rc::new_cyclic(|me| Run {
            me: me.clone(),
            session: RefCell::new(new_session(options)),
            // A session assumes it is online; one born offline waits for the network instead
            // of failing its first calls.
            queue: RefCell::new(VecDeque::from_iter(
                (!network::is_online()).then_some(Input::Online(false)),
            )),
            busy: Cell::new(false),
            sockets: RefCell::new(HashMap::new()),
            timer: RefCell::new(None),
        })
    }
}

struct Inner {
    me: Weak<Inner>,
    state: ChatState,
    options: Options,
    rules: Option<AttachmentRules>,
    /// The chat the UI shows.
    run: RefCell<Rc<Run>>,
    /// Finished chats that still owe a DisconnectParticipant; dropped once it is sent.
    background: RefCell<Vec<Rc<Run>>>,
    /// Set by [`Driver::shutdown`]: nothing more is fed or scheduled.
    stopped: Cell<bool>,
    typing_timer: RefCell<Option<Timeout>>,
    jobs: RefCell<HashMap<String, Job>>,
    store: Store,
    storage_key: String,
    listeners: Listeners,
    _watchers: RefCell<Vec<EventListener>>,
    /// The page title before a hidden-tab notification replaced it.
    saved_title: RefCell<Option<String>>,
    chime: RefCell<crate::shell::sound::Chime>,
    /// Attachments whose thumbnail URL was asked for.
    url_requested: RefCell<HashSet<String>>,
    /// What [`Inner::store_farewells`] last wrote.
    farewells_stored: RefCell<Option<String>>,
}

/// The running widget's engine. Cheap to clone.
#[derive(Clone)]
pub struct Driver(Rc<Inner>);

fn new_session(options: &Options) -> Session {
    // Options were validated at mount; an endpoint that fails here falls back to the
    // custom URL text so the error shows on the first request instead of panicking.
    let endpoint = options.endpoint().unwrap_or_else(|_| {
        connect_participant::Endpoint::custom(
            options.participant_endpoint.clone().unwrap_or_default(),
        )
    });
    let mut config = SessionConfig::new(endpoint, random::seed());
    config.authentication_redirect_uri = options.authentication_redirect_uri.clone();
    config.authentication_identity_provider = options.authentication_identity_provider.clone();
    Session::new(config)
}

impl Driver {
    /// A driver for `options`, writing into `state`. Resumes a stored chat if there is one.
    pub fn new(options: Options, state: ChatState, listeners: Listeners) -> Driver {
        let storage_key = options
            .storage_key
            .clone()
            .unwrap_or_else(|| "connect-chat:session".into());
        let inner = Rc::new_cyclic(|me| Inner {
            me: me.clone(),
            state,
            rules: options.attachment_rules(),
            run: RefCell::new(Run::new(&options)),
            background: RefCell::new(Vec::new()),
            options,
            stopped: Cell::new(false),
            typing_timer: RefCell::new(None),
            jobs: RefCell::new(HashMap::new()),
            store: Store::open(),
            storage_key,
            listeners,
            _watchers: RefCell::new(Vec::new()),
            saved_title: RefCell::new(None),
            chime: RefCell::new(Default::default()),
            url_requested: RefCell::new(HashSet::new()),
            farewells_stored: RefCell::new(None),
        });
        let driver = Driver(inner);
        driver.watch_browser();
        driver.resume();
        driver.0.resume_farewells();
        driver
    }

    fn watch_browser(&self) {
        let inner = &self.0;
        inner.state.online.set(network::is_online());
        inner.state.page_visible.set(network::is_visible());
        let mut watchers = network::watch_online({
            let me = inner.me.clone();
            move |online| {
                if let Some(inner) = me.upgrade() {
                    inner.state.online.set(online);
                    // A chat in the background waits for the network to say goodbye.
                    let background = inner.background.borrow().clone();
                    for run in background.iter().chain([&inner.current()]) {
                        inner.later(run, Input::Online(online));
                    }
                }
            }
        });
        let me = inner.me.clone();
        watchers.extend(network::watch_visibility(move |visible| {
            if let Some(inner) = me.upgrade() {
                inner.state.page_visible.set(visible);
                if visible {
                    inner.restore_title();
                }
                inner.later(&inner.current(), Input::Visible(visible));
            }
        }));
        *inner._watchers.borrow_mut() = watchers;
    }

    fn resume(&self) {
        let inner = &self.0;
        let Some(text) = inner.store.get(&inner.storage_key) else {
            return;
        };
        match serde_json::from_str::<Snapshot>(&text) {
            Ok(snapshot) => {
                inner.state.phase.set(Phase::Chat);
                inner.feed(&inner.current(), Input::Resume(snapshot));
            }
            // A stored value this version cannot read: start fresh rather than fail.
            Err(_) => inner.store.remove(&inner.storage_key),
        }
    }

    /// Carries out what the customer asked for.
    pub fn dispatch(&self, intent: Intent) {
        self.0.dispatch(intent);
    }

    /// Stops everything: sockets close, timers and uploads are cancelled, listeners removed.
    /// The stored session stays, so a later mount resumes the chat.
    pub fn shutdown(&self) {
        let inner = &self.0;
        inner.stopped.set(true);
        let run = inner.current();
        run.sockets.borrow_mut().clear();
        run.queue.borrow_mut().clear();
        *run.timer.borrow_mut() = None;
        inner.background.borrow_mut().clear();
        inner.jobs.borrow_mut().clear();
        *inner.typing_timer.borrow_mut() = None;
        inner._watchers.borrow_mut().clear();
        inner.restore_title();
    }

    /// The state the UI reads.
    pub fn state(&self) -> ChatState {
        self.0.state
    }
}

impl Inner {
    /// The chat the UI shows.
    fn current(&self) -> Rc<Run> {
        self.run.borrow().clone()
    }

    fn is_current(&self, run: &Rc<Run>) -> bool {
        Rc::ptr_eq(&self.run.borrow(), run)
    }

    /// Feeds `input` to `run` from a fresh task (for callbacks from the browser).
    fn later(&self, run: &Rc<Run>, input: Input) {
        self.later_weak(run.me.clone(), input);
    }

    fn later_weak(&self, run: Weak<Run>, input: Input) {
        let me = self.me.clone();
        spawn_local(async move {
            if let (Some(inner), Some(run)) = (me.upgrade(), run.upgrade()) {
                inner.feed(&run, input);
            }
        });
    }

    /// Feeds `input` to the chat the UI shows.
    fn feed_current(&self, input: Input) {
        self.feed(&self.current(), input);
    }

    /// Feeds `input` to `run` now, or queues it if `run` is handling an input.
    fn feed(&self, run: &Rc<Run>, input: Input) {
        if self.stopped.get() {
            return;
        }
        run.queue.borrow_mut().push_back(input);
        if run.busy.replace(true) {
            return;
        }
        self.handle_queued(run, None);
    }

    fn on_timeout(&self, run: &Rc<Run>) {
        if run.busy.get() || self.stopped.get() {
            return;
        }
        run.busy.set(true);
        self.handle_queued(run, Some(now()));
    }

    /// Handles the timeout (if `timeout` is set) and every queued input of `run`, carries out
    /// what its session asks, then re-arms its timer. `run.busy` must be set.
    fn handle_queued(&self, run: &Rc<Run>, timeout: Option<i64>) {
        let mut dirty = HashSet::new();
        if let Some(at) = timeout {
            run.session.borrow_mut().handle_timeout(at);
            self.drain(run, &mut dirty);
        }
        loop {
            let next = run.queue.borrow_mut().pop_front();
            let Some(input) = next else { break };
            run.session.borrow_mut().handle(input, now());
            self.drain(run, &mut dirty);
        }
        if self.is_current(run) {
            self.apply_lines(run, dirty);
        }
        run.busy.set(false);
        self.schedule(run);
        if !self.is_current(run) && !run.session.borrow().farewell_pending() {
            // Paid (or no longer payable): the finished chat goes, with its timer.
            self.background.borrow_mut().retain(|r| !Rc::ptr_eq(r, run));
        }
        self.store_farewells();
    }

    /// Where the farewells still owed are kept across reloads.
    fn farewell_key(&self) -> String {
        // Named as when it was first stored: farewells a page of an older version owed are
        // still found.
        format!("{}:owed", self.storage_key)
    }

    /// Stores every chat's farewell still owed to the service (or clears it), so that a
    /// reload before the network returns does not forget to say goodbye.
    fn store_farewells(&self) {
        let owed: Vec<Snapshot> = self
            .background
            .borrow()
            .iter()
            .chain([&self.current()])
            .filter_map(|run| run.session.borrow().farewell_snapshot())
            .collect();
        let text = (!owed.is_empty())
            .then(|| serde_json::to_string(&owed).ok())
            .flatten();
        if *self.farewells_stored.borrow() != text {
            match &text {
                Some(text) => self.store.set(&self.farewell_key(), text),
                None => self.store.remove(&self.farewell_key()),
            }
            *self.farewells_stored.borrow_mut() = text;
        }
    }

    /// Picks up the farewells a previous page owed: each runs in the background.
    fn resume_farewells(&self) {
        let Some(text) = self.store.get(&self.farewell_key()) else {
            return;
        };
        *self.farewells_stored.borrow_mut() = Some(text.clone());
        let owed = serde_json::from_str::<Vec<Snapshot>>(&text).unwrap_or_default();
        for snapshot in owed.into_iter().filter(|s| s.farewell_owed) {
            let run = Run::new(&self.options);
            self.background.borrow_mut().push(run.clone());
            self.feed(&run, Input::Resume(snapshot));
        }
        self.store_farewells();
    }

    /// Sets `run`'s one timer to its session's next wake-up.
    fn schedule(&self, run: &Rc<Run>) {
        let next = run.session.borrow().poll_timeout();
        let timer = next.and_then(|at| {
            let delay = (at - now()).clamp(0, i32::MAX as i64) as i32;
            let me = self.me.clone();
            let weak = run.me.clone();
            Timeout::new(delay, move || {
                spawn_local(async move {
                    if let (Some(inner), Some(run)) = (me.upgrade(), weak.upgrade()) {
                        inner.on_timeout(&run);
                    }
                })
            })
            .ok()
        });
        *run.timer.borrow_mut() = timer;
    }

    fn drain(&self, run: &Rc<Run>, dirty: &mut HashSet<String>) {
        loop {
            let output = run.session.borrow_mut().poll_output();
            let Some(output) = output else { break };
            self.carry_out(run, output, dirty);
        }
    }

    fn carry_out(&self, run: &Rc<Run>, output: Output, dirty: &mut HashSet<String>) {
        match output {
            Output::Http { id, request } => {
                let me = self.me.clone();
                let weak = run.me.clone();
                spawn_local(async move {
                    let result = fetch::send(&request).await.map_err(|e| e.to_string());
                    if let (Some(inner), Some(run)) = (me.upgrade(), weak.upgrade()) {
                        inner.feed(&run, Input::HttpResponse { id, result });
                    }
                });
            }
            Output::PutAttachment {
                id,
                client_token,
                url,
                headers,
            } => self.put(run, id, client_token, &url, &headers),
            Output::OpenSocket { socket, url } => {
                let me = self.me.clone();
                let weak = run.me.clone();
                let opened = Socket::open(&url, move |event| {
                    let Some(inner) = me.upgrade() else { return };
                    let input = match event {
                        SocketEvent::Opened => Input::SocketOpened { socket },
                        SocketEvent::Text(text) => Input::SocketText { socket, text },
                        SocketEvent::Closed { code } => Input::SocketClosed { socket, code },
                        SocketEvent::Error(message) => Input::SocketError { socket, message },
                    };
                    inner.later_weak(weak.clone(), input);
                });
                match opened {
                    Ok(s) => {
                        run.sockets.borrow_mut().insert(socket, s);
                    }
                    Err(e) => run.queue.borrow_mut().push_back(Input::SocketError {
                        socket,
                        message: e.to_string(),
                    }),
                }
            }
            Output::CloseSocket { socket } => {
                run.sockets.borrow_mut().remove(&socket);
            }
            Output::SendFrame { socket, text } => {
                let sent = match run.sockets.borrow().get(&socket) {
                    Some(s) => s.send(&text),
                    None => return,
                };
                if let Err(e) = sent {
                    run.queue.borrow_mut().push_back(Input::SocketError {
                        socket,
                        message: e.to_string(),
                    });
                }
            }
            // A chat in the background owns neither the storage nor the screen.
            Output::Persist(_) | Output::ClearPersisted | Output::Event(_)
                if !self.is_current(run) => {}
            Output::Persist(snapshot) => {
                // Snapshot is plain strings and numbers: serializing cannot fail.
                if let Ok(text) = serde_json::to_string(&snapshot) {
                    self.store.set(&self.storage_key, &text);
                }
            }
            Output::ClearPersisted => self.store.remove(&self.storage_key),
            Output::Event(event) => self.show(run, event, dirty),
        }
    }

    fn put(
        &self,
        run: &Rc<Run>,
        id: RequestId,
        token: String,
        url: &str,
        headers: &[(String, String)],
    ) {
        let mut jobs = self.jobs.borrow_mut();
        let Some(job) = jobs.get_mut(&token) else {
            // The file is gone: the upload cannot go on.
            run.queue.borrow_mut().push_back(Input::CancelUpload {
                client_token: token,
            });
            return;
        };
        let me = self.me.clone();
        let weak = run.me.clone();
        let progress_token = token.clone();
        let started = Upload::start(url, headers, &job.file, move |event| {
            let Some(inner) = me.upgrade() else { return };
            match event {
                UploadEvent::Progress { loaded, total } => {
                    let fraction = if total > 0.0 { loaded / total } else { 0.0 };
                    inner.update_upload(&progress_token, |u| u.progress = fraction);
                }
                UploadEvent::Done(result) => inner.later_weak(
                    weak.clone(),
                    Input::HttpResponse {
                        id,
                        result: result.map_err(|e| e.to_string()),
                    },
                ),
            }
        });
        match started {
            Ok(upload) => job.put = Some(upload),
            Err(e) => run.queue.borrow_mut().push_back(Input::HttpResponse {
                id,
                result: Err(e.to_string()),
            }),
        }
    }

    fn update_upload(&self, token: &str, f: impl FnOnce(&mut UploadView)) {
        self.state.uploads.update(|list| {
            if let Some(u) = list.iter_mut().find(|u| u.token == token) {
                f(u);
            }
        });
    }

    /// Writes a session event into the UI state.
    fn show(&self, run: &Rc<Run>, event: Event, dirty: &mut HashSet<String>) {
        let state = self.state;
        match event {
            Event::Status(status) => {
                state.status.set(status);
                self.emit("status", json!({ "status": status_name(status) }));
            }
            Event::ItemAdded { key } => {
                self.on_new_item(run, &key);
                dirty.insert(key);
            }
            Event::ItemChanged { key } | Event::ItemRemoved { key } => {
                dirty.insert(key);
            }
            Event::Typing { display_name, .. } => {
                if !self.options.features.typing {
                    return;
                }
                state.typing.set(Some(display_name.unwrap_or_else(|| {
                    self.options.ui_config().locale.t("agent").to_owned()
                })));
                let typing = state.typing;
                *self.typing_timer.borrow_mut() =
                    Timeout::new(TYPING_SHOWN_MS, move || typing.set(None)).ok();
            }
            // The session asks for the page's URL itself.
            Event::AuthenticationRequested { session_id } => state.auth.set(Some(AuthView {
                session_id,
                url: None,
                outcome: None,
            })),
            Event::AuthenticationUrl { session_id, url } => state.auth.update(|a| {
                if let Some(a) = a.as_mut().filter(|a| a.session_id == session_id) {
                    a.url = Some(url);
                }
            }),
            Event::AuthenticationClosed { outcome, .. } => {
                let key = match outcome {
                    AuthenticationOutcome::Succeeded => "auth_succeeded",
                    AuthenticationOutcome::Failed => "auth_failed",
                    AuthenticationOutcome::TimedOut => "auth_timed_out",
                    AuthenticationOutcome::Cancelled => "auth_cancelled",
                    AuthenticationOutcome::Expired => "auth_expired",
                };
                let outcome = self.options.ui_config().locale.t(key).to_owned();
                state.auth.update(|a| {
                    if let Some(a) = a.as_mut() {
                        a.outcome = Some(outcome);
                    }
                });
            }
            Event::Rehydrated => state.has_older.set(true),
            Event::OlderLoaded { more, .. } => state.has_older.set(more),
            Event::Attachment {
                client_token,
                status,
            } => {
                let (next, done) = match status {
                    AttachmentStatus::Uploaded { .. } => (Some(UploadState::Done), true),
                    AttachmentStatus::Failed { failure, .. } => {
                        let locale = self.options.ui_config().locale;
                        let reason = crate::ui::wording::failure(locale, &failure);
                        (Some(UploadState::Failed(reason)), true)
                    }
                    _ => (None, false),
                };
                if let Some(next) = next {
                    self.update_upload(&client_token, |u| {
                        if u.state != UploadState::Cancelled {
                            u.state = next;
                        }
                    });
                }
                if done {
                    if let Some(job) = self.jobs.borrow_mut().get_mut(&client_token) {
                        job.put = None;
                    }
                }
            }
            Event::AttachmentUrl {
                attachment_id, url, ..
            } => {
                if crate::ui::markdown::safe_href(&url).is_some() {
                    state.attachment_urls.update(|m| {
                        m.insert(attachment_id, url);
                    });
                }
            }
            Event::View { view_token, view } => state.views.update(|v| {
                v.insert(view_token, view);
            }),
            Event::Ended(reason) => {
                state.ended.set(Some(reason.clone()));
                state.phase.set(Phase::Ended);
                state.typing.set(None);
                state.auth.set(None);
                let why = match reason {
                    EndReason::Customer => "customer",
                    EndReason::Agent => "agent",
                    EndReason::Expired => "expired",
                };
                self.emit("ended", json!({ "reason": why }));
            }
            Event::Error(error) => {
                let message = crate::ui::wording::error(self.options.ui_config().locale, &error);
                // After the end, the ended panel says what matters; late failures add noise.
                if state.phase.get_untracked() != Phase::Ended {
                    state.notice.set(Some(message.clone()));
                }
                self.emit("error", json!({ "message": message }));
            }
            Event::ViewUnavailable { failure, .. } => {
                let locale = self.options.ui_config().locale;
                let message = format!(
                    "{} {}",
                    locale.t("act_load_view"),
                    crate::ui::wording::failure(locale, &failure)
                );
                state.notice.set(Some(message));
            }
            Event::AuthenticationUnavailable { session_id, .. } => {
                let outcome = self.options.ui_config().locale.t("auth_unavailable");
                state.auth.update(|a| {
                    if let Some(a) = a.as_mut().filter(|a| a.session_id == session_id) {
                        a.outcome = Some(outcome.to_owned());
                    }
                });
            }
            Event::ParticipantJoined { .. }
            | Event::ParticipantLeft { .. }
            | Event::ParticipantIdle { .. }
            | Event::Receipt { .. }
            | Event::Timeline(_)
            | Event::ErrorFrame { .. }
            | Event::Ping { .. } => {}
        }
    }

    /// Unread count, hidden-tab title and the `message` event for a new line from others.
    fn on_new_item(&self, run: &Run, key: &str) {
        let line = {
            let session = run.session.borrow();
            session.timeline().get(key).map(Line::from_entry)
        };
        let Some(line) = line else { return };
        if line.mine || line.kind == LineKind::Event {
            return;
        }
        self.state.typing.set(None);
        let open = self.state.open.get_untracked();
        let visible = self.state.page_visible.get_untracked();
        if !open || !visible {
            self.state.unread.update(|n| *n += 1);
        }
        if !visible && self.options.features.title_notification {
            self.notify_title();
        }
        if !visible && self.options.features.sound {
            self.chime.borrow_mut().play();
        }
        self.emit(
            "message",
            json!({ "name": line.name, "role": line.role.class(), "content": line.content,
                    "contentType": line.content_type }),
        );
    }

    fn notify_title(&self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let mut saved = self.saved_title.borrow_mut();
        if saved.is_none() {
            *saved = Some(document.title());
        }
        let locale = self.options.ui_config().locale;
        let count = self.state.unread.get_untracked().max(1);
        document.set_title(&format!("({count}) {}", locale.t("new_message_title")));
    }

    fn restore_title(&self) {
        if let Some(title) = self.saved_title.borrow_mut().take() {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(&title);
            }
        }
    }

    /// Rebuilds the lines in timeline order, replacing the changed ones.
    fn apply_lines(&self, run: &Run, dirty: HashSet<String>) {
        if dirty.is_empty() {
            return;
        }
        let session = run.session.borrow();
        self.state.lines.update(|lines| {
            let mut old: HashMap<String, Line> =
                lines.drain(..).map(|l| (l.key.clone(), l)).collect();
            for entry in session.timeline().entries() {
                let line = match old.remove(&entry.key) {
                    Some(line) if !dirty.contains(&entry.key) => line,
                    Some(previous) => Line {
                        rev: previous.rev.wrapping_add(1),
                        ..Line::from_entry(entry)
                    },
                    None => Line::from_entry(entry),
                };
                lines.push(line);
            }
        });
        self.state.has_older.set(session.has_older());
    }

    /// Calls the JS listeners for `event`.
    fn emit(&self, event: &str, payload: serde_json::Value) {
        let listeners: Vec<js_sys::Function> = self
            .listeners
            .borrow()
            .iter()
            .filter(|(name, _)| name == event)
            .map(|(_, f)| f.clone())
            .collect();
        if listeners.is_empty() {
            return;
        }
        let payload = js_sys::JSON::parse(&payload.to_string()).unwrap_or(JsValue::NULL);
        for f in listeners {
            // A throwing listener is the page's bug; it must not stop the chat.
            let _ = f.call1(&JsValue::NULL, &payload);
        }
    }

    fn dispatch(&self, intent: Intent) {
        let state = self.state;
        match intent {
            Intent::Start {
                display_name,
                attributes,
            } => self.start(display_name, attributes),
            Intent::Send {
                content_type,
                content,
            } => self.feed_current(Input::SendMessage {
                content_type,
                content,
                client_token: random::uuid(),
            }),
            Intent::Typing => {
                if self.options.features.typing {
                    self.feed_current(Input::Typing);
                }
            }
            Intent::Seen { item_id } => {
                if self.options.features.read_receipts {
                    self.feed_current(Input::MarkRead { item_id });
                }
            }
            Intent::Retry { client_token } => self.feed_current(Input::Retry { client_token }),
            Intent::Upload(file) => self.upload(file),
            Intent::CancelUpload { token } => {
                let job = self.jobs.borrow_mut().remove(&token);
                self.update_upload(&token, |u| u.state = UploadState::Cancelled);
                // Dropping the job stops a PUT under way.
                if job.is_some() {
                    self.feed_current(Input::CancelUpload {
                        client_token: token,
                    });
                }
            }
            Intent::RetryUpload { token } => {
                let job = self.jobs.borrow_mut().remove(&token);
                state.uploads.update(|l| l.retain(|u| u.token != token));
                if let Some(job) = job {
                    self.upload(job.file);
                }
            }
            Intent::Download { attachment_id } => {
                self.feed_current(Input::GetAttachmentUrl { attachment_id })
            }
            Intent::Preview { attachment_id } => {
                // Thumbnails render again as the list scrolls: ask once per attachment.
                if self
                    .url_requested
                    .borrow_mut()
                    .insert(attachment_id.clone())
                {
                    self.feed_current(Input::GetAttachmentUrl { attachment_id })
                }
            }
            Intent::DescribeView { view_token } => {
                self.feed_current(Input::DescribeView { view_token })
            }
            Intent::LoadOlder => self.feed_current(Input::LoadOlder),
            Intent::End => self.feed_current(Input::End),
            Intent::NewChat => self.new_chat(),
            Intent::Authenticate { .. } => {
                let url = state.auth.get_untracked().and_then(|a| a.url);
                if let (Some(url), Some(window)) = (url, web_sys::window()) {
                    if crate::ui::markdown::safe_href(&url).is_some() {
                        let _ = window.open_with_url_and_target_and_features(
                            &url,
                            "connect-chat-auth",
                            "popup,width=480,height=640",
                        );
                    }
                }
            }
            Intent::CancelAuthentication { session_id } => {
                state.auth.set(None);
                self.feed_current(Input::CancelAuthentication { session_id });
            }
        }
    }

    fn start(&self, display_name: String, attributes: Vec<(String, String)>) {
        let mut all = self.options.attributes.clone();
        all.extend(attributes);
        let request = StartChatRequest {
            display_name,
            attributes: all,
        }
        .to_http_request(&self.options.start_chat_url);
        let me = self.me.clone();
        let weak = self.current().me.clone();
        self.state.phase.set(Phase::Starting);
        spawn_local(async move {
            let result = fetch::expect_success(&request).await.and_then(|text| {
                StartChat::from_json(&text).map_err(crate::error::WidgetError::from)
            });
            let Some(inner) = me.upgrade() else { return };
            // The chat this start was for was replaced meanwhile: its answer is not ours.
            let Some(run) = weak.upgrade().filter(|r| inner.is_current(r)) else {
                return;
            };
            match result {
                Ok(start) => {
                    inner.state.phase.set(Phase::Chat);
                    inner.state.notice.set(None);
                    inner.feed(&run, Input::Start(start));
                }
                Err(e) => {
                    inner.state.phase.set(Phase::PreChat);
                    inner.state.notice.set(Some(e.user_message()));
                    inner.emit("error", json!({ "message": e.to_string() }));
                }
            }
        });
    }

    fn upload(&self, file: web_sys::File) {
        let Some(rules) = &self.rules else { return };
        let name = file.name();
        let size = file.size() as u64;
        let token = random::uuid();
        // The composer checked the file already; this builds the declared ContentType.
        let request = match rules.start_upload(&name, &file.type_(), size, token.clone()) {
            Ok(r) => r,
            Err(refusal) => {
                let locale = self.options.ui_config().locale;
                let message = crate::ui::wording::upload(locale, &refusal);
                self.state.notice.set(Some(message));
                return;
            }
        };
        let thumbnail = file
            .type_()
            .starts_with("image/")
            .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
            .flatten();
        self.state.uploads.update(|l| {
            l.push(UploadView {
                token: token.clone(),
                name: name.clone(),
                size,
                progress: 0.0,
                state: UploadState::Uploading,
                thumbnail,
            })
        });
        self.jobs
            .borrow_mut()
            .insert(token.clone(), Job { file, put: None });
        self.feed_current(Input::StartUpload {
            name,
            content_type: request.content_type,
            size: request.attachment_size_in_bytes,
            client_token: token,
        });
    }

    fn new_chat(&self) {
        self.store.remove(&self.storage_key);
        self.jobs.borrow_mut().clear();
        let old = self.run.replace(Run::new(&self.options));
        old.sockets.borrow_mut().clear();
        old.queue.borrow_mut().clear();
        if old.session.borrow().farewell_pending() {
            self.background.borrow_mut().push(old);
        }
        // Otherwise `old` drops here: its timer stops, and its late answers find no session.
        let state = self.state;
        for upload in state.uploads.get_untracked() {
            if let Some(url) = upload.thumbnail {
                let _ = web_sys::Url::revoke_object_url(&url);
            }
        }
        state.lines.set(Vec::new());
        state.uploads.set(Vec::new());
        state.ended.set(None);
        state.notice.set(None);
        state.auth.set(None);
        state.typing.set(None);
        state.has_older.set(false);
        state.status.set(ConnectionStatus::Idle);
        state.phase.set(Phase::PreChat);
    }
}
