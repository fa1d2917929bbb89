//! Attachment uploads: StartAttachmentUpload, the PUT of the file (carried out by the
//! caller), then CompleteAttachmentUpload; the scanner's verdict arrives later as an
//! ATTACHMENT item.
//!
//! Each upload's calls go when the browser is online and the ConnectionToken is usable, so a
//! file picked offline waits for the network. A StartAttachmentUpload or
//! CompleteAttachmentUpload that fails in a way a retry may mend (throttling, a server
//! error, the network, a refused token) is sent again with backoff, the same request with the
//! same ClientToken, up to [`super::SessionConfig::upload_max_attempts`] times; a retried
//! completion does not PUT the file again. What cannot succeed on a retry (a full quota, a
//! validation error) fails at once. A failure says whether the customer's retry may help
//! ([`AttachmentStatus::Failed`]'s `is_recoverable`).
//!
//! The official client sends each call once through the SDK's default retry and does not
//! look at the PUT's status (chatjs `src/client/client.js:263-298`); its interface offers a
//! retry of the whole upload for any failure but a validation error or a full quota (ui
//! `ChatSession.js:378-409`).

use super::connection::Token;
use super::retry::Retry;
use super::shared::{Core, Purpose};
use super::timer::{at, Timeout, Wake};
use super::{AttachmentStatus, Event, Failure, Output};
use crate::attachments::UploadRefusal;
use crate::error::{Error, ErrorKind};
use crate::http::HttpResponse;
use crate::operations::{
    CompleteAttachmentUpload, CompleteAttachmentUploadResponse, StartAttachmentUpload,
    StartAttachmentUploadResponse,
};
use crate::retry::is_retryable;
use crate::time::Millis;

/// Where an upload is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    /// StartAttachmentUpload is to go (when online), is out, or waits for its retry.
    Starting,
    /// The file is being PUT.
    Uploading { attachment_id: String },
    /// CompleteAttachmentUpload is to go, is out, or waits for its retry.
    Completing { attachment_id: String },
}

/// One upload in progress.
#[derive(Debug)]
struct Upload {
    /// Kept to be sent again as it is: its ClientToken makes every try the same upload.
    op: StartAttachmentUpload,
    phase: Phase,
    /// The current call's tries (StartAttachmentUpload's, then CompleteAttachmentUpload's).
    retry: Retry,
}

impl Upload {
    fn token(&self) -> &str {
        &self.op.client_token
    }

    /// Whether its call is to go at `now`.
    fn due(&self, now: Millis) -> bool {
        !matches!(self.phase, Phase::Uploading { .. }) && self.retry.ready(now)
    }
}

/// The uploads in progress, in the order picked.
#[derive(Debug, Default)]
pub(super) struct Uploads {
    uploads: Vec<Upload>,
}

/// Why an upload failed: a full quota means the chat has too many attachments.
fn upload_failure(error: &Error) -> Failure {
    match error.kind() {
        Some(ErrorKind::ServiceQuotaExceeded) => Failure::Upload(UploadRefusal::TooMany),
        _ => Failure::of(error),
    }
}

/// Whether a new upload of the file may get past a storage refusal with this status: it
/// comes with a fresh URL (an expired one is refused with 403), and the storage may be
/// busy; a file it refuses as such (too large, bad headers) is refused again.
fn storage_may_accept(status: u16) -> bool {
    matches!(status, 403 | 408 | 429 | 500..=599)
}

fn status(core: &mut Core, client_token: String, status: AttachmentStatus) {
    core.event(Event::Attachment {
        client_token,
        status,
    });
}

impl Uploads {
    fn position(&self, client_token: &str) -> Option<usize> {
        self.uploads.iter().position(|u| u.token() == client_token)
    }

