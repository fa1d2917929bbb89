//! The rows the lists render: one per line of the conversation and one per upload.
//!
//! A row keeps what never changes over its life (its key, what kind of line it is, who wrote
//! it) as plain fields, and everything that can change as its own signal, so the list renders
//! each row once, keyed by its key alone, and a change updates the row's DOM in place (the
//! model is leptos's todomvc). Only the projection writes rows, through
//! [`StateWriter`](super::state::StateWriter); the one exception is a line's
//! [`Row::answered`], which the interactive message sets when the customer chooses.
//!
//! A long chat holds thousands of rows, so a row holds as little as it can: the strings many
//! rows repeat (who wrote it, their name, the content type) are shared, an item Id equal to
//! the key is not kept twice, and only an interactive message has an `answered` signal.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use connect_participant::model::{AttachmentItem, ChatItemType, ParticipantRole};
use connect_participant::session::{Delivery, Entry, Timeline};
use connect_participant::time::Millis;
use leptos::prelude::*;

/// Two messages of one sender within this many ms form a run (the name shows once).
const RUN_GAP_MS: i64 = 120_000;

/// Who wrote a line, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Customer,
    Agent,
    Bot,
    Supervisor,
    System,
}

impl Role {
    /// The CSS class suffix.
    pub fn class(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::Bot => "bot",
            Role::Supervisor => "supervisor",
            Role::System => "system",
        }
    }
}

/// What kind of line it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A message (`text/plain`, `text/markdown`, or other text).
    Message,
    /// An interactive message.
    Interactive,
    /// One or more attachments.
    Attachment,
    /// A quiet line: joined, left, transfer, ended, idle.
    Event,
}

/// One line of the conversation as plain data: what a [`Row`] shows at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Stable key ([`Entry::key`]).
    pub key: String,
    /// The service's item Id, once known (read receipts are sent for it).
    pub id: Option<String>,
    pub kind: LineKind,
    pub role: Role,
    pub mine: bool,
    pub name: Option<String>,
    pub participant_id: Option<String>,
    pub time: Option<Millis>,
    pub content_type: String,
    pub content: String,
    pub attachments: Vec<AttachmentItem>,
    pub delivery: Option<Delivery>,
    /// For customer messages: the ClientToken, to retry.
    pub client_token: Option<String>,
    /// From an earlier contact of a persistent chat: history under a divider.
    pub past: bool,
    /// One of the customer's lines that is not shown (a paging reply).
    pub hidden: bool,
    /// A streamed reply still coming.
    pub streaming: bool,
    /// An interactive message that can be answered now (the newest line).
    pub answerable: bool,
    /// An interactive message the customer answered (wrote after).
    pub answered: bool,
}

/// The name the contact flow's own messages (a Show view block's) come with: no one's, so it
/// is not shown.
pub const FLOW_NAME: &str = "SYSTEM_MESSAGE";

impl Line {
    /// Whether the contact flow sent it itself (a Show view block), not a person or a bot.
    pub fn from_flow(role: Role, name: Option<&str>) -> bool {
        role == Role::System && name == Some(FLOW_NAME)
    }

    /// The line for a timeline entry.
    pub fn from_entry(entry: &Entry) -> Line {
        let item = &entry.item;
        let content_type = item.content_type.clone().unwrap_or_default();
        let kind = if item.kind == Some(ChatItemType::Attachment)
            || item.attachments.as_ref().is_some_and(|a| !a.is_empty())
        {
            LineKind::Attachment
        } else if item.event_type().is_some()
            || matches!(
                item.kind,
                Some(
                    ChatItemType::ParticipantJoined
                        | ChatItemType::ParticipantLeft
                        | ChatItemType::ChatEnded
                        | ChatItemType::TransferSucceeded
                        | ChatItemType::TransferFailed
                        | ChatItemType::Event
                )
            )
        {
            LineKind::Event
        } else if content_type == connect_participant::content::INTERACTIVE {
            LineKind::Interactive
        } else {
            LineKind::Message
        };
        let role = if entry.mine {
            Role::Customer
        } else {
            match item.participant_role {
                Some(ParticipantRole::Customer) => Role::Customer,
                Some(ParticipantRole::Agent) => Role::Agent,
                Some(ParticipantRole::CustomBot) => Role::Bot,
                Some(ParticipantRole::Supervisor) => Role::Supervisor,
                _ => Role::System,
            }
        };
        Line {
            key: entry.key.clone(),
            id: entry.id.clone(),
            kind,
            role,
            mine: entry.mine,
            name: item.display_name.clone(),
            participant_id: item.participant_id.clone(),
            time: entry.time,
            content_type,
            content: item.content.clone().unwrap_or_default(),
            attachments: item.attachments.clone().unwrap_or_default(),
            delivery: entry.delivery.clone(),
            client_token: entry.client_token.clone(),
            past: entry.past,
            hidden: entry.hidden(),
            streaming: entry.streaming(),
            answerable: false,
            answered: false,
        }
    }

