//! The runtime: runs the session with the browser shell. It feeds the session its inputs,
//! carries out its outputs (requests, sockets, uploads, storage), keeps its one timer, and
//! hands what the chat on screen reports to the [`Projection`]. No chat logic lives here.
//!
//! Every callback from the browser (fetch, socket, timer, upload) re-enters through
//! `spawn_local`, so the session is never fed from inside a callback that handling the input
//! might drop, and inputs that arrive while outputs are being carried out are queued and
//! handled in order.
//!
//! Each chat's session lives in its own [`Run`] with the sockets and timer it asked for, and
//! every callback holds that run, not the runtime's current one. Request and socket ids start
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
    AttachmentStatus, Event, Input, Output, RequestId, Session, SessionConfig, Snapshot, SocketId,
    StartChat, StartChatRequest,
};
use leptos::prelude::GetUntracked;
use wasm_bindgen_futures::spawn_local;

use super::projection::{Projection, RestoredView};
use super::start;
use crate::options::Options;
use crate::shell::listener::EventListener;
use crate::shell::socket::{Socket, SocketEvent};
use crate::shell::storage::{Batched, Store};
use crate::shell::timer::{self, Timeout};
use crate::shell::upload::{Upload, UploadEvent};
use crate::shell::{fetch, network, now, page, random};
use crate::ui::state::{Phase, UploadState, UploadView};

/// A file being uploaded.
struct Job {
    file: web_sys::File,
    /// The PUT under way: dropping it stops it.
    put: Option<Upload>,
}

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

    /// Stops it: its sockets close and its queued inputs go.
    fn close(&self) {
        self.sockets.borrow_mut().clear();
        self.queue.borrow_mut().clear();
    }
}

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

/// How long the reading place keeps still before it is stored (see [`Runtime::save_view_soon`]).
const VIEW_SAVE_DELAY_MS: i32 = 300;

/// Runs the chats; see the [module documentation](self).
pub struct Runtime {
    me: Weak<Runtime>,
    projection: Projection,
    options: Options,
    rules: Option<AttachmentRules>,
    /// The chat the UI shows.
    run: RefCell<Rc<Run>>,
    /// Finished chats that still owe a DisconnectParticipant; dropped once it is sent.
    background: RefCell<Vec<Rc<Run>>>,
    /// Set by [`Runtime::shutdown`]: nothing more is fed or scheduled.
    stopped: Cell<bool>,
    jobs: RefCell<HashMap<String, Job>>,
    /// sessionStorage (or memory), written once per task however often things change.
    store: Batched,
    storage_key: String,
    /// A [`Runtime::save_view_soon`] waiting to run.
    view_timer: RefCell<Option<Timeout>>,
    /// What [`Runtime::store_farewells`] last wrote.
    farewells_stored: RefCell<Option<String>>,
    /// Attachments whose thumbnail URL was asked for.
    url_requested: RefCell<HashSet<String>>,
    /// Attachments the customer pressed Download for, waiting for their URL.
    downloads: RefCell<HashSet<String>>,
    _watchers: RefCell<Vec<EventListener>>,
}

impl Runtime {
    /// A runtime for `options`, showing its chat through `projection`. Resumes a stored chat
    /// and the farewells a previous page still owed.
    pub fn new(options: Options, projection: Projection) -> Rc<Runtime> {
        let storage_key = options
            .storage_key
            .clone()
            .unwrap_or_else(|| "connect-chat:session".into());
        let runtime = Rc::new_cyclic(|me| Runtime {
            me: me.clone(),
            projection,
            rules: options.attachment_rules(),
            run: RefCell::new(Run::new(&options)),
            background: RefCell::new(Vec::new()),
            options,
            stopped: Cell::new(false),
            jobs: RefCell::new(HashMap::new()),
            view_timer: RefCell::new(None),
            store: Batched::new(Store::open()),
            storage_key,
            farewells_stored: RefCell::new(None),
            url_requested: RefCell::new(HashSet::new()),
            downloads: RefCell::new(HashSet::new()),
            _watchers: RefCell::new(Vec::new()),
        });
        runtime.watch_browser();
        runtime.resume();
        runtime.resume_farewells();
        runtime
    }

