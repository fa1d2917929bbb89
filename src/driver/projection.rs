//! The projection: what the chat the UI shows reports, as the UI shows it.
//!
//! It holds the [`StateWriter`], the only write half of the state: session events and the
//! timeline's positional diffs become signals here (a diff moves, adds or changes one row, so
//! nothing is rebuilt per batch), and so do the screen's own changes an intent makes at once
//! ([`reflect`]). It also tells the page: the JavaScript listeners (`message`, `status`,
//! `ended`, `error`, see [`events`]), the `sendMessage` promises ([`sends`]), the unread
//! count, the hidden tab's title and the chime. It decides nothing about the chat; the
//! session does, and the runtime feeds it.

use std::cell::RefCell;

use connect_participant::time::Millis;

use connect_participant::session::{
    Activity, AttachmentStatus, ConnectionStatus, Diff, Event, Session, SessionError, Timeline,
};
use leptos::prelude::*;

use super::events::{self, EndedEvent, ErrorEvent, MessageEvent, StatusEvent};
use super::notice::NoticeCause;
use super::sends::{Resolver, SendRefusal, Sends};
use super::Listeners;
use crate::error::WidgetError;
use crate::options::{Features, Options};
use crate::shell::clock::{self, Style};
use crate::shell::sound::Chime;
use crate::shell::timer::Timeout;
use crate::shell::{network, page};
use crate::ui::i18n::Locale;
use crate::ui::state::{
    AuthView, ChatState, Intent, Line, LineKind, Phase, Role, StateWriter, UploadState, UploadView,
};

/// How long "is typing" shows without a new typing event.
const TYPING_SHOWN_MS: i32 = 12_000;

/// What an intent changes on screen at once, before (or instead of) the chat acting on it.
/// The driver calls it for every intent; component tests call it too, so the screen they
/// check is the one the widget shows.
pub fn reflect(write: &StateWriter, intent: &Intent) {
    match intent {
        Intent::Open => write.set_open(true),
        Intent::Close => write.set_open(false),
        Intent::Start { .. } => write.set_phase(Phase::Starting),
        Intent::ShowNotice(text) | Intent::FileRefused(text) => {
            write.set_notice(Some(text.clone()))
        }
        Intent::Draft(text) => write.set_draft(text.clone()),
        Intent::FormValue { field, value } => write.set_form_value(field.clone(), value.clone()),
        Intent::Send { .. } => write.set_draft(String::new()),
        Intent::Reading(at) => write.set_reading(at.clone()),
        Intent::DismissNotice => write.set_notice(None),
        // A cancelled or dismissed upload leaves the tray; what its requests say later
        // finds no row.
        Intent::CancelUpload { token } | Intent::RetryUpload { token } => {
            write.remove_upload(token)
        }
        Intent::CancelAuthentication { .. } => write.set_auth(None),
        _ => {}
    }
}

/// The line a diff names when its entry is already gone again (a later call of the same
/// batch removed it): it holds the place until the diff that removes it.
fn gone(key: &str) -> Line {
    Line {
        key: key.to_owned(),
        id: None,
        kind: LineKind::Event,
        role: Role::System,
        mine: false,
        name: None,
        participant_id: None,
        time: None,
        content_type: String::new(),
        content: String::new(),
        attachments: Vec::new(),
        delivery: None,
        client_token: None,
        past: false,
        hidden: true,
        streaming: false,
        answerable: false,
        answered: false,
    }
}

/// Applies the timeline's diffs to the rows, in one batch. Each entry is read by its key: the
/// timeline may already be ahead of the diffs (a later call of the same batch changed it).
fn apply_diffs(write: &StateWriter, diffs: Vec<Diff>, timeline: &Timeline) {
    let line = |key: &str| Line::in_timeline(timeline, key).unwrap_or_else(|| gone(key));
    write.edit_lines(|edit| {
        for diff in diffs {
            match diff {
                Diff::Insert { index, key } => edit.insert(index, line(&key)),
                Diff::Update { index } => {
                    if let Some(changed) = edit.key(index).map(line) {
                        edit.update(index, changed);
                    }
                }
                Diff::Remove { index } => edit.remove(index),
            }
        }
    });
}

