//! What the UI shows (signals) and what it can ask for ([`Intent`]).
//!
//! Components read [`ChatState`] and call [`Dispatch::send`]; they never touch the session or
//! the browser shell. The projection (`crate::driver::projection`) writes the signals through
//! the [`StateWriter`], the only write half. Tests stage a state with a `StateWriter` of their
//! own and record the intents, so every component can be checked without a server.

use std::collections::HashMap;
use std::rc::Rc;

use connect_participant::model::View;
use connect_participant::session::{ConnectionStatus, EndReason};
use leptos::prelude::*;

pub use super::rows::{Line, LineKind, LinesEdit, Role, Row, UploadRow, UploadState, UploadView};

/// Where the widget is overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The pre-chat form (or the start button) shows.
    PreChat,
    /// Waiting for the start-chat backend.
    Starting,
    /// A chat is running (or resuming).
    Chat,
    /// The chat ended; the transcript stays readable.
    Ended,
}

/// The customer-authentication request, while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthView {
    pub session_id: String,
    /// The page to open, once fetched.
    pub url: Option<String>,
    /// No sign-in page can be opened (no redirect page configured, or it could not be
    /// fetched): the customer can only go on without.
    pub unavailable: bool,
}

/// Every signal the UI reads: the read half of the state. `Copy`: pass it around freely.
/// Only the projection writes, through the [`StateWriter`] these were made with.
#[derive(Debug, Clone, Copy)]
pub struct ChatState {
    pub phase: ReadSignal<Phase>,
    /// The lines of the conversation, in timeline order.
    pub lines: ReadSignal<Vec<Row>>,
    pub status: ReadSignal<ConnectionStatus>,
    pub online: ReadSignal<bool>,
    pub ended: ReadSignal<Option<EndReason>>,
    /// The name (or role) of whoever is typing on the other side.
    pub typing: ReadSignal<Option<String>>,
    pub open: ReadSignal<bool>,
    pub unread: ReadSignal<u32>,
    /// The uploads this page started, in the order they started.
    pub uploads: ReadSignal<Vec<UploadRow>>,
    /// The latest error or notice for the customer.
    pub notice: ReadSignal<Option<String>>,
    pub auth: ReadSignal<Option<AuthView>>,
    /// Download URLs by AttachmentId, as GetAttachment returned them.
    pub attachment_urls: ReadSignal<HashMap<String, String>>,
    /// ShowView definitions by view token, as DescribeView returned them.
    pub views: ReadSignal<HashMap<String, View>>,
    /// Whether older items can be loaded.
    pub has_older: ReadSignal<bool>,
    /// Whether the page is visible (read receipts wait for it).
    pub page_visible: ReadSignal<bool>,
    /// What the customer has typed and not sent.
    pub draft: ReadSignal<String>,
    /// What the customer has typed into forms (the pre-chat form, a view's form) and not
    /// sent, by [`Intent::FormValue`]'s field key: kept while the window is minimized.
    pub form_values: ReadSignal<HashMap<String, String>>,
    /// Where the customer reads: the key of the line at the top of the list and its offset
    /// from that top, or `None` at the newest line.
    pub reading: ReadSignal<Option<(String, i32)>>,
}

impl ChatState {
    /// Whether the composer can send now, and if not, why (a locale key).
    pub fn send_blocked(&self) -> Option<&'static str> {
        match self.phase.get() {
            Phase::Ended => Some("composer_ended"),
            Phase::PreChat | Phase::Starting => Some("composer_not_started"),
            // Offline and reconnecting still accept messages: the session queues them.
            Phase::Chat => None,
        }
    }
}

/// The write half of the state, held by the projection (and by tests, to stage a state).
/// `Copy`. Every write goes through a method here, so a reset cannot forget one.
#[derive(Debug, Clone, Copy)]
pub struct StateWriter {
    read: ChatState,
    phase: RwSignal<Phase>,
    lines: RwSignal<Vec<Row>>,
    status: RwSignal<ConnectionStatus>,
    online: RwSignal<bool>,
    ended: RwSignal<Option<EndReason>>,
    typing: RwSignal<Option<String>>,
    open: RwSignal<bool>,
    unread: RwSignal<u32>,
    uploads: RwSignal<Vec<UploadRow>>,
    notice: RwSignal<Option<String>>,
    auth: RwSignal<Option<AuthView>>,
    attachment_urls: RwSignal<HashMap<String, String>>,
    views: RwSignal<HashMap<String, View>>,
    has_older: RwSignal<bool>,
    page_visible: RwSignal<bool>,
    draft: RwSignal<String>,
    form_values: RwSignal<HashMap<String, String>>,
    reading: RwSignal<Option<(String, i32)>>,
}