    /// The line for the timeline's entry `key`, with whether it can be answered and was.
    pub fn in_timeline(timeline: &Timeline, key: &str) -> Option<Line> {
        let mut line = Line::from_entry(timeline.get(key)?);
        if line.kind == LineKind::Interactive {
            line.answerable = timeline.answerable(key);
            line.answered = timeline.answered(key);
        }
        Some(line)
    }
}

/// Sets `signal` to `value` unless it holds it already; returns whether it changed.
fn set_changed<T: PartialEq + Send + Sync + 'static>(signal: &ArcRwSignal<T>, value: T) -> bool {
    let same = signal.with_untracked(|v| *v == value);
    if !same {
        signal.set(value);
    }
    !same
}

/// How many distinct shared strings [`share`] keeps: the participants of a chat and the
/// content types they send are few.
const SHARED_MAX: usize = 64;

thread_local! {
    /// The strings rows share, most recently used last.
    static SHARED: RefCell<Vec<Arc<str>>> = const { RefCell::new(Vec::new()) };
}

/// `text` as a string shared with every other row that holds the same.
fn share(text: String) -> Arc<str> {
    SHARED.with_borrow_mut(|shared| {
        if let Some(i) = shared.iter().rposition(|s| **s == *text) {
            let found = shared.remove(i);
            shared.push(found.clone());
            return found;
        }
        if shared.len() == SHARED_MAX {
            shared.remove(0);
        }
        let new: Arc<str> = text.into();
        shared.push(new.clone());
        new
    })
}

/// The item Id of a row: most rows' is their key, which is then not kept twice.
#[derive(Debug, Clone, PartialEq)]
enum RowId {
    /// Not known yet (the customer's message before the service confirmed it).
    None,
    /// The row's key.
    Key,
    Other(String),
}

impl RowId {
    fn of(id: Option<String>, key: &str) -> RowId {
        match id {
            None => RowId::None,
            Some(id) if id == key => RowId::Key,
            Some(id) => RowId::Other(id),
        }
    }

    fn get(&self, key: &str) -> Option<String> {
        match self {
            RowId::None => None,
            RowId::Key => Some(key.to_owned()),
            RowId::Other(id) => Some(id.clone()),
        }
    }
}

/// What can change in a line over its life: one signal per row (see [`Row`]).
#[derive(Debug, Clone, PartialEq)]
struct RowState {
    id: RowId,
    name: Option<Arc<str>>,
    participant_id: Option<Arc<str>>,
    time: Option<Millis>,
    content: Box<str>,
    attachments: Vec<AttachmentItem>,
    delivery: Option<Delivery>,
    continued: bool,
    opens_past: bool,
    streaming: bool,
    answerable: bool,
    /// Counts the changes that can move what follows the row on screen.
    layout: u32,
}

impl RowState {
    /// What `line` (of the row keyed `key`) says that can change, with the row's place in its
    /// run and its layout count.
    fn of(line: Line, key: &str, continued: bool, opens_past: bool, layout: u32) -> RowState {
        RowState {
            id: RowId::of(line.id, key),
            name: line.name.map(share),
            participant_id: line.participant_id.map(share),
            time: line.time,
            content: line.content.into_boxed_str(),
            attachments: line.attachments,
            delivery: line.delivery,
            continued,
            opens_past,
            streaming: line.streaming,
            answerable: line.answerable,
            layout,
        }
    }
}