/// What a reload shows again as the page before left it (stored by
/// `Runtime::save_view`).
#[derive(Debug, Default)]
pub struct RestoredView {
    pub open: Option<bool>,
    pub draft: Option<String>,
    /// The line read at the top of the list and how far it was scrolled.
    pub reading: Option<(String, i32)>,
    /// Messages that arrived unseen.
    pub unread: u32,
    /// The time of the newest line that page had told.
    pub told_until: Option<Millis>,
}

/// Writes what the UI shows; see the [module documentation](self).
pub struct Projection {
    write: StateWriter,
    listeners: Listeners,
    /// The `sendMessage` promises of the chat on screen.
    sends: Sends,
    locale: Locale,
    features: Features,
    typing_timer: RefCell<Option<Timeout>>,
    /// The page title before a hidden-tab notification replaced it.
    saved_title: RefCell<Option<String>>,
    chime: RefCell<Chime>,
    /// Whether the lines changed since the last [`Projection::batch_done`].
    lines_changed: std::cell::Cell<bool>,
    /// The streamed replies still coming: the typing indicator stays until they complete.
    streams: RefCell<Vec<String>>,
    /// Why the notice on screen is up: a success at it closes the notice.
    notice_cause: NoticeCause,
    /// The time of the newest line this page has told (stored with the view).
    told_until: std::cell::Cell<Option<Millis>>,
    /// After a reload, the newest line the page before had told: lines up to it come back
    /// as they were, not as news (no unread count, notification or `message` event).
    restored_until: std::cell::Cell<Option<Millis>>,
}

impl Projection {
    /// A projection into a new state, for a widget with `options`. Call inside the reactive
    /// owner the state is to live in.
    pub fn new(options: &Options, listeners: Listeners) -> Projection {
        let write = StateWriter::new();
        write.set_open(options.open);
        write.set_online(network::is_online());
        write.set_page_visible(network::is_visible());
        Projection {
            write,
            listeners,
            sends: Sends::default(),
            locale: options.ui_config().locale,
            features: options.features.clone(),
            typing_timer: RefCell::new(None),
            saved_title: RefCell::new(None),
            chime: RefCell::new(Chime::default()),
            lines_changed: std::cell::Cell::new(false),
            streams: RefCell::new(Vec::new()),
            notice_cause: NoticeCause::default(),
            told_until: std::cell::Cell::new(None),
            restored_until: std::cell::Cell::new(None),
        }
    }

    /// The state the UI reads.
    pub fn state(&self) -> ChatState {
        self.write.state()
    }

    /// What `intent` changes on screen at once ([`reflect`]).
    pub fn intent(&self, intent: &Intent) {
        match intent {
            Intent::ShowNotice(_) | Intent::DismissNotice => self.notice_cause.set(None),
            // A file accepted: the notice of one refused (or of a failed upload) is past.
            Intent::Upload(_) => self.cause_gone(&[Activity::Upload]),
            _ => {}
        }
        reflect(&self.write, intent);
        if let Intent::FileRefused(_) = intent {
            self.notice_cause.set(Some(Activity::Upload));
        }
    }

    /// The browser went online or offline.
    pub fn online(&self, online: bool) {
        self.write.set_online(online);
    }

    /// The page was shown or hidden; shown, it gets its own title back.
    pub fn visible(&self, visible: bool) {
        self.write.set_page_visible(visible);
        if visible {
            self.restore_title();
        }
    }

    /// A stored chat is being resumed.
    pub fn resumed(&self) {
        self.write.set_phase(Phase::Chat);
    }

    /// A pre-chat form field's value from before a reload.
    pub fn restore_form_value(&self, field: String, value: String) {
        self.write.set_form_value(field, value);
    }

