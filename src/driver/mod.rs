//! The widget's engine: the [`runtime`] runs the `connect-participant` session with the
//! browser shell, the [`projection`] writes what it reports into the state the UI reads, and
//! [`Driver`] routes the customer's intents to both. No chat logic lives here: the session
//! decides.

pub mod events;
pub mod notice;
pub mod projection;
pub mod runtime;
pub mod sends;
pub mod start;

use std::cell::RefCell;
use std::rc::Rc;

use connect_participant::session::Input;

use crate::options::Options;
use crate::shell::{page, random};
use crate::ui::state::{ChatState, Intent};
use projection::Projection;
use runtime::Runtime;
use sends::Resolver;

/// Listeners registered with the JS handle's `on(event, fn)`.
pub type Listeners = Rc<RefCell<Vec<Listener>>>;

/// One listener of one event.
pub struct Listener {
    /// The event's name.
    pub event: String,
    /// Called with the payload.
    pub call: js_sys::Function,
    /// Whether `call` wants the event now, when it relays to listeners of its own: the
    /// payload is built only if it returns true. `None`: always.
    pub wanted: Option<js_sys::Function>,
}

/// The running widget's engine. Cheap to clone.
#[derive(Clone)]
pub struct Driver(Rc<Runtime>);

impl Driver {
    /// A driver for `options`, telling `listeners`. Resumes a stored chat if there is one.
    /// Call inside the reactive owner the UI's state is to live in.
    pub fn new(options: Options, listeners: Listeners) -> Driver {
        let projection = Projection::new(&options, listeners);
        Driver(Runtime::new(options, projection))
    }

    /// Carries out what the customer asked for: first what it changes on screen at once,
    /// then what the chat does about it.
    pub fn dispatch(&self, intent: Intent) {
        let runtime = &self.0;
        runtime.projection().intent(&intent);
        let features = &runtime.options().features;
        match intent {
            Intent::Start {
                display_name,
                attributes,
            } => runtime.start(display_name, attributes),
            Intent::Send {
                content_type,
                content,
            } => {
                runtime.save_view();
                runtime.feed_current(Input::SendMessage {
                    content_type,
                    content,
                    client_token: random::uuid(),
                })
            }
            Intent::Open | Intent::Close | Intent::Draft(_) => runtime.save_view(),
            Intent::Reading(_) => runtime.save_view_soon(),
            Intent::Typing => {
                if features.typing {
                    runtime.feed_current(Input::Typing);
                }
            }
            Intent::Seen { item_id } => {
                if features.read_receipts {
                    runtime.feed_current(Input::MarkRead { item_id });
                }
            }
            Intent::Retry { client_token } => runtime.feed_current(Input::Retry { client_token }),
            Intent::Upload(file) => runtime.upload(file),
            Intent::CancelUpload { token } => runtime.cancel_upload(token),
            Intent::RetryUpload { token } => runtime.retry_upload(&token),
            Intent::Download { attachment_id } => runtime.download(attachment_id),
            Intent::Preview { attachment_id } => runtime.preview(attachment_id),
            Intent::DescribeView { view_token } => {
                runtime.feed_current(Input::DescribeView { view_token })
            }
            Intent::LoadOlder => runtime.feed_current(Input::LoadOlder),
            Intent::DownloadTranscript => runtime.projection().download_transcript(),
            Intent::End => runtime.feed_current(Input::End),
            Intent::NewChat => {
                runtime.new_chat();
                runtime.projection().reset();
            }
            Intent::Authenticate { .. } => {
                let url = runtime.projection().auth_url();
                if let Some(url) = url.filter(|u| crate::ui::markdown::safe_href(u).is_some()) {
                    // The name lets the callback page know it is this popup (www/sign-in.js);
                    // the size is the official interface's (ui constants.js:33-34).
                    page::open_popup(&url, "connect-chat-auth", "popup,width=600,height=600");
                }
            }
            Intent::CancelAuthentication { session_id } => {
                runtime.feed_current(Input::CancelAuthentication { session_id })
            }
            // Only the screen changes.
            Intent::ShowNotice(_)
            | Intent::FileRefused(_)
            | Intent::DismissNotice
            | Intent::FormValue { .. } => {}
        }
    }

    /// Sends `text` as the customer for the page (`sendMessage`); `resolver` settles with the
    /// message's Id once the service took it, or with why not.
    pub fn send_for_page(&self, text: String, resolver: Resolver) {
        let client_token = random::uuid();
        let runtime = &self.0;
        runtime
            .projection()
            .await_send(client_token.clone(), resolver);
        runtime.feed_current(Input::SendMessage {
            content_type: connect_participant::content::TEXT_PLAIN.into(),
            content: text,
            client_token,
        });
    }

    /// Stops everything: sockets close, timers and uploads are cancelled, listeners removed.
    /// The stored session stays, so a later mount resumes the chat.
    pub fn shutdown(&self) {
        self.0.shutdown();
    }

    /// The state the UI reads.
    pub fn state(&self) -> ChatState {
        self.0.projection().state()
    }
}