/// One line of the conversation in the list. Cheap to clone (it is shared).
///
/// What a timeline entry is (its kind, its author's role, whether it is the customer's, its
/// content type, its ClientToken) does not change over its life: plain fields. What can
/// change is one signal for the whole row, which the rendered row's parts read through the
/// accessors below: a long chat holds thousands of rows, and a signal per field cost each
/// of them a dozen reactive nodes (the 10,000-line benchmark's wasm memory doubled). Rows
/// change rarely, so a change re-running every part of one rendered row is cheap.
#[derive(Clone)]
pub struct Row(Arc<RowData>);

struct RowData {
    key: Box<str>,
    kind: LineKind,
    role: Role,
    mine: bool,
    content_type: Arc<str>,
    client_token: Option<Box<str>>,
    past: bool,
    hidden: bool,
    state: ArcRwSignal<RowState>,
    /// While the row is drawn: the trigger its drawing tracks, with how many drawings share it
    /// (see [`Row::drawn`]).
    drawing: Mutex<Option<(u32, ArcTrigger)>>,
    /// Only an interactive message's: written by the message itself on a choice, so its own
    /// signal.
    answered: Option<ArcRwSignal<bool>>,
}

impl RowData {
    /// The drawing's trigger, while the row is drawn.
    fn drawing(&self) -> Option<ArcTrigger> {
        let drawing = self.drawing.lock().unwrap_or_else(PoisonError::into_inner);
        drawing.as_ref().map(|(_, trigger)| trigger.clone())
    }

    /// Tracks the row: through its drawing's trigger while it is drawn, else its state.
    fn track(&self) {
        match self.drawing() {
            Some(trigger) => trigger.track(),
            None => self.state.track(),
        }
    }

    /// Tells the drawing that the row changed (the state's own readers hear it from the state).
    fn changed(&self) {
        if let Some(trigger) = self.drawing() {
            trigger.notify();
        }
    }
}

impl PartialEq for Row {
    /// The same row, not an equal one: a list of rows compares in constant time per row.
    fn eq(&self, other: &Row) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Row").field(&self.0.key).finish()
    }
}

impl Row {
    /// A row showing `line`.
    pub fn new(mut line: Line) -> Row {
        let key = std::mem::take(&mut line.key).into_boxed_str();
        let content_type = share(std::mem::take(&mut line.content_type));
        let client_token = line.client_token.take().map(String::into_boxed_str);
        let (kind, role, mine, past, hidden, answered) = (
            line.kind,
            line.role,
            line.mine,
            line.past,
            line.hidden,
            line.answered,
        );
        let state = RowState::of(line, &key, false, false, 0);
        Row(Arc::new(RowData {
            key,
            kind,
            role,
            mine,
            content_type,
            client_token,
            past,
            hidden,
            state: ArcRwSignal::new(state),
            drawing: Mutex::new(None),
            answered: (kind == LineKind::Interactive).then(|| ArcRwSignal::new(answered)),
        }))
    }

    /// Shows `line` (the same entry, changed): nothing is notified if nothing differs.
    fn set(&self, line: Line) {
        let r = &self.0;
        let answered = line.answered;
        // Answered stays answered: the customer's choice may be ahead of the transcript.
        let newly_answered = answered && r.answered.as_ref().is_some_and(|a| !a.get_untracked());
        let mut changed = false;
        r.state.maybe_update(|s| {
            let mut next = RowState::of(line, &r.key, s.continued, s.opens_past, s.layout);
            if next == *s && !newly_answered {
                return false;
            }
            changed = true;
            // A streamed reply's flag alone does not move what follows.
            let moves = RowState {
                streaming: s.streaming,
                ..next.clone()
            } != *s;
            if moves || newly_answered {
                next.layout = s.layout.wrapping_add(1);
            }
            *s = next;
            true
        });
        if changed {
            r.changed();
        }
        if newly_answered {
            if let Some(a) = &r.answered {
                a.set(true);
            }
        }
    }