    /// What the customer saw before a reload: the window open or minimized, the draft, and
    /// where they read (`None`: at the newest line).
    pub fn restore_view(&self, view: RestoredView) {
        if let Some(open) = view.open {
            self.write.set_open(open);
        }
        if let Some(draft) = view.draft {
            self.write.set_draft(draft);
        }
        self.write.set_reading(view.reading);
        if !self.state().open.get_untracked() {
            self.write.set_unread(view.unread);
        }
        self.restored_until.set(view.told_until);
        self.told_until.set(view.told_until);
    }

    /// The time of the newest line this page has told, for [`RestoredView::told_until`].
    pub fn told_until(&self) -> Option<Millis> {
        self.told_until.get()
    }

    /// The start-chat backend answered: the chat runs.
    pub fn started(&self) {
        self.write.set_phase(Phase::Chat);
        self.write.set_notice(None);
        // The pre-chat form is gone: its values (a name, an e-mail address) are not kept, nor
        // stored with the view's forms.
        self.write.clear_form_values();
    }

    /// The start-chat backend failed: back to the form as the customer filled it, saying
    /// why in their language. The error's own text (a status, the backend's body) is for the
    /// site owner: it goes to the page's `error` listeners only.
    pub fn start_failed(&self, error: &WidgetError) {
        self.write.set_phase(Phase::PreChat);
        let failed = SessionError {
            activity: Activity::Start,
            failure: error.failure(),
            error: None,
        };
        self.write
            .set_notice(Some(crate::ui::wording::error(self.locale, &failed)));
        self.notice_cause.set(Some(Activity::Start));
        self.emit("error", || ErrorEvent {
            message: error.to_string(),
        });
    }

    /// Tells the customer why a file cannot be attached, until one is accepted or uploaded.
    pub fn file_refused(&self, text: String) {
        self.intent(&Intent::FileRefused(text));
    }

    /// A new upload in the tray.
    pub fn add_upload(&self, upload: UploadView) {
        self.write.add_upload(upload);
    }

    /// How far the upload `token` is (0.0 ..= 1.0).
    pub fn upload_progress(&self, token: &str, fraction: f64) {
        self.write.set_upload_progress(token, fraction);
    }

    /// The language the chat is shown in.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// Offers the conversation as a text file, in the words the conversation shows.
    pub fn download_transcript(&self) {
        let lines: Vec<Line> = self
            .state()
            .lines
            .with_untracked(|rows| rows.iter().map(crate::ui::state::Row::line).collect());
        let tag = self.locale.tag();
        let time = |at: i64, with_date: bool| {
            let style = if with_date {
                Style::DateTime
            } else {
                Style::Time
            };
            clock::local_time(tag, at, style)
        };
        let text = crate::ui::ended_panel::transcript_text(
            &lines,
            self.locale,
            self.features.markdown,
            &time,
        );
        page::download(
            &text,
            "text/plain;charset=utf-8",
            self.locale.t("transcript_file"),
        );
    }

    /// The authentication page to open, once known.
    pub fn auth_url(&self) -> Option<String> {
        self.state().auth.get_untracked().and_then(|a| a.url)
    }

    /// `resolver` settles when the session confirms the message `client_token` or gives it
    /// up (see [`sends`]).
    pub fn await_send(&self, client_token: String, resolver: Resolver) {
        self.sends.wait(client_token, resolver);
    }

    /// Forgets the chat for a new one; the upload thumbnails' object URLs are freed, and
    /// promises still waiting on its messages reject.
    pub fn reset(&self) {
        self.sends.reject_all(SendRefusal::Ended);
        for upload in self.state().uploads.get_untracked() {
            if let Some(url) = upload.thumbnail() {
                page::revoke_object_url(url);
            }
        }
        self.streams.borrow_mut().clear();
        self.notice_cause.reset();
        self.told_until.set(None);
        self.restored_until.set(None);
        self.write.reset();
    }

    /// The widget goes: no more timers, no promise left waiting, and the page gets its
    /// title back.
    pub fn shutdown(&self) {
        self.sends.reject_all(SendRefusal::Destroyed);
        *self.typing_timer.borrow_mut() = None;
        self.restore_title();
    }