    /// What shows the chat.
    pub fn projection(&self) -> &Projection {
        &self.projection
    }

    /// The widget's options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    fn watch_browser(&self) {
        let me = self.me.clone();
        let mut watchers = network::watch_online(move |online| {
            if let Some(rt) = me.upgrade() {
                rt.projection.online(online);
                // A chat in the background waits for the network to say goodbye.
                let background = rt.background.borrow().clone();
                for run in background.iter().chain([&rt.current()]) {
                    rt.later(run, Input::Online(online));
                }
            }
        });
        let me = self.me.clone();
        watchers.extend(network::watch_visibility(move |visible| {
            if let Some(rt) = me.upgrade() {
                // Hidden is the last moment a reload or a navigation reliably gives: what this
                // page has shown and told is stored for the next one.
                if !visible {
                    rt.save_view();
                }
                rt.save_ahead(!visible);
                rt.projection.visible(visible);
                rt.later(&rt.current(), Input::Visible(visible));
            }
        }));
        *self._watchers.borrow_mut() = watchers;
    }

    fn resume(&self) {
        let Some(text) = self.store.get(&self.storage_key) else {
            return self.restore_form();
        };
        match serde_json::from_str::<Snapshot>(&text) {
            Ok(snapshot) => {
                self.projection.resumed();
                self.restore_view();
                self.feed_current(Input::Resume(snapshot));
                crate::shell::clock::prepare_soon(self.projection.locale().tag());
            }
            // A stored value this version cannot read: start fresh rather than fail.
            Err(_) => self.store.remove(&self.storage_key),
        }
    }

    /// Stops everything: sockets close, timers and uploads are cancelled, listeners removed.
    /// The stored session stays, so a later mount resumes the chat.
    pub fn shutdown(&self) {
        self.stopped.set(true);
        let run = self.current();
        run.close();
        *run.timer.borrow_mut() = None;
        self.background.borrow_mut().clear();
        self.jobs.borrow_mut().clear();
        self._watchers.borrow_mut().clear();
        self.projection.shutdown();
    }

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
            if let (Some(rt), Some(run)) = (me.upgrade(), run.upgrade()) {
                rt.feed(&run, input);
            }
        });
    }

    /// Feeds `input` to the chat the UI shows.
    pub fn feed_current(&self, input: Input) {
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
        if let Some(at) = timeout {
            run.session.borrow_mut().handle_timeout(at);
            self.drain(run);
        }
        loop {
            let next = run.queue.borrow_mut().pop_front();
            let Some(input) = next else { break };
            run.session.borrow_mut().handle(input, now());
            self.drain(run);
        }
        if self.is_current(run) {
            self.projection.batch_done(&run.session.borrow());
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
    /// Where what the customer saw is stored: next to the session, gone with it.
    fn view_key(&self) -> String {
        format!("{}:view", self.storage_key)
    }

    /// Where what the customer typed into the pre-chat form is kept until the chat starts.
    fn form_key(&self) -> String {
        format!("{}:form", self.storage_key)
    }

    /// Stores what the customer sees (the window open or minimized, where they read, the
    /// draft, what they typed into a view's form) while a chat runs, and what they typed into
    /// the pre-chat form before, for a reload to show it again.
    pub fn save_view(&self) {
        self.view_timer.borrow_mut().take();
        let state = self.projection.state();
        match state.phase.get_untracked() {
            Phase::Chat => {}
            Phase::PreChat => return self.save_form(),
            Phase::Starting | Phase::Ended => return,
        }
        let view = serde_json::json!({
            "open": state.open.get_untracked(),
            "draft": state.draft.get_untracked(),
            "reading": state.reading.get_untracked(),
            "unread": state.unread.get_untracked(),
            "told": self.projection.told_until(),
            "forms": self.form_values(),
        });
        self.store.set(&self.view_key(), &view.to_string());
    }

    /// What the customer typed into forms and not sent (the non-empty values).
    fn form_values(&self) -> serde_json::Map<String, serde_json::Value> {
        self.projection
            .state()
            .form_values
            .get_untracked()
            .into_iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(field, value)| (field, value.into()))
            .collect()
    }

    /// Puts back form values [`Runtime::form_values`] gave.
    fn restore_form_values(&self, values: serde_json::Map<String, serde_json::Value>) {
        for (field, value) in values {
            if let serde_json::Value::String(value) = value {
                self.projection.restore_form_value(field, value);
            }
        }
    }

    /// Stores the pre-chat form's values (none: nothing stored).
    fn save_form(&self) {
        let values = self.form_values();
        if values.is_empty() {
            self.store.remove(&self.form_key());
        } else {
            self.store.set(
                &self.form_key(),
                &serde_json::Value::Object(values).to_string(),
            );
        }
    }

    /// Fills the pre-chat form again with what [`Runtime::save_form`] stored.
    fn restore_form(&self) {
        let Some(text) = self.store.get(&self.form_key()) else {
            return;
        };
        let Ok(serde_json::Value::Object(values)) = serde_json::from_str(&text) else {
            return self.store.remove(&self.form_key());
        };
        self.restore_form_values(values);
    }

    /// [`Runtime::save_view`] once the view has kept still for a moment: the reading place
    /// changes with every frame of a scroll, and a storage write each time costs the scroll
    /// its smoothness. A reload in between is covered: the page turning hidden saves at once.
    pub fn save_view_soon(&self) {
        if self.view_timer.borrow().is_some() {
            return;
        }
        let me = self.me.clone();
        // Saving drops the timer, so not from inside its own callback.
        let timer = Timeout::new(VIEW_SAVE_DELAY_MS, move || {
            spawn_local(async move {
                if let Some(rt) = me.upgrade() {
                    rt.save_view();
                }
            })
        });
        match timer {
            Ok(timer) => *self.view_timer.borrow_mut() = Some(timer),
            Err(_) => self.save_view(),
        }
    }

    /// Where the requests for the next page's resume are kept while the page is hidden.
    fn ahead_key(&self) -> String {
        format!("{}:ahead", self.storage_key)
    }

    /// Stores, while the page is `hidden`, the requests a resume of the chat would make first
    /// ([`Session::resume_requests`]): if the page is left, the next one's loader sends them
    /// while the wasm downloads (`www/stage.js`). Shown again, the page keeps its chat, so
    /// they go.
    fn save_ahead(&self, hidden: bool) {
        let requests = match hidden {
            true => self.current().session.borrow().resume_requests(now()),
            false => Vec::new(),
        };
        if requests.is_empty() {
            return self.store.remove(&self.ahead_key());
        }
        let requests: Vec<serde_json::Value> = requests
            .iter()
            .map(|r| {
                let headers: serde_json::Map<String, serde_json::Value> = r
                    .headers
                    .iter()
                    .map(|(name, value)| ((*name).to_owned(), value.as_str().into()))
                    .collect();
                serde_json::json!({
                    "key": r.key(),
                    "method": r.method.as_str(),
                    "url": r.url,
                    "headers": headers,
                    "body": r.body,
                })
            })
            .collect();
        self.store.set(
            &self.ahead_key(),
            &serde_json::Value::from(requests).to_string(),
        );
    }

    /// Shows again what [`Runtime::save_view`] stored.
    fn restore_view(&self) {
        let Some(text) = self.store.get(&self.view_key()) else {
            return;
        };
        let Ok(view) = serde_json::from_str::<serde_json::Value>(&text) else {
            return;
        };
        let reading = view.get("reading").and_then(|r| {
            let key = r.get(0)?.as_str()?.to_owned();
            let offset = i32::try_from(r.get(1)?.as_i64()?).ok()?;
            Some((key, offset))
        });
        self.projection.restore_view(RestoredView {
            open: view.get("open").and_then(serde_json::Value::as_bool),
            draft: view
                .get("draft")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned),
            reading,
            unread: view
                .get("unread")
                .and_then(serde_json::Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0),
            told_until: view.get("told").and_then(serde_json::Value::as_i64),
        });
        if let Some(serde_json::Value::Object(values)) = view.get("forms") {
            self.restore_form_values(values.clone());
        }
    }

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
                    if let (Some(rt), Some(run)) = (me.upgrade(), weak.upgrade()) {
                        rt.on_timeout(&run);
                    }
                })
            })
            .ok()
        });
        *run.timer.borrow_mut() = timer;
    }

    fn drain(&self, run: &Rc<Run>) {
        loop {
            let output = run.session.borrow_mut().poll_output();
            let Some(output) = output else { break };
            self.carry_out(run, output);
        }
    }

    fn carry_out(&self, run: &Rc<Run>, output: Output) {
        match output {
            Output::Http { id, request } => {
                let me = self.me.clone();
                let weak = run.me.clone();
                // Sent now; only the wait for the answer is a task.
                let response = fetch::send(&request);
                spawn_local(async move {
                    let result = response.await.map_err(|e| e.to_string());
                    if let (Some(rt), Some(run)) = (me.upgrade(), weak.upgrade()) {
                        rt.feed(&run, Input::HttpResponse { id, result });
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
                    let Some(rt) = me.upgrade() else { return };
                    let input = match event {
                        SocketEvent::Opened => Input::SocketOpened { socket },
                        SocketEvent::Text(text) => Input::SocketText { socket, text },
                        SocketEvent::Closed { code } => Input::SocketClosed { socket, code },
                        SocketEvent::Error(message) => Input::SocketError { socket, message },
                    };
                    rt.later_weak(weak.clone(), input);
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
            Output::ClearPersisted => {
                self.store.remove(&self.storage_key);
                self.store.remove(&self.view_key());
                self.store.remove(&self.ahead_key());
            }
            Output::Event(event) => {
                if let Event::Attachment {
                    client_token,
                    status: AttachmentStatus::Uploaded { .. } | AttachmentStatus::Failed { .. },
                } = &event
                {
                    // Finished: its PUT is over.
                    if let Some(job) = self.jobs.borrow_mut().get_mut(client_token) {
                        job.put = None;
                    }
                }
                if let Event::AttachmentUrl {
                    attachment_id, url, ..
                } = &event
                {
                    // One press downloads: the file opens as soon as its URL is known.
                    if self.downloads.borrow_mut().remove(attachment_id)
                        && crate::ui::markdown::safe_href(url).is_some()
                    {
                        page::open_download(url);
                    }
                }
                self.projection.show(event, &run.session.borrow());
            }
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
            let Some(rt) = me.upgrade() else { return };
            match event {
                UploadEvent::Progress { loaded, total } => {
                    let fraction = if total > 0.0 { loaded / total } else { 0.0 };
                    rt.projection.upload_progress(&progress_token, fraction);
                }
                UploadEvent::Done(result) => rt.later_weak(
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

    /// Asks the start-chat backend for a chat (again, with backoff, while it is busy or out
    /// of reach: [`super::start`]), then starts the session with its answer.
    pub fn start(&self, display_name: String, attributes: Vec<(String, String)>) {
        // Sent: a failed start keeps the values on screen, and stores them again if the page
        // is left.
        self.store.remove(&self.form_key());
        let mut all = self.options.attributes.clone();
        all.extend(attributes);
        // One token per press, the same on every try of it (see [`super::start`]).
        let request = StartChatRequest {
            display_name,
            attributes: all,
            client_token: Some(random::uuid()),
        }
        .to_http_request(&self.options.start_chat_url);
        let me = self.me.clone();
        let weak = self.current().me.clone();
        // The runtime and the chat this start is for, unless the widget stopped or the chat
        // was replaced meanwhile: then its answer is not ours.
        let wanted = move || {
            let rt = me.upgrade().filter(|rt| !rt.stopped.get())?;
            let run = weak.upgrade().filter(|r| rt.is_current(r))?;
            Some((rt, run))
        };
        crate::shell::clock::prepare_soon(self.projection.locale().tag());
        spawn_local(async move {
            let mut attempt = 1;
            let result = loop {
                let result = fetch::expect_success(&request).await.and_then(|text| {
                    StartChat::from_json(&text).map_err(crate::error::WidgetError::from)
                });
                let Err(error) = &result else { break result };
                let Some(delay) = start::retry_delay(attempt, error, js_sys::Math::random()) else {
                    break result;
                };
                timer::sleep(delay).await;
                if wanted().is_none() {
                    return;
                }
                attempt += 1;
            };
            let Some((rt, run)) = wanted() else { return };
            match result {
                Ok(start) => {
                    rt.projection.started();
                    rt.save_view();
                    rt.feed(&run, Input::Start(start));
                }
                Err(e) => rt.projection.start_failed(&e),
            }
        });
    }

    /// Uploads `file`: a row in the tray, then the session's upload.
    pub fn upload(&self, file: web_sys::File) {
        let Some(rules) = &self.rules else { return };
        let name = file.name();
        let size = file.size() as u64;
        let token = random::uuid();
        // The composer checked the file already; this builds the declared ContentType.
        let request = match rules.start_upload(&name, &file.type_(), size, token.clone()) {
            Ok(r) => r,
            Err(refusal) => {
                let locale = self.options.ui_config().locale;
                self.projection
                    .file_refused(crate::ui::wording::upload(locale, &refusal));
                return;
            }
        };
        let thumbnail = file
            .type_()
            .starts_with("image/")
            .then(|| page::object_url(&file))
            .flatten();
        self.projection.add_upload(UploadView {
            token: token.clone(),
            name: name.clone(),
            size,
            progress: 0.0,
            state: UploadState::Uploading,
            thumbnail,
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

    /// Stops the upload `token`: its PUT, if under way, and the session's part.
    pub fn cancel_upload(&self, token: String) {
        // Dropping the job stops a PUT under way.
        let job = self.jobs.borrow_mut().remove(&token);
        if job.is_some() {
            self.feed_current(Input::CancelUpload {
                client_token: token,
            });
        }
    }

    /// Fetches the download URL of an attachment and opens it once it comes.
    pub fn download(&self, attachment_id: String) {
        self.downloads.borrow_mut().insert(attachment_id.clone());
        self.feed_current(Input::GetAttachmentUrl { attachment_id });
    }

    /// Uploads the file of the upload `token` again, as a new upload.
    pub fn retry_upload(&self, token: &str) {
        let job = self.jobs.borrow_mut().remove(token);
        if let Some(job) = job {
            self.upload(job.file);
        }
    }

    /// Asks for the URL of an attachment's thumbnail, once per attachment: thumbnails render
    /// again as the list scrolls.
    pub fn preview(&self, attachment_id: String) {
        if self
            .url_requested
            .borrow_mut()
            .insert(attachment_id.clone())
        {
            self.feed_current(Input::GetAttachmentUrl { attachment_id })
        }
    }

    /// Forgets the chat on screen for a new one. If it still owes its farewell, it runs on in
    /// the background.
    pub fn new_chat(&self) {
        self.store.remove(&self.storage_key);
        self.store.remove(&self.view_key());
        self.jobs.borrow_mut().clear();
        let old = self.run.replace(Run::new(&self.options));
        old.close();
        if old.session.borrow().farewell_pending() {
            self.background.borrow_mut().push(old);
        }
        // Otherwise `old` drops here: its timer stops, and its late answers find no session.
    }
}