    /// Begins an upload: the service is asked where to put the file as soon as it can be
    /// (at the next [`Uploads::pump`], at once when online).
    pub fn start(
        &mut self,
        core: &mut Core,
        token: &Token,
        online: bool,
        op: StartAttachmentUpload,
    ) {
        let client_token = op.client_token.clone();
        if self.position(&client_token).is_some() {
            return;
        }
        if !token.is_set() {
            let failed = AttachmentStatus::Failed {
                failure: Failure::NotConnected,
                error: None,
                is_recoverable: true,
            };
            return status(core, client_token, failed);
        }
        self.uploads.push(Upload {
            op,
            phase: Phase::Starting,
            retry: Retry::default(),
        });
        if !online {
            status(core, client_token, AttachmentStatus::Waiting);
        }
    }

    /// The browser is back online: a retry that waited goes at once.
    pub fn online(&mut self, now: Millis) {
        for upload in &mut self.uploads {
            upload.retry.hurry(now);
        }
    }

    /// Sends the calls that are due, in the order picked, while the token is usable.
    pub fn pump(&mut self, core: &mut Core, token: &Token, now: Millis) {
        if !token.valid(now) {
            return;
        }
        let due: Vec<String> = self
            .uploads
            .iter()
            .filter(|u| u.due(now))
            .map(|u| u.token().to_owned())
            .collect();
        for client_token in due {
            self.send(core, token, &client_token);
        }
    }

    /// Sends the upload's current call: StartAttachmentUpload, or CompleteAttachmentUpload
    /// once the file is stored.
    fn send(&mut self, core: &mut Core, token: &Token, client_token: &str) {
        let Some(pos) = self.position(client_token) else {
            return;
        };
        let upload = &self.uploads[pos];
        let key = client_token.to_owned();
        let (sent, shown) = match &upload.phase {
            Phase::Starting => {
                let purpose = Purpose::StartUpload { client_token: key };
                let sent = core.call(&upload.op, purpose, token.bearer());
                (sent, AttachmentStatus::Starting)
            }
            Phase::Completing { attachment_id } => {
                let op = CompleteAttachmentUpload {
                    attachment_ids: vec![attachment_id.clone()],
                    client_token: key.clone(),
                };
                let purpose = Purpose::CompleteUpload { client_token: key };
                let sent = core.call(&op, purpose, token.bearer());
                let attachment_id = attachment_id.clone();
                (sent, AttachmentStatus::Completing { attachment_id })
            }
            Phase::Uploading { .. } => return,
        };
        match sent {
            Ok(_) => {
                self.uploads[pos].retry.sent();
                status(core, client_token.to_owned(), shown);
            }
            Err(e) => self.fail(core, pos, upload_failure(&e), Some(e), false),
        }
    }

    /// The upload at `pos` failed: it leaves, and the UI is told why.
    fn fail(
        &mut self,
        core: &mut Core,
        pos: usize,
        failure: Failure,
        error: Option<Error>,
        is_recoverable: bool,
    ) {
        let upload = self.uploads.remove(pos);
        let failed = AttachmentStatus::Failed {
            failure,
            error,
            is_recoverable,
        };
        status(core, upload.op.client_token, failed);
    }

    /// A StartAttachmentUpload or CompleteAttachmentUpload failed: it is tried again later
    /// if that may help and tries are left, else the upload fails.
    fn on_error(&mut self, core: &mut Core, pos: usize, error: Error, now: Millis) {
        // A refused token is renewed (the caller saw to it); the call waits for the new one.
        let refused = error.kind() == Some(&ErrorKind::AccessDenied);
        if !is_retryable(&error) && !refused {
            return self.fail(core, pos, upload_failure(&error), Some(error), false);
        }
        let retry = &mut self.uploads[pos].retry;
        let attempts = retry.failed();
        if attempts >= core.config.upload_max_attempts {
            let is_recoverable = !refused;
            return self.fail(core, pos, Failure::of(&error), Some(error), is_recoverable);
        }
        let at = now + core.backoff(attempts);
        self.uploads[pos].retry.retry_at(at);
    }