impl StateWriter {
    /// An empty state: the pre-chat phase, closed, online and visible. Its signals belong to
    /// the reactive owner current now.
    pub fn new() -> StateWriter {
        let phase = RwSignal::new(Phase::PreChat);
        let lines = RwSignal::new(Vec::new());
        let status = RwSignal::new(ConnectionStatus::Idle);
        let online = RwSignal::new(true);
        let ended = RwSignal::new(None);
        let typing = RwSignal::new(None);
        let open = RwSignal::new(false);
        let unread = RwSignal::new(0);
        let uploads = RwSignal::new(Vec::new());
        let notice = RwSignal::new(None);
        let auth = RwSignal::new(None);
        let attachment_urls = RwSignal::new(HashMap::new());
        let views = RwSignal::new(HashMap::new());
        let has_older = RwSignal::new(false);
        let page_visible = RwSignal::new(true);
        let draft = RwSignal::new(String::new());
        let form_values = RwSignal::new(HashMap::new());
        let reading = RwSignal::new(None);
        StateWriter {
            read: ChatState {
                phase: phase.read_only(),
                lines: lines.read_only(),
                status: status.read_only(),
                online: online.read_only(),
                ended: ended.read_only(),
                typing: typing.read_only(),
                open: open.read_only(),
                unread: unread.read_only(),
                uploads: uploads.read_only(),
                notice: notice.read_only(),
                auth: auth.read_only(),
                attachment_urls: attachment_urls.read_only(),
                views: views.read_only(),
                has_older: has_older.read_only(),
                page_visible: page_visible.read_only(),
                draft: draft.read_only(),
                form_values: form_values.read_only(),
                reading: reading.read_only(),
            },
            phase,
            lines,
            status,
            online,
            ended,
            typing,
            open,
            unread,
            uploads,
            notice,
            auth,
            attachment_urls,
            views,
            has_older,
            page_visible,
            draft,
            form_values,
            reading,
        }
    }

    /// The read half, for the components.
    pub fn state(&self) -> ChatState {
        self.read
    }

    /// Forgets the chat: the state a new chat starts from. What belongs to the page (whether
    /// it is online and visible, the window open, the unread count) stays.
    pub fn reset(&self) {
        self.phase.set(Phase::PreChat);
        self.lines.set(Vec::new());
        self.status.set(ConnectionStatus::Idle);
        self.ended.set(None);
        self.typing.set(None);
        self.uploads.set(Vec::new());
        self.notice.set(None);
        self.auth.set(None);
        self.attachment_urls.set(HashMap::new());
        self.views.set(HashMap::new());
        self.has_older.set(false);
        self.draft.set(String::new());
        self.form_values.set(HashMap::new());
        self.reading.set(None);
    }

    pub fn set_phase(&self, phase: Phase) {
        self.phase.set(phase);
    }

    pub fn set_status(&self, status: ConnectionStatus) {
        self.status.set(status);
    }

    pub fn set_online(&self, online: bool) {
        self.online.set(online);
    }

    pub fn set_page_visible(&self, visible: bool) {
        self.page_visible.set(visible);
    }

    pub fn set_ended(&self, reason: Option<EndReason>) {
        self.ended.set(reason);
    }

    pub fn set_typing(&self, typing: Option<String>) {
        // Each line from the other side clears it: a transcript page's hundred lines notify
        // its readers once at most.
        self.typing.maybe_update(|t| {
            let changed = *t != typing;
            if changed {
                *t = typing;
            }
            changed
        });
    }

    /// Opens or closes the window; opening it counts everything as read.
    pub fn set_draft(&self, draft: String) {
        self.draft.set(draft);
    }

    /// Keeps what the form field `field` holds (see [`ChatState::form_values`]).
    pub fn set_form_value(&self, field: String, value: String) {
        self.form_values.update_untracked(|v| {
            v.insert(field, value);
        });
    }

    /// Forgets the forms' values (the pre-chat form's, once the chat started).
    pub fn clear_form_values(&self) {
        self.form_values.update_untracked(HashMap::clear);
    }

    pub fn set_reading(&self, reading: Option<(String, i32)>) {
        self.reading.set(reading);
    }

    pub fn set_open(&self, open: bool) {
        self.open.set(open);
        if open {
            self.unread.set(0);
        }
    }

