//! Attachment uploads: StartAttachmentUpload, the PUT of the file (carried out by the
//! caller), then CompleteAttachmentUpload; the scanner's verdict arrives later as an
//! ATTACHMENT item.

use std::collections::BTreeMap;

use super::connection::Token;
use super::reason::reason_for;
use super::shared::{Core, Purpose};
use super::{AttachmentStatus, Event, Output};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::operations::{
    CompleteAttachmentUpload, CompleteAttachmentUploadResponse, StartAttachmentUpload,
    StartAttachmentUploadResponse,
};

/// Where an upload is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
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
            Phase::Starting => None,
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
        if !token.is_set() || !online {
            let reason = "Not connected; please try again in a moment.".into();
            return status(core, client_token, AttachmentStatus::Failed { reason });
        }
        let purpose = Purpose::StartUpload {
            client_token: client_token.clone(),
        };
        match core.call(&op, purpose, token.bearer()) {
            Ok(_) => {
                self.uploads.insert(client_token.clone(), Phase::Starting);
                status(core, client_token, AttachmentStatus::Starting);
            }
            Err(e) => {
                let reason = reason_for(&e);
                status(core, client_token, AttachmentStatus::Failed { reason });
            }
        }
    }

    fn failed(&mut self, core: &mut Core, client_token: String, reason: String) {
        self.uploads.remove(&client_token);
        status(core, client_token, AttachmentStatus::Failed { reason });
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
            Err(e) => return self.failed(core, client_token, reason_for(&e)),
        };
        let metadata = response.upload_metadata.unwrap_or_default();
        let (Some(attachment_id), Some(url)) = (response.attachment_id, metadata.url) else {
            let reason = "The service did not say where to upload the file.".into();
            return self.failed(core, client_token, reason);
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
                let reason = format!("The upload did not finish ({e}).");
                return self.failed(core, client_token, reason);
            }
        };
        if !(200..300).contains(&response.status) {
            let reason = format!(
                "The file storage refused the upload (HTTP {}).",
                response.status
            );
            return self.failed(core, client_token, reason);
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
            Err(e) => self.failed(core, client_token, reason_for(&e)),
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
            Err(e) => self.failed(core, client_token, reason_for(&e)),
        }
    }

    /// The customer cancelled an upload: its answers are no longer awaited and the file is
    /// not PUT. Once the file is stored (completing) it is too late: the upload finishes.
    pub fn cancel(&mut self, core: &mut Core, client_token: String) {
        match self.uploads.get(&client_token) {
            None | Some(Phase::Completing { .. }) => return,
            Some(Phase::Starting | Phase::Uploading { .. }) => {}
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