    /// A field of the row's state, tracked: it re-runs what reads it on any change of the row.
    fn field<T: Send + Sync + 'static>(
        &self,
        f: impl Fn(&RowData, &RowState) -> T + Send + Sync + 'static,
    ) -> Signal<T> {
        let row = self.0.clone();
        Signal::derive(move || {
            row.track();
            row.state.with_untracked(|s| f(&row, s))
        })
    }

    /// The stable key ([`Entry::key`]).
    pub fn key(&self) -> &str {
        &self.0.key
    }

    pub fn kind(&self) -> LineKind {
        self.0.kind
    }

    pub fn role(&self) -> Role {
        self.0.role
    }

    /// Whether the customer of this chat wrote it.
    pub fn mine(&self) -> bool {
        self.0.mine
    }

    pub fn content_type(&self) -> &str {
        &self.0.content_type
    }

    /// For the customer's messages: the ClientToken, to retry.
    pub fn client_token(&self) -> Option<&str> {
        self.0.client_token.as_deref()
    }

    /// The service's item Id, once known.
    pub fn id(&self) -> Signal<Option<String>> {
        self.field(|r, s| s.id.get(&r.key))
    }

    pub fn name(&self) -> Signal<Option<String>> {
        self.field(|_, s| s.name.as_deref().map(str::to_owned))
    }

    /// The text (a streamed reply's grows as its chunks arrive).
    pub fn content(&self) -> Signal<String> {
        self.field(|_, s| s.content.to_string())
    }

    /// The name and text now, tracked (without an accessor's allocation: for code that runs
    /// again and again in one owner).
    pub fn name_and_content(&self) -> (Option<String>, String) {
        self.0
            .state
            .with(|s| (s.name.as_deref().map(str::to_owned), s.content.to_string()))
    }

    pub fn time(&self) -> Signal<Option<Millis>> {
        self.field(|_, s| s.time)
    }

    /// The attachments and their scan status.
    pub fn attachments(&self) -> Signal<Vec<AttachmentItem>> {
        self.field(|_, s| s.attachments.clone())
    }

    /// Where the customer's message is.
    pub fn delivery(&self) -> Signal<Option<Delivery>> {
        self.field(|_, s| s.delivery.clone())
    }

    /// Whether it continues the previous line's run (the name is not repeated).
    pub fn continued(&self) -> Signal<bool> {
        self.field(|_, s| s.continued)
    }

    /// Whether the customer answered this interactive message: from the transcript (the
    /// customer wrote after it), or set by the interactive message itself on a choice, kept
    /// with the row so that it lasts while the row scrolls out and back. `None` for another
    /// kind of line, which is never answered.
    pub fn answered(&self) -> Option<ArcRwSignal<bool>> {
        self.0.answered.clone()
    }

    /// Whether this interactive message can be answered now: it is the newest line.
    pub fn answerable(&self) -> Signal<bool> {
        self.field(|_, s| s.answerable)
    }

    /// Whether this is a streamed reply still coming.
    pub fn streaming(&self) -> Signal<bool> {
        self.field(|_, s| s.streaming)
    }

    /// From an earlier contact of a persistent chat.
    pub fn past(&self) -> bool {
        self.0.past
    }

    /// One of the customer's lines that is not shown (a paging reply).
    pub fn hidden(&self) -> bool {
        self.0.hidden
    }

    /// Whether the "previous conversation" divider goes above this line: it is past and
    /// the line before it is not (or there is none).
    pub fn opens_past(&self) -> Signal<bool> {
        self.field(|_, s| s.opens_past)
    }

    /// How many changes that can move the lines after this one on screen the row has had,
    /// tracked (it re-runs what reads it on any change of the row; the count tells which
    /// changes matter).
    pub fn layout_count(&self) -> u32 {
        self.0.state.with(|s| s.layout)
    }

    /// A drawing of the row begins: until [`Row::undrawn`], the accessors track a trigger of
    /// the drawing's rather than the row's state. A dropped effect stays listed in what it
    /// read, and a row lives as long as the chat: effects tracking its state would leave an
    /// entry behind every time the row scrolled into view. The trigger goes with the drawing.
    pub fn drawn(&self) {
        let mut drawing = self
            .0
            .drawing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match &mut *drawing {
            Some((count, _)) => *count += 1,
            None => *drawing = Some((1, ArcTrigger::new())),
        }
    }

    /// A drawing of the row ended (see [`Row::drawn`]).
    pub fn undrawn(&self) {
        let mut drawing = self
            .0
            .drawing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((count, _)) = &mut *drawing {
            *count -= 1;
            if *count == 0 {
                *drawing = None;
            }
        }
    }

    /// The line as plain data now, untracked.
    pub fn line(&self) -> Line {
        let r = &self.0;
        r.state.with_untracked(|s| Line {
            key: r.key.to_string(),
            id: s.id.get(&r.key),
            kind: r.kind,
            role: r.role,
            mine: r.mine,
            name: s.name.as_deref().map(str::to_owned),
            participant_id: s.participant_id.as_deref().map(str::to_owned),
            time: s.time,
            content_type: r.content_type.to_string(),
            content: s.content.to_string(),
            attachments: s.attachments.clone(),
            delivery: s.delivery.clone(),
            client_token: r.client_token.as_deref().map(str::to_owned),
            past: r.past,
            hidden: r.hidden,
            streaming: s.streaming,
            answerable: s.answerable,
            answered: r.answered.as_ref().is_some_and(|a| a.get_untracked()),
        })
    }

    /// Whether this row continues the run of `previous` (same sender, close in time).
    fn continues(&self, previous: Option<&Row>) -> bool {
        let Some(prev) = previous else { return false };
        let (prev, line) = (&prev.0, &self.0);
        prev.kind != LineKind::Event
            && line.kind != LineKind::Event
            && prev.role == line.role
            && prev.state.with_untracked(|p| {
                line.state.with_untracked(|l| {
                    p.participant_id == l.participant_id
                        && match (p.time, l.time) {
                            (Some(a), Some(b)) => (b - a).abs() <= RUN_GAP_MS,
                            (_, time) => time.is_none(),
                        }
                })
            })
    }
}