    /// The unread count a reload carries over.
    pub fn set_unread(&self, unread: u32) {
        self.unread.set(unread);
    }

    /// One more message arrived unseen.
    pub fn add_unread(&self) {
        self.unread.update(|n| *n += 1);
    }

    pub fn set_notice(&self, notice: Option<String>) {
        self.notice.set(notice);
    }

    pub fn set_auth(&self, auth: Option<AuthView>) {
        self.auth.set(auth);
    }

    /// Changes the open authentication request, if there is one.
    pub fn update_auth(&self, f: impl FnOnce(&mut AuthView)) {
        self.auth.update(|a| {
            if let Some(a) = a.as_mut() {
                f(a);
            }
        });
    }

    pub fn add_attachment_url(&self, attachment_id: String, url: String) {
        self.attachment_urls.update(|m| {
            m.insert(attachment_id, url);
        });
    }

    pub fn add_view(&self, view_token: String, view: View) {
        self.views.update(|v| {
            v.insert(view_token, view);
        });
    }

    pub fn set_has_older(&self, has_older: bool) {
        self.has_older.set(has_older);
    }

    /// Replaces every line.
    pub fn set_lines(&self, lines: Vec<Line>) {
        self.edit_lines(|edit| {
            while !edit.is_empty() {
                edit.remove(edit.len() - 1);
            }
            for (i, line) in lines.into_iter().enumerate() {
                edit.insert(i, line);
            }
        });
    }

    /// Changes the lines by position, as one batch. The list's own signal changes only when
    /// rows come or go; a row changed in place changes only its own signals.
    pub fn edit_lines(&self, f: impl FnOnce(&mut LinesEdit<'_>)) {
        self.lines.maybe_update(|rows| {
            let mut edit = LinesEdit::new(rows);
            f(&mut edit);
            edit.finish()
        });
    }

    /// Adds an upload at the end of the tray.
    pub fn add_upload(&self, upload: UploadView) {
        self.uploads.update(|l| l.push(UploadRow::new(upload)));
    }

    /// Sets how far the upload `token` is (0.0 ..= 1.0).
    pub fn set_upload_progress(&self, token: &str, progress: f64) {
        if let Some(row) = self.upload(token) {
            row.set_progress(progress);
        }
    }

    /// Sets where the upload `token` is.
    pub fn set_upload_state(&self, token: &str, state: UploadState) {
        if let Some(row) = self.upload(token) {
            row.set_state(state);
        }
    }

    /// The upload `token` is stored as the attachment `attachment_id`; it waits for the scan.
    pub fn set_upload_done(&self, token: &str, attachment_id: String) {
        if let Some(row) = self.upload(token) {
            row.set_attachment_id(attachment_id);
            row.set_state(UploadState::Done);
        }
    }

    /// Takes out of the tray the uploads whose line is now in the conversation (the approved
    /// attachment); returns them, for their thumbnails to be freed.
    pub fn settle_uploads(&self) -> Vec<UploadRow> {
        let shown = |u: &UploadRow| {
            u.state().with_untracked(|s| *s == UploadState::Done)
                && self
                    .lines
                    .with_untracked(|l| l.iter().rev().any(|r| u.shown_by(r)))
        };
        let settled: Vec<UploadRow> = self
            .uploads
            .with_untracked(|l| l.iter().filter(|u| shown(u)).cloned().collect());
        if !settled.is_empty() {
            self.uploads.update(|l| l.retain(|u| !settled.contains(u)));
        }
        settled
    }

    /// Takes the upload `token` out of the tray.
    pub fn remove_upload(&self, token: &str) {
        self.uploads.update(|l| l.retain(|u| u.token() != token));
    }

    fn upload(&self, token: &str) -> Option<UploadRow> {
        self.uploads
            .with_untracked(|l| l.iter().find(|u| u.token() == token).cloned())
    }
}

impl Default for StateWriter {
    fn default() -> Self {
        StateWriter::new()
    }
}

/// What the customer asks for.
#[derive(Debug, Clone)]
pub enum Intent {
    /// Start a chat with these pre-chat answers (name first).
    Start {
        display_name: String,
        attributes: Vec<(String, String)>,
    },
    /// Send a message of this content type.
    Send {
        content_type: String,
        content: String,
    },
    /// The customer typed a key.
    Typing,
    /// What the composer holds now (kept across a reload).
    Draft(String),
    /// What a form field holds now (kept while the window is minimized): `field` is
    /// `prechat/<name>` or `view/<view token>/<name>`.
    FormValue { field: String, value: String },
    /// Where the customer reads now (kept across a reload); see [`ChatState::reading`].
    Reading(Option<(String, i32)>),
    /// A message with this item Id is on screen.
    Seen { item_id: String },
    /// Send again a failed message.
    Retry { client_token: String },
    /// Download the transcript as a text file.
    DownloadTranscript,
    /// Upload a file.
    Upload(web_sys::File),
    /// Stop an upload.
    CancelUpload { token: String },
    /// Try a failed upload again.
    RetryUpload { token: String },
    /// Fetch a download URL for an attachment.
    Download { attachment_id: String },
    /// Fetch a URL for an image attachment's thumbnail (once).
    Preview { attachment_id: String },
    /// Fetch a ShowView view's definition.
    DescribeView { view_token: String },
    /// Load older items.
    LoadOlder,
    /// End the chat (confirmed).
    End,
    /// Forget the ended chat and show the start screen again.
    NewChat,
    /// Open the authentication page.
    Authenticate { session_id: String },
    /// Give up authenticating.
    CancelAuthentication { session_id: String },
    /// Open the chat window.
    Open,
    /// Close (minimize) the chat window; the chat goes on.
    Close,
    /// Tell the customer something that went wrong on this side (a choice that could not be
    /// answered).
    ShowNotice(String),
    /// A file the customer picked cannot be attached: why. The notice stays until a file is
    /// accepted or uploaded.
    FileRefused(String),
    /// The customer closed the notice.
    DismissNotice,
}

/// How components hand intents to whoever runs the chat. `Copy`, so closures can capture it.
#[derive(Clone, Copy)]
pub struct Dispatch(StoredValue<Rc<dyn Fn(Intent)>, LocalStorage>);

impl Dispatch {
    /// A dispatcher calling `f`.
    pub fn new(f: impl Fn(Intent) + 'static) -> Dispatch {
        Dispatch(StoredValue::new_local(Rc::new(f)))
    }