    /// Shows one event of the chat the UI shows; `session` is that chat's.
    pub fn show(&self, event: Event, session: &Session) {
        let write = &self.write;
        match event {
            Event::Status(status) => {
                write.set_status(status);
                if status == ConnectionStatus::Connected {
                    self.cause_gone(&[Activity::Connect, Activity::Subscribe]);
                }
                self.emit("status", || StatusEvent::new(status));
            }
            // History (an older page, an earlier contact's line) is not news.
            Event::ItemAdded { history: true, .. } => {}
            Event::ItemAdded { key, .. } => self.on_new_item(session.timeline(), &key),
            Event::ItemChanged { key } => self.on_changed_item(session.timeline(), &key),
            Event::Timeline(diffs) => self.apply(diffs, session.timeline()),
            Event::Typing { display_name, .. } => {
                if !self.features.typing {
                    return;
                }
                let name = display_name.unwrap_or_else(|| self.locale.t("agent").to_owned());
                write.set_typing(Some(name));
                let write = *write;
                *self.typing_timer.borrow_mut() =
                    Timeout::new(TYPING_SHOWN_MS, move || write.set_typing(None)).ok();
            }
            // The session asks for the page's URL itself.
            Event::AuthenticationRequested { session_id } => write.set_auth(Some(AuthView {
                session_id,
                url: None,
                unavailable: false,
            })),
            Event::AuthenticationUrl { session_id, url } => write.update_auth(|a| {
                if a.session_id == session_id {
                    a.url = Some(url);
                }
            }),
            // The outcome is a line of the conversation (its authentication event); the
            // prompt gives way to it.
            Event::AuthenticationClosed { .. } => write.set_auth(None),
            Event::AuthenticationUnavailable { session_id, .. } => write.update_auth(|a| {
                if a.session_id == session_id {
                    a.unavailable = true;
                }
            }),
            // The view says in place that it cannot be shown (a view without content is
            // one), and the composer still answers it: no banner.
            Event::ViewUnavailable { view_token, .. } => {
                write.add_view(view_token, connect_participant::model::View::default())
            }
            Event::Rehydrated => write.set_has_older(true),
            Event::OlderLoaded { more, .. } => write.set_has_older(more),
            Event::Attachment {
                client_token,
                status,
            } => match status {
                AttachmentStatus::Waiting => {
                    write.set_upload_state(&client_token, UploadState::Waiting)
                }
                AttachmentStatus::Starting => {
                    write.set_upload_state(&client_token, UploadState::Uploading)
                }
                AttachmentStatus::Uploaded { attachment_id } => {
                    write.set_upload_done(&client_token, attachment_id);
                    self.cause_gone(&[Activity::Upload]);
                    self.settle_uploads();
                }
                AttachmentStatus::Failed {
                    failure,
                    is_recoverable,
                    ..
                } => write.set_upload_state(
                    &client_token,
                    UploadState::Failed {
                        reason: crate::ui::wording::failure(self.locale, &failure),
                        retry: is_recoverable,
                    },
                ),
                _ => {}
            },
            Event::AttachmentUrl {
                attachment_id, url, ..
            } => {
                if crate::ui::markdown::safe_href(&url).is_some() {
                    write.add_attachment_url(attachment_id, url);
                }
            }
            Event::View { view_token, view } => write.add_view(view_token, view),
            Event::Ended(reason) => {
                let payload = EndedEvent::new(&reason);
                write.set_ended(Some(reason));
                write.set_phase(Phase::Ended);
                write.set_typing(None);
                write.set_auth(None);
                // The ended panel says what matters now.
                write.set_notice(None);
                self.emit("ended", || payload);
            }
            Event::Error(error) => {
                if error.activity == Activity::Send {
                    self.sends.refused(&error.failure);
                }
                let message = crate::ui::wording::error(self.locale, &error);
                // After the end, the ended panel says what matters; late failures add noise.
                if self.state().phase.get_untracked() != Phase::Ended {
                    write.set_notice(Some(message.clone()));
                    self.notice_cause.set(Some(error.activity));
                }
                self.emit("error", || ErrorEvent { message });
            }
            // The timeline's diffs carry these changes.
            Event::ItemRemoved { .. }
            | Event::ParticipantJoined { .. }
            | Event::ParticipantLeft { .. }
            | Event::ParticipantIdle { .. }
            | Event::Receipt { .. }
            | Event::ErrorFrame { .. }
            | Event::Ping { .. } => {}
        }
    }