/// Changes to the list of rows, by position, as one batch (see
/// [`StateWriter::edit_lines`](super::state::StateWriter::edit_lines)). A row removed and
/// inserted again in one batch (an entry that moved) is the same row, so its DOM and its
/// [`Row::answered`] stay. When the batch ends, the rows around the changes learn whether they
/// continue a run.
pub struct LinesEdit<'a> {
    rows: &'a mut Vec<Row>,
    /// Rows removed in this batch, for an entry that comes back.
    removed: Vec<Row>,
    /// The rows whose run may have changed, in the list's positions now.
    touched: Option<Range<usize>>,
    /// Whether a row came or went (the list itself changed, not only rows in it).
    moved: bool,
}

impl<'a> LinesEdit<'a> {
    pub(super) fn new(rows: &'a mut Vec<Row>) -> LinesEdit<'a> {
        LinesEdit {
            rows,
            removed: Vec::new(),
            touched: None,
            moved: false,
        }
    }

    /// How many rows there are now.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The key of the row at `index`.
    pub fn key(&self, index: usize) -> Option<&str> {
        self.rows.get(index).map(Row::key)
    }

    /// Marks `range` as needing its runs worked out again.
    fn touch(&mut self, range: Range<usize>) {
        self.touched = Some(match self.touched.take() {
            Some(t) => t.start.min(range.start)..t.end.max(range.end),
            None => range,
        });
    }

    /// Inserts `line` at `index` (clamped to the end).
    pub fn insert(&mut self, index: usize, line: Line) {
        let index = index.min(self.rows.len());
        let row = match self.removed.iter().position(|r| *r.key() == *line.key) {
            Some(i) => {
                let row = self.removed.swap_remove(i);
                row.set(line);
                row
            }
            None => Row::new(line),
        };
        self.rows.insert(index, row);
        if let Some(t) = &mut self.touched {
            if t.end > index {
                t.end += 1;
            }
            if t.start > index {
                t.start += 1;
            }
        }
        // The row itself and the one it now precedes.
        self.touch(index..index + 2);
        self.moved = true;
    }

    /// Shows `line` in the row at `index`, in place.
    pub fn update(&mut self, index: usize, line: Line) {
        if let Some(row) = self.rows.get(index) {
            row.set(line);
            self.touch(index..index + 2);
        }
    }

    /// Removes the row at `index`.
    pub fn remove(&mut self, index: usize) {
        if index >= self.rows.len() {
            return;
        }
        self.removed.push(self.rows.remove(index));
        if let Some(t) = &mut self.touched {
            if t.end > index {
                t.end -= 1;
            }
            if t.start > index {
                t.start -= 1;
            }
        }
        // The row that took its place now follows another one.
        self.touch(index..index + 1);
        self.moved = true;
    }

    /// Works out the runs around the changes; returns whether rows came or went.
    pub(super) fn finish(self) -> bool {
        if let Some(range) = self.touched {
            let end = range.end.min(self.rows.len());
            for i in range.start.min(end)..end {
                let row = &self.rows[i];
                let previous = i.checked_sub(1).map(|p| &self.rows[p]);
                let continued = row.continues(previous);
                let opens_past = row.0.past && previous.is_none_or(|p| !p.0.past);
                let mut changed = false;
                row.0.state.maybe_update(|s| {
                    if s.continued == continued && s.opens_past == opens_past {
                        return false;
                    }
                    s.continued = continued;
                    s.opens_past = opens_past;
                    s.layout = s.layout.wrapping_add(1);
                    changed = true;
                    true
                });
                if changed {
                    row.0.changed();
                }
            }
        }
        self.moved
    }
}

/// One upload the customer started, as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadView {
    /// The upload's ClientToken.
    pub token: String,
    pub name: String,
    pub size: u64,
    /// 0.0 ..= 1.0.
    pub progress: f64,
    pub state: UploadState,
    /// An object URL of the local file, for image thumbnails.
    pub thumbnail: Option<String>,
}