    /// Hands `intent` over. Does nothing once the widget is unmounted.
    pub fn send(&self, intent: Intent) {
        if let Some(f) = self.0.try_get_value() {
            f(intent);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_leaves_the_tray_when_its_line_appears() {
        let write = StateWriter::new();
        let upload = |token: &str, name: &str| UploadView {
            token: token.into(),
            name: name.into(),
            size: 10,
            progress: 1.0,
            state: UploadState::Uploading,
            thumbnail: None,
        };
        write.add_upload(upload("by-id", "same.png"));
        write.add_upload(upload("by-name", "b.pdf"));
        write.add_upload(upload("failed", "c.pdf"));
        write.add_upload(upload("waiting", "same.png"));
        write.set_upload_done("by-id", "att-1".into());
        write.set_upload_done("waiting", "att-2".into());
        write.set_upload_state("by-name", UploadState::Done);
        write.set_upload_state(
            "failed",
            UploadState::Failed {
                reason: "no".into(),
                retry: true,
            },
        );
        let attachment = |key: &str, mine: bool, id: &str, name: &str| Line {
            kind: LineKind::Attachment,
            role: if mine { Role::Customer } else { Role::Agent },
            mine,
            attachments: vec![connect_participant::model::AttachmentItem {
                attachment_id: Some(id.into()),
                attachment_name: Some(name.into()),
                ..Default::default()
            }],
            key: key.into(),
            id: None,
            name: None,
            participant_id: None,
            time: None,
            content_type: String::new(),
            content: String::new(),
            delivery: None,
            client_token: None,
            past: false,
            hidden: false,
            streaming: false,
            answerable: false,
            answered: false,
        };
        write.set_lines(vec![
            attachment("1", true, "att-1", "same.png"),
            attachment("2", true, "att-9", "b.pdf"),
            attachment("3", false, "att-2", "same.png"),
            attachment("4", true, "att-7", "c.pdf"),
        ]);
        let settled: Vec<String> = write
            .settle_uploads()
            .iter()
            .map(|u| u.token().to_owned())
            .collect();
        assert_eq!(settled, ["by-id", "by-name"]);
        let left: Vec<String> = write
            .state()
            .uploads
            .with_untracked(|l| l.iter().map(|u| u.token().to_owned()).collect());
        // An agent's file of the same name is not the upload; a failure stays to be retried.
        assert_eq!(left, ["failed", "waiting"]);
    }
}
