//! Attachment uploads: StartAttachmentUpload, the PUT of the file (carried out by the
//! caller), then CompleteAttachmentUpload; the scanner's verdict arrives later as an
//! ATTACHMENT item.

use std::collections::BTreeMap;

use super::connection::Token;
use super::shared::{Core, Purpose};
use super::{AttachmentStatus, Event, Failure, Output};
use crate::attachments::UploadRefusal;
use crate::error::Error;
use crate::error::ErrorKind;
use crate::http::HttpResponse;
use crate::operations::{
    CompleteAttachmentUpload, CompleteAttachmentUploadResponse, StartAttachmentUpload,
    StartAttachmentUploadResponse,
};

/// Where an upload is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    /// Picked while the browser was offline: it starts once it is back online.
    Waiting,
    /// StartAttachmentUpload is out.
    Starting,
    /// The file is being PUT.
    Uploading { attachment_id: String },
    /// CompleteAttachmentUpload is out.
    Completing { attachment_id: String },
}

impl Phase {
    fn attachment_id(&self) -> Option<&String> {
        match self {
            Phase::Waiting | Phase::Starting => None,
            Phase::Uploading { attachment_id } | Phase::Completing { attachment_id } => {
                Some(attachment_id)
            }
        }
    }
}

/// The uploads in progress, by ClientToken.
#[derive(Debug, Default)]
pub(super) struct Uploads {
    uploads: BTreeMap<String, Phase>,
    /// The uploads picked while offline, in the order picked (a cancelled one stays here
    /// until then, no longer `Waiting` in `uploads`).
    waiting: Vec<StartAttachmentUpload>,
}

/// Why an upload failed: a full quota means the chat has too many attachments.
fn upload_failure(error: &Error) -> Failure {
    match error.kind() {
        Some(ErrorKind::ServiceQuotaExceeded) => Failure::Upload(UploadRefusal::TooMany),
        _ => Failure::of(error),
    }
}

fn status(core: &mut Core, client_token: String, status: AttachmentStatus) {
    core.event(Event::Attachment {
        client_token,
        status,
    });
}

impl Uploads {
    /// Begins an upload: asks the service where to put the file.
    pub fn start(
        &mut self,
        core: &mut Core,
        token: &Token,
        online: bool,
        op: StartAttachmentUpload,
    ) {
        let client_token = op.client_token.clone();
        if self.uploads.contains_key(&client_token) {
            return;
        }
        if !token.is_set() {
            let failed = AttachmentStatus::Failed {
                failure: Failure::NotConnected,
                error: None,
            };
            return status(core, client_token, failed);
        }
        if !online {
            self.uploads.insert(client_token.clone(), Phase::Waiting);
            self.waiting.push(op);
            return status(core, client_token, AttachmentStatus::Waiting);
        }
        self.begin(core, token, op);
    }

    /// The browser is back online: the uploads picked meanwhile start, in the order picked.
    pub fn online(&mut self, core: &mut Core, token: &Token) {
        for op in std::mem::take(&mut self.waiting) {
            if self.uploads.get(&op.client_token) != Some(&Phase::Waiting) {
                continue;
            }
            self.uploads.remove(&op.client_token);
            if token.is_set() {
                self.begin(core, token, op);
            } else {
                let failed = AttachmentStatus::Failed {
                    failure: Failure::NotConnected,
                    error: None,
                };
                status(core, op.client_token, failed);
            }
        }
    }

    /// Asks the service where to put the file.
    fn begin(&mut self, core: &mut Core, token: &Token, op: StartAttachmentUpload) {
        let client_token = op.client_token.clone();
        let purpose = Purpose::StartUpload {
            client_token: client_token.clone(),
        };
        match core.call(&op, purpose, token.bearer()) {
            Ok(_) => {
                self.uploads.insert(client_token.clone(), Phase::Starting);
                status(core, client_token, AttachmentStatus::Starting);
            }
            Err(e) => self.failed(core, client_token, upload_failure(&e), Some(e)),
        }
    }

