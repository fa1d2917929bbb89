//! A local Amazon Connect Participant Service, S3 and agent, for offline development and
//! tests.
//!
//! [`Emulator::start`] binds the participant port (REST, websocket, start-chat, control API,
//! agent console), an S3 port for attachments, and optionally a port serving a static
//! directory, then runs until [`Emulator::shutdown`]. The `connect-emulator` binary wraps it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), connect_emulator::EmulatorError> {
//! use connect_emulator::{Config, Emulator};
//! let emulator = Emulator::start(Config::default()).await?;
//! println!("{}", emulator.urls().participant_url);
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```

mod agent;
mod api;
mod control;
mod error;
mod idle;
mod s3;
mod state;
mod static_files;
mod ws;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::response::Response;
use axum::Router;
use connect_participant::validate::ContentLimits;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

pub use error::{ApiError, EmulatorError};
use state::{now_ms, State, UploadStatus};

/// The AWS account id the emulator pretends to be (in attachment metadata).
pub const ACCOUNT_ID: &str = "123456789012";
/// The Amazon Connect instance id the emulator pretends to be.
pub const INSTANCE_ID: &str = "00000000-0000-4000-8000-000000000000";

/// Whether a scripted agent answers chats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentMode {
    /// Joins every new chat, types, answers, and obeys commands (see the README).
    #[default]
    Scripted,
    /// Nobody answers unless the control API or the agent console does.
    None,
}

/// Delays and lifetimes; tests shorten them.
#[derive(Debug, Clone)]
pub struct Timing {
    /// From StartChat until the scripted agent joins.
    pub agent_join: Duration,
    /// From a customer message until the agent starts typing.
    pub agent_typing: Duration,
    /// From typing until the answer.
    pub agent_reply: Duration,
    /// Between chunks of a streamed bot reply.
    pub bot_chunk: Duration,
    /// From CompleteAttachmentUpload until the scanner's verdict.
    pub scan: Duration,
    /// Lifetime of a ConnectionToken (about a day in the service).
    pub connection_token_ttl: Duration,
    /// How long a websocket URL may be opened (100 s in the service).
    pub websocket_url_ttl: Duration,
    /// Lifetime of an upload URL.
    pub upload_url_ttl: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            agent_join: Duration::from_millis(800),
            agent_typing: Duration::from_millis(300),
            agent_reply: Duration::from_millis(700),
            bot_chunk: Duration::from_millis(150),
            scan: Duration::from_millis(500),
            connection_token_ttl: Duration::from_secs(24 * 3600),
            websocket_url_ttl: Duration::from_secs(100),
            upload_url_ttl: Duration::from_secs(300),
        }
    }
}

/// Limits an instance can set.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The largest request body the REST API reads.
    pub body_bytes: usize,
    /// Per-content-type message limits.
    pub content: ContentLimits,
    /// Attachments per contact before ServiceQuotaExceededException.
    pub attachments_per_contact: usize,
    /// The largest attachment, in bytes.
    pub attachment_bytes: i64,
    /// Allowed file extensions, lowercase, without the dot.
    pub allowed_extensions: Vec<String>,
    /// Attachment names containing one of these (case-insensitive) are REJECTED by the scan.
    pub rejected_name_markers: Vec<String>,
}

impl Default for Limits {
    fn default() -> Self {
        let extensions =
            "csv doc docx heic jfif jpeg jpg mov mp4 pdf png ppt pptx rtf txt wav xls xlsx";
        Limits {
            body_bytes: 256 * 1024,
            content: ContentLimits::Model,
            attachments_per_contact: 20,
            attachment_bytes: 20 * 1024 * 1024,
            allowed_extensions: extensions.split(' ').map(str::to_owned).collect(),
            rejected_name_markers: vec!["eicar".into(), "virus".into()],
        }
    }
}

/// The service's auto-disconnect of an idle customer (off unless set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleDisconnect {
    /// How long a customer may write nothing.
    pub after: Duration,
    /// Whether the disconnect flow then ends the chat (`chat.ended`) or keeps it open.
    pub end_chat: bool,
}

/// How to run the emulator.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to bind (loopback by default).
    pub host: String,
    /// The participant port; 0 picks a free one.
    pub port: u16,
    pub agent: AgentMode,
    /// A directory to serve on its own port (the demo page and the built widget).
    pub static_dir: Option<PathBuf>,
    /// Where to keep contacts and transcripts across restarts.
    pub data_dir: Option<PathBuf>,
    pub timing: Timing,
    pub limits: Limits,
    /// Auto-disconnect idle customers.
    pub idle_disconnect: Option<IdleDisconnect>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 0,
            agent: AgentMode::Scripted,
            static_dir: None,
            data_dir: None,
            timing: Timing::default(),
            limits: Limits::default(),
            idle_disconnect: None,
        }
    }
}

/// Where the emulator listens: the JSON line the binary prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Urls {
    pub participant_url: String,
    pub websocket_base: String,
    pub s3_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    pub control_url: String,
}

/// What every handler shares.
pub(crate) struct Shared {
    state: Mutex<State>,
    pub config: Config,
    pub urls: Urls,
    pub signer: s3::Signer,
    pub shutdown: watch::Receiver<bool>,
}

impl Shared {
    /// The state; a handler that panicked while holding it leaves it usable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub(crate) type App = Arc<Shared>;

/// A running emulator.
pub struct Emulator {
    app: App,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

async fn bind(host: &str, port: u16) -> Result<(TcpListener, SocketAddr), EmulatorError> {
    let addr = format!("{host}:{port}");
    let listener = TcpListener::bind(&addr)
        .await
        .map_err(|source| EmulatorError::Bind {
            addr: addr.clone(),
            source,
        })?;
    let local = listener
        .local_addr()
        .map_err(|source| EmulatorError::Bind { addr, source })?;
    Ok((listener, local))
}

fn state_file(dir: &std::path::Path) -> PathBuf {
    dir.join("state.json")
}

fn load_state(config: &Config) -> Result<State, EmulatorError> {
    let Some(dir) = &config.data_dir else {
        return Ok(State::default());
    };
    std::fs::create_dir_all(dir).map_err(|source| EmulatorError::Data {
        path: dir.display().to_string(),
        source,
    })?;
    let file = state_file(dir);
    let mut state = match std::fs::read_to_string(&file) {
        Ok(text) => serde_json::from_str(&text).map_err(|source| EmulatorError::State {
            path: file.display().to_string(),
            source,
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => State::default(),
        Err(source) => {
            return Err(EmulatorError::Data {
                path: file.display().to_string(),
                source,
            })
        }
    };
    load_objects(&dir.join("objects"), &mut state);
    Ok(state)
}

/// Reads uploaded objects back: `objects/<hex key>` holds the bytes, `<hex key>.type` the
/// content type. Unreadable entries are skipped: an attachment then answers 404, as a lost
/// object would.
fn load_objects(dir: &std::path::Path, state: &mut State) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains('.') {
            continue;
        }
        let Some(key) = hex::decode(&name)
            .ok()
            .and_then(|k| String::from_utf8(k).ok())
        else {
            continue;
        };
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let content_type = std::fs::read_to_string(dir.join(format!("{name}.type")))
            .unwrap_or_else(|_| "application/octet-stream".into());
        state.objects.insert(key, (bytes, content_type));
    }
}

/// Keeps an uploaded object in memory and, with `--data`, on disk (written before this
/// returns, so a PUT's 200 means the file is kept).
pub(crate) async fn store_object(app: &App, key: String, bytes: Vec<u8>, content_type: String) {
    if let Some(dir) = &app.config.data_dir {
        let dir = dir.join("objects");
        let name = hex::encode(&key);
        let (data, kind) = (bytes.clone(), content_type.clone());
        let _ = tokio::task::spawn_blocking(move || {
            let written = std::fs::create_dir_all(&dir)
                .and_then(|_| std::fs::write(dir.join(format!("{name}.type")), kind))
                .and_then(|_| std::fs::write(dir.join(&name), data));
            if let Err(e) = written {
                eprintln!(
                    "connect-emulator: could not keep an upload in {}: {e}",
                    dir.display()
                );
            }
        })
        .await;
    }
    app.lock().objects.insert(key, (bytes, content_type));
}

/// Writes the state to `DIR/state.json` (through a temporary file, so a crash mid-write
/// never leaves half a file).
fn save_state(app: &App) -> Result<(), EmulatorError> {
    let Some(dir) = &app.config.data_dir else {
        return Ok(());
    };
    let text = {
        let state = app.lock();
        // The state holds only strings, numbers and maps with string keys.
        serde_json::to_string(&*state).expect("state serializes")
    };
    let file = state_file(dir);
    let tmp = dir.join("state.json.tmp");
    let err = |source| EmulatorError::Data {
        path: file.display().to_string(),
        source,
    };
    std::fs::write(&tmp, text).map_err(err)?;
    std::fs::rename(&tmp, &file).map_err(err)
}

fn cors(expose: &[&'static str]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::HEAD,
            Method::OPTIONS,
        ])
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers(
            expose
                .iter()
                .map(|h| HeaderName::from_static(h))
                .collect::<Vec<_>>(),
        )
        .max_age(Duration::from_secs(600))
}

async fn with_request_id(mut response: Response) -> Response {
    if let Ok(v) = HeaderValue::from_str(&state::new_id()) {
        response.headers_mut().insert("x-amzn-requestid", v);
    }
    response
}

fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = shutdown.wait_for(|stop| *stop).await;
            })
            .await;
    })
}

impl Emulator {
    /// Binds the ports, loads saved state (with `data_dir`) and starts serving.
    pub async fn start(config: Config) -> Result<Emulator, EmulatorError> {
        let (participant, participant_addr) = bind(&config.host, config.port).await?;
        let (s3_listener, s3_addr) = bind(&config.host, 0).await?;
        let page = match &config.static_dir {
            Some(_) => Some(bind(&config.host, 0).await?),
            None => None,
        };
        let participant_url = format!("http://{participant_addr}");
        let urls = Urls {
            websocket_base: format!("ws://{participant_addr}"),
            s3_url: format!("http://{s3_addr}"),
            page_url: page.as_ref().map(|(_, a)| format!("http://{a}")),
            control_url: format!("{participant_url}/_emulator"),
            participant_url,
        };
        let mut state = load_state(&config)?;
        let (agent_tx, agent_rx) = tokio::sync::mpsc::unbounded_channel();
        if config.agent == AgentMode::Scripted {
            state.agent_tx = Some(agent_tx);
        }
        let (shutdown_tx, shutdown_rx) = watch::channel(false);
        let app: App = Arc::new(Shared {
            state: Mutex::new(state),
            signer: s3::Signer {
                access_key: "AKIAEMULATOREXAMPLE0".into(),
                secret_key: state::new_token(),
                region: "us-east-1".into(),
                base_url: urls.s3_url.clone(),
            },
            config,
            urls,
            shutdown: shutdown_rx.clone(),
        });

        let participant_router = api::routes()
            .merge(control::routes())
            .method_not_allowed_fallback(|| async {
                ApiError::named(
                    "UnknownOperationException",
                    405,
                    "This path does not take that method",
                )
            })
            .layer(DefaultBodyLimit::max(app.config.limits.body_bytes))
            .layer(cors(&["x-amzn-errortype", "x-amzn-requestid"]))
            .layer(axum::middleware::map_response(with_request_id))
            .with_state(app.clone());
        let s3_body = usize::try_from(app.config.limits.attachment_bytes).unwrap_or(usize::MAX);
        let s3_router = s3::routes()
            .layer(DefaultBodyLimit::max(s3_body.saturating_add(64 * 1024)))
            .layer(cors(&["etag", "x-amz-request-id", "content-disposition"]))
            .with_state(app.clone());

        let mut tasks = vec![
            serve(participant, participant_router, shutdown_rx.clone()),
            serve(s3_listener, s3_router, shutdown_rx.clone()),
        ];
        if let (Some((listener, _)), Some(dir)) = (page, &app.config.static_dir) {
            let router = Router::new()
                .route("/agent", axum::routing::get(agent::console::console_page))
                .route("/emulator.json", axum::routing::get(urls_json))
                .fallback_service(static_files::service(dir))
                .layer(axum::middleware::map_response(with_request_id))
                .with_state(app.clone());
            tasks.push(serve(listener, router, shutdown_rx.clone()));
        }
        if app.config.agent == AgentMode::Scripted {
            tasks.push(tokio::spawn(agent::run(app.clone(), agent_rx)));
        }
        if app.config.data_dir.is_some() {
            tasks.push(tokio::spawn(persist(app.clone())));
        }
        if let Some(idle) = app.config.idle_disconnect {
            tasks.push(tokio::spawn(idle::watch(app.clone(), idle)));
        }
        Ok(Emulator {
            app,
            shutdown: shutdown_tx,
            tasks,
        })
    }

    /// The URLs the emulator listens on.
    pub fn urls(&self) -> &Urls {
        &self.app.urls
    }

    /// The start-up line: the URLs as one JSON object.
    pub fn urls_json(&self) -> String {
        // Urls holds only strings.
        serde_json::to_string(&self.app.urls).expect("urls serialize")
    }

    /// Stops serving, closes the websockets and saves the state.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        for task in std::mem::take(&mut self.tasks) {
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(3), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        if let Err(e) = save_state(&self.app) {
            eprintln!("connect-emulator: {e}");
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// `GET /emulator.json` on the page port: the start-up line, so a demo page can find the
/// participant endpoint without being told.
async fn urls_json(axum::extract::State(app): axum::extract::State<App>) -> axum::Json<Urls> {
    axum::Json(app.urls.clone())
}

/// Saves the state shortly after each change, until shutdown.
async fn persist(app: App) {
    let changed = app.lock().changed.clone();
    let mut shutdown = app.shutdown.clone();
    loop {
        tokio::select! {
            _ = changed.notified() => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        // Coalesce a burst of changes into one write.
        tokio::time::sleep(Duration::from_millis(100)).await;
        let app = app.clone();
        let result = tokio::task::spawn_blocking(move || save_state(&app)).await;
        if let Ok(Err(e)) = result {
            eprintln!("connect-emulator: {e}");
        }
    }
}

/// Runs the simulated malware scan of a completed upload.
pub(crate) fn spawn_scan(app: App, attachment_id: String) {
    tokio::spawn(async move {
        tokio::time::sleep(app.config.timing.scan).await;
        let mut state = app.lock();
        let markers = &app.config.limits.rejected_name_markers;
        let Some(attachment) = state.attachments.get_mut(&attachment_id) else {
            return;
        };
        let name = attachment.name.to_lowercase();
        attachment.status = if markers.iter().any(|m| name.contains(&m.to_lowercase())) {
            UploadStatus::Rejected
        } else {
            UploadStatus::Approved
        };
        let attachment = attachment.clone();
        if let Some(item) = state.attachment_item(&attachment) {
            state.emit(&attachment.contact_id, item, true, now_ms());
        }
    });
}