    /// The service reserved the upload: the caller PUTs the file.
    pub fn on_started(
        &mut self,
        core: &mut Core,
        client_token: String,
        result: Result<StartAttachmentUploadResponse, Error>,
        now: Millis,
    ) {
        let Some(pos) = self.position(&client_token) else {
            return;
        };
        self.uploads[pos].retry.answered();
        let response = match result {
            Ok(r) => r,
            Err(e) => return self.on_error(core, pos, e, now),
        };
        let metadata = response.upload_metadata.unwrap_or_default();
        let (Some(attachment_id), Some(url)) = (response.attachment_id, metadata.url) else {
            // The service did not say where to put the file.
            return self.fail(core, pos, Failure::BadAnswer, None, false);
        };
        let upload = &mut self.uploads[pos];
        upload.phase = Phase::Uploading {
            attachment_id: attachment_id.clone(),
        };
        upload.retry.reset();
        let id = core.expect(Purpose::PutUpload {
            client_token: client_token.clone(),
        });
        core.emit(Output::PutAttachment {
            id,
            client_token: client_token.clone(),
            url,
            headers: metadata
                .headers_to_include
                .unwrap_or_default()
                .into_iter()
                .collect(),
        });
        status(
            core,
            client_token,
            AttachmentStatus::Uploading { attachment_id },
        );
    }

    /// The PUT finished (any status) or failed. Once it stored the file, the completion is
    /// due (at the next [`Uploads::pump`]).
    pub fn on_put(
        &mut self,
        core: &mut Core,
        client_token: String,
        result: Result<HttpResponse, String>,
    ) {
        let Some(pos) = self.position(&client_token) else {
            return;
        };
        let Phase::Uploading { attachment_id } = &self.uploads[pos].phase else {
            return;
        };
        let attachment_id = attachment_id.clone();
        let response = match result {
            Ok(response) => response,
            Err(e) => {
                let error = Some(Error::Network(e));
                return self.fail(core, pos, Failure::Network, error, true);
            }
        };
        if !(200..300).contains(&response.status) {
            let status = response.status;
            let failure = Failure::Upload(UploadRefusal::Storage { status });
            return self.fail(core, pos, failure, None, storage_may_accept(status));
        }
        self.uploads[pos].phase = Phase::Completing { attachment_id };
    }

    /// The answer to CompleteAttachmentUpload.
    pub fn on_completed(
        &mut self,
        core: &mut Core,
        client_token: String,
        result: Result<CompleteAttachmentUploadResponse, Error>,
        now: Millis,
    ) {
        let Some(pos) = self.position(&client_token) else {
            return;
        };
        self.uploads[pos].retry.answered();
        if let Err(e) = result {
            return self.on_error(core, pos, e, now);
        }
        let upload = self.uploads.remove(pos);
        let Phase::Completing { attachment_id } = upload.phase else {
            return;
        };
        status(
            core,
            client_token,
            AttachmentStatus::Uploaded { attachment_id },
        );
    }

    /// The customer cancelled an upload: its answers are no longer awaited, the file is not
    /// PUT, and no retry follows. Once CompleteAttachmentUpload is out it is too late: the
    /// upload finishes.
    pub fn cancel(&mut self, core: &mut Core, client_token: String) {
        let Some(pos) = self.position(&client_token) else {
            return;
        };
        let upload = &self.uploads[pos];
        if matches!(upload.phase, Phase::Completing { .. }) && upload.retry.in_flight() {
            return;
        }
        self.uploads.remove(pos);
        core.forget(|p| match p {
            Purpose::StartUpload { client_token: t } | Purpose::PutUpload { client_token: t } => {
                *t == client_token
            }
            _ => false,
        });
        status(core, client_token, AttachmentStatus::Cancelled);
    }

    /// The chat ended: the uploads in progress fail, and none is tried again.
    pub fn abandon(&mut self, core: &mut Core) {
        for upload in std::mem::take(&mut self.uploads) {
            let failed = AttachmentStatus::Failed {
                failure: Failure::ChatEnded,
                error: None,
                is_recoverable: false,
            };
            status(core, upload.op.client_token, failed);
        }
    }

    /// When the next retry is due.
    pub fn poll_timeout(&self) -> Timeout {
        let next = self.uploads.iter().filter_map(|u| u.retry.deadline()).min();
        at(next, Wake::Upload)
    }
}