    fn failed(
        &mut self,
        core: &mut Core,
        client_token: String,
        failure: Failure,
        error: Option<Error>,
    ) {
        self.uploads.remove(&client_token);
        status(
            core,
            client_token,
            AttachmentStatus::Failed { failure, error },
        );
    }

    /// The service reserved the upload: the caller PUTs the file.
    pub fn on_started(
        &mut self,
        core: &mut Core,
        client_token: String,
        result: Result<StartAttachmentUploadResponse, Error>,
    ) {
        let response = match result {
            Ok(r) => r,
            Err(e) => return self.failed(core, client_token, upload_failure(&e), Some(e)),
        };
        let metadata = response.upload_metadata.unwrap_or_default();
        let (Some(attachment_id), Some(url)) = (response.attachment_id, metadata.url) else {
            // The service did not say where to put the file.
            return self.failed(core, client_token, Failure::BadAnswer, None);
        };
        if let Some(phase) = self.uploads.get_mut(&client_token) {
            *phase = Phase::Uploading {
                attachment_id: attachment_id.clone(),
            };
        }
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

    /// The PUT finished (any status) or failed.
    pub fn on_put(
        &mut self,
        core: &mut Core,
        token: &Token,
        client_token: String,
        result: Result<HttpResponse, String>,
    ) {
        let Some(attachment_id) = self
            .uploads
            .get(&client_token)
            .and_then(Phase::attachment_id)
            .cloned()
        else {
            return;
        };
        let response = match result {
            Ok(response) => response,
            Err(e) => {
                let error = Some(Error::Network(e));
                return self.failed(core, client_token, Failure::Network, error);
            }
        };
        if !(200..300).contains(&response.status) {
            let status = response.status;
            let failure = Failure::Upload(UploadRefusal::Storage { status });
            return self.failed(core, client_token, failure, None);
        }
        let op = CompleteAttachmentUpload {
            attachment_ids: vec![attachment_id.clone()],
            client_token: client_token.clone(),
        };
        let purpose = Purpose::CompleteUpload {
            client_token: client_token.clone(),
        };
        match core.call(&op, purpose, token.bearer()) {
            Ok(_) => {
                self.uploads.insert(
                    client_token.clone(),
                    Phase::Completing {
                        attachment_id: attachment_id.clone(),
                    },
                );
                status(
                    core,
                    client_token,
                    AttachmentStatus::Completing { attachment_id },
                );
            }
            Err(e) => self.failed(core, client_token, upload_failure(&e), Some(e)),
        }
    }

    /// The answer to CompleteAttachmentUpload.
    pub fn on_completed(
        &mut self,
        core: &mut Core,
        client_token: String,
        result: Result<CompleteAttachmentUploadResponse, Error>,
    ) {
        match result {
            Ok(_) => {
                let attachment_id = self
                    .uploads
                    .remove(&client_token)
                    .and_then(|p| p.attachment_id().cloned())
                    .unwrap_or_default();
                status(
                    core,
                    client_token,
                    AttachmentStatus::Uploaded { attachment_id },
                );
            }
            Err(e) => self.failed(core, client_token, upload_failure(&e), Some(e)),
        }
    }

    /// The customer cancelled an upload: its answers are no longer awaited and the file is
    /// not PUT. Once the file is stored (completing) it is too late: the upload finishes.
    pub fn cancel(&mut self, core: &mut Core, client_token: String) {
        match self.uploads.get(&client_token) {
            None | Some(Phase::Completing { .. }) => return,
            Some(Phase::Waiting | Phase::Starting | Phase::Uploading { .. }) => {}
        }
        self.uploads.remove(&client_token);
        core.forget(|p| match p {
            Purpose::StartUpload { client_token: t } | Purpose::PutUpload { client_token: t } => {
                *t == client_token
            }
            _ => false,
        });
        status(core, client_token, AttachmentStatus::Cancelled);
    }
}