/// Where an upload is, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UploadState {
    /// Picked while offline: it starts once the browser is back online.
    Waiting,
    Uploading,
    /// Uploaded and handed to the scanner; it shows in the transcript when approved.
    Done,
    /// It failed: why, worded for the customer, and whether uploading the file again may
    /// help (a retry is offered only then).
    Failed {
        reason: String,
        retry: bool,
    },
    Cancelled,
}

/// One upload in the tray, keyed by its token; its progress and state are signals. Cheap
/// to clone (it is shared).
#[derive(Clone)]
pub struct UploadRow(Arc<UploadData>);

struct UploadData {
    token: String,
    name: String,
    thumbnail: Option<String>,
    /// The AttachmentId the service gave the upload, once it has one.
    attachment_id: ArcRwSignal<Option<String>>,
    progress: ArcRwSignal<f64>,
    state: ArcRwSignal<UploadState>,
}

impl PartialEq for UploadRow {
    fn eq(&self, other: &UploadRow) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl UploadRow {
    /// A row showing `upload`.
    pub fn new(upload: UploadView) -> UploadRow {
        UploadRow(Arc::new(UploadData {
            token: upload.token,
            name: upload.name,
            thumbnail: upload.thumbnail,
            attachment_id: ArcRwSignal::new(None),
            progress: ArcRwSignal::new(upload.progress),
            state: ArcRwSignal::new(upload.state),
        }))
    }

    /// The upload's ClientToken: the row's key.
    pub fn token(&self) -> &str {
        &self.0.token
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// An object URL of the local file, for image thumbnails.
    pub fn thumbnail(&self) -> Option<&str> {
        self.0.thumbnail.as_deref()
    }

    /// 0.0 ..= 1.0.
    pub fn progress(&self) -> ArcReadSignal<f64> {
        self.0.progress.read_only()
    }

    pub fn state(&self) -> ArcReadSignal<UploadState> {
        self.0.state.read_only()
    }

    /// Whether `row` is this upload shown in the conversation: the customer's attachment
    /// with the upload's AttachmentId, or (before the id is known) its file name.
    pub fn shown_by(&self, row: &Row) -> bool {
        if row.kind() != LineKind::Attachment || !row.mine() {
            return false;
        }
        let id = self.0.attachment_id.get_untracked();
        row.0.state.with_untracked(|s| {
            s.attachments.iter().any(|a| match (&id, &a.attachment_id) {
                (Some(id), Some(shown)) => id == shown,
                _ => a.attachment_name.as_deref() == Some(self.0.name.as_str()),
            })
        })
    }

    pub(super) fn set_attachment_id(&self, id: String) {
        set_changed(&self.0.attachment_id, Some(id));
    }

    pub(super) fn set_progress(&self, progress: f64) {
        set_changed(&self.0.progress, progress);
    }

    pub(super) fn set_state(&self, state: UploadState) {
        set_changed(&self.0.state, state);
    }
}