    /// After every batch of inputs the session handled: whether older items can be loaded
    /// follows the session whenever the lines changed, a send failure's notice closes once no
    /// message is failed any more, and the `sendMessage` promises whose message the session
    /// confirmed or gave up settle.
    pub fn batch_done(&self, session: &Session) {
        if self.lines_changed.replace(false) {
            self.write.set_has_older(session.has_older());
            self.sends_recovered(session.timeline());
        }
        let ended = self.state().phase.get_untracked() == Phase::Ended;
        self.sends.settle(session.timeline(), ended);
    }

    fn apply(&self, diffs: Vec<Diff>, timeline: &Timeline) {
        apply_diffs(&self.write, diffs, timeline);
        self.lines_changed.set(true);
        self.settle_uploads();
    }

    /// Closes "a message was not sent" once the last failed message went through.
    fn sends_recovered(&self, timeline: &Timeline) {
        if self.notice_cause.sends_settled(timeline) {
            self.write.set_notice(None);
        }
    }

    /// Something that failed (`activities`) has now worked: a notice that it failed closes.
    fn cause_gone(&self, activities: &[Activity]) {
        if self.notice_cause.gone(activities) {
            self.write.set_notice(None);
        }
    }

    /// Uploads whose line appeared in the conversation leave the tray.
    fn settle_uploads(&self) {
        let waiting = self.state().uploads.with_untracked(|l| {
            l.iter()
                .any(|u| u.state().with_untracked(|s| *s == UploadState::Done))
        });
        if !waiting {
            return;
        }
        for upload in self.write.settle_uploads() {
            if let Some(url) = upload.thumbnail() {
                page::revoke_object_url(url);
            }
        }
    }

    /// Unread count, hidden-tab title and the `message` event for a new line from others.
    fn on_new_item(&self, timeline: &Timeline, key: &str) {
        let Some(line) = timeline.get(key).map(Line::from_entry) else {
            return;
        };
        if let Some(time) = line.time {
            if self.restored_until.get().is_some_and(|until| time <= until) {
                return;
            }
            self.told_until.set(self.told_until.get().max(Some(time)));
        }
        if line.mine || line.kind == LineKind::Event {
            return;
        }
        // A partial leaves "is typing" up, as the official interface does (ui
        // `ChatSession.js:600-602`); it still expires on its own timer.
        if line.streaming {
            self.streams.borrow_mut().push(key.to_owned());
        } else {
            self.write.set_typing(None);
        }
        let state = self.state();
        let open = state.open.get_untracked();
        let visible = state.page_visible.get_untracked();
        if !open || !visible {
            self.write.add_unread();
        }
        if !visible && self.features.title_notification {
            self.notify_title();
        }
        if !visible && self.features.sound {
            self.chime.borrow_mut().play();
        }
        // A streamed reply is told to listeners once, whole, when it completes.
        if !line.streaming {
            self.emit("message", || MessageEvent::from_line(line));
        }
    }

    /// A streamed reply that completes takes "is typing" down and is told to listeners.
    fn on_changed_item(&self, timeline: &Timeline, key: &str) {
        let entry = timeline.get(key);
        if entry.is_some_and(|e| e.streaming()) {
            return;
        }
        let mut streams = self.streams.borrow_mut();
        if streams.iter().any(|k| k == key) {
            streams.retain(|k| k != key);
            drop(streams);
            self.write.set_typing(None);
            if let Some(entry) = entry {
                self.emit("message", || {
                    MessageEvent::from_line(Line::from_entry(entry))
                });
            }
        }
    }

    fn notify_title(&self) {
        let mut saved = self.saved_title.borrow_mut();
        if saved.is_none() {
            let Some(title) = page::title() else { return };
            *saved = Some(title);
        }
        let count = self.state().unread.get_untracked().max(1);
        page::set_title(&format!("({count}) {}", self.locale.t("new_message_title")));
    }

    fn restore_title(&self) {
        if let Some(title) = self.saved_title.borrow_mut().take() {
            page::set_title(&title);
        }
    }

    /// Calls the JS listeners for `event`.
    fn emit<T: serde::Serialize>(&self, event: &str, payload: impl FnOnce() -> T) {
        events::emit(&self.listeners, event, payload);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connect_participant::model::{ChatItemType, Item, MessageMetadata, ParticipantRole};
    use connect_participant::session::Delivery;
    use connect_participant::time::format_iso8601;

    /// A small deterministic generator (xorshift), so a failure replays.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn message(id: &str, ms: i64, who: &str) -> Item {
        Item {
            id: Some(id.into()),
            absolute_time: Some(format_iso8601(ms)),
            kind: Some(ChatItemType::Message),
            content_type: Some("text/plain".into()),
            content: Some(format!("text {id}")),
            participant_id: Some(who.into()),
            display_name: Some(who.to_uppercase()),
            participant_role: Some(ParticipantRole::Agent),
            ..Item::default()
        }
    }

    /// A chunk of a streamed bot reply: the reply's Id, `number` 1, 2... for a partial, `None`
    /// for the completed item.
    fn chunk(stream: &str, number: Option<u32>, content: &str, ms: i64) -> Item {
        Item {
            participant_role: Some(ParticipantRole::System),
            content: Some(content.into()),
            message_metadata: Some(MessageMetadata {
                message_completed: Some(number.is_none()),
                chunk_number: number,
                ..MessageMetadata::default()
            }),
            ..message(stream, ms, "bot")
        }
    }

    /// The rows show the timeline: the same keys in the same order, each row what its entry
    /// says, and the same runs as rows built afresh.
    fn assert_mirrors(write: &StateWriter, timeline: &Timeline) {
        // A row's `answered` may be ahead of the transcript (the customer's choice on
        // screen), so it is left out of the comparison.
        let settled = |mut line: Line| {
            line.answered = false;
            line
        };
        let shown: Vec<Line> = write
            .state()
            .lines
            .with_untracked(|rows| rows.iter().map(|r| settled(r.line())).collect());
        let wanted: Vec<Line> = timeline
            .entries()
            .filter_map(|e| Line::in_timeline(timeline, &e.key))
            .map(settled)
            .collect();
        assert_eq!(shown, wanted);
        let fresh = StateWriter::new();
        fresh.set_lines(wanted);
        let runs = |w: &StateWriter| {
            w.state().lines.with_untracked(|rows| {
                rows.iter()
                    .map(|r| r.continued().get_untracked())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(runs(write), runs(&fresh));
    }

    #[test]
    fn rows_follow_the_timeline_through_every_kind_of_change() {
        for seed in 1..40 {
            let mut rng = Rng(seed * 7919);
            let mut timeline = Timeline::default();
            let write = StateWriter::new();
            let mut pending: Vec<String> = Vec::new();
            for step in 0..120 {
                let at = rng.below(40) as i64 * 30_000;
                match rng.below(6) {
                    0 | 1 => {
                        let who = ["ada", "bob"][rng.below(2) as usize];
                        timeline.insert(message(&format!("m{}", rng.below(60)), at, who), "me");
                    }
                    2 => {
                        let stream = format!("s{}", rng.below(3));
                        let number = (rng.below(4) > 0).then(|| rng.below(4) as u32 + 1);
                        timeline.insert(chunk(&stream, number, "part ", at), "me");
                    }
                    3 => {
                        let token = format!("t{step}");
                        timeline.add_pending(&token, "text/plain", "mine");
                        pending.push(token);
                    }
                    4 if !pending.is_empty() => {
                        let token = pending.remove(rng.below(pending.len() as u64) as usize);
                        let id = format!("e{step}");
                        // Sometimes the echo comes first and merges into the pending entry.
                        if rng.below(2) == 0 {
                            timeline.insert(message(&id, at, "me"), "me");
                        }
                        timeline.confirm(&token, &id, Some(&format_iso8601(at)));
                    }
                    _ => {
                        let keys: Vec<String> = timeline.entries().map(|e| e.key.clone()).collect();
                        if let Some(key) = keys.get(rng.below(keys.len() as u64 + 1) as usize) {
                            timeline.set_delivery(key, Delivery::Delivered);
                        }
                    }
                }
                // Several changes per batch, as one session call makes.
                if rng.below(3) == 0 {
                    apply_diffs(&write, timeline.take_diffs(), &timeline);
                    assert_mirrors(&write, &timeline);
                }
            }
            apply_diffs(&write, timeline.take_diffs(), &timeline);
            assert_mirrors(&write, &timeline);
        }
    }

    #[test]
    fn an_entry_that_moves_keeps_its_row() {
        let mut timeline = Timeline::default();
        let write = StateWriter::new();
        timeline.insert(message("a", 15_000, "ada"), "me");
        timeline.insert(chunk("s1", Some(1), "text c1", 20_000), "me");
        apply_diffs(&write, timeline.take_diffs(), &timeline);
        let row = |key: &str| {
            write.state().lines.with_untracked(|rows| {
                rows.iter()
                    .find(|r| r.key() == key)
                    .cloned()
                    .expect("a row for the key")
            })
        };
        let before = row("s1");
        // The completed item comes with its own, earlier time: the reply now sorts before "a"
        // (chatjs PartialMessageUtil.js:37-41, 76).
        timeline.insert(chunk("s1", None, "text c1text c2", 10_000), "me");
        let diffs = timeline.take_diffs();
        assert!(
            diffs.iter().any(|d| matches!(d, Diff::Remove { .. })),
            "{diffs:?}"
        );
        apply_diffs(&write, diffs, &timeline);
        assert_mirrors(&write, &timeline);
        let after = row("s1");
        assert!(before == after, "the same row, moved");
        assert_eq!(after.content().get_untracked(), "text c1text c2");
    }

    #[test]
    fn intents_change_the_screen_at_once() {
        let write = StateWriter::new();
        let state = write.state();
        write.add_unread();
        reflect(&write, &Intent::Open);
        assert!(state.open.get_untracked());
        assert_eq!(state.unread.get_untracked(), 0, "opening reads everything");
        reflect(&write, &Intent::Close);
        assert!(!state.open.get_untracked());
        reflect(
            &write,
            &Intent::Start {
                display_name: "Ana".into(),
                attributes: Vec::new(),
            },
        );
        assert_eq!(state.phase.get_untracked(), Phase::Starting);
        reflect(&write, &Intent::ShowNotice("too big".into()));
        assert_eq!(state.notice.get_untracked().as_deref(), Some("too big"));
        reflect(&write, &Intent::DismissNotice);
        assert_eq!(state.notice.get_untracked(), None);
        write.add_upload(UploadView {
            token: "u".into(),
            name: "a.pdf".into(),
            size: 1,
            progress: 0.0,
            state: UploadState::Uploading,
            thumbnail: None,
        });
        let tokens = |w: &StateWriter| {
            w.state()
                .uploads
                .with_untracked(|l| l.iter().map(|u| u.token().to_owned()).collect::<Vec<_>>())
        };
        assert_eq!(tokens(&write), ["u"]);
        reflect(&write, &Intent::CancelUpload { token: "u".into() });
        assert!(
            tokens(&write).is_empty(),
            "a cancelled upload leaves the tray"
        );
    }
}
