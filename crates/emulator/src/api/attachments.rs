//! StartAttachmentUpload, CompleteAttachmentUpload and GetAttachment.

use std::collections::BTreeMap;

use connect_participant::model::{ContentDisposition, UploadMetadata};
use connect_participant::time::{format_iso8601, Millis};
use connect_participant::*;

use super::{enum_error, Call, Serve};
use crate::error::ApiError;
use crate::state::{new_id, now_ms, Attachment, UploadStatus};

/// `attachment; filename="..."`, with RFC 5987 encoding when the name is not plain ASCII.
pub fn content_disposition(kind: &str, name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ');
    if plain {
        format!("{kind}; filename=\"{name}\"")
    } else {
        format!(
            "{kind}; filename*=UTF-8''{}",
            connect_participant::validate::percent_encode(name)
        )
    }
}

impl Serve for StartAttachmentUpload {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let app = call.app;
        let limits = &app.config.limits;
        if !request
            .content_type
            .chars()
            .all(|c| c.is_ascii_graphic() || c == ' ')
        {
            return Err(ApiError::validation("ContentType must be printable ASCII"));
        }
        let extension = request
            .attachment_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if !limits.allowed_extensions.contains(&extension) {
            return Err(ApiError::validation(format!(
                "Attachment type '.{extension}' is not supported; allowed: {}",
                limits.allowed_extensions.join(", ")
            )));
        }
        if request.attachment_size_in_bytes > limits.attachment_bytes {
            return Err(ApiError::validation(format!(
                "AttachmentSizeInBytes is {}; at most {} are allowed",
                request.attachment_size_in_bytes, limits.attachment_bytes
            )));
        }
        let caller = call.caller()?;
        let key = call.idempotency_key(&caller, Some(&request.client_token));
        let mut state = app.lock();
        if let Some(previous) = call.replay(&state, key.as_deref()) {
            return Ok(previous);
        }
        let contact = state
            .contacts
            .get_mut(&caller.contact_id)
            .ok_or_else(|| ApiError::access_denied("Unknown contact"))?;
        if contact.attachment_ids.len() >= limits.attachments_per_contact {
            return Err(ApiError::new(
                ErrorKind::ServiceQuotaExceeded,
                format!(
                    "The contact already has {} attachments, the most allowed",
                    contact.attachment_ids.len()
                ),
            ));
        }
        let id = new_id();
        contact.attachment_ids.push(id.clone());
        let object_key = format!("connect-attachments/{}/{id}", caller.contact_id);
        let mut signed: BTreeMap<String, String> = BTreeMap::new();
        signed.insert("Content-Type".into(), request.content_type.clone());
        signed.insert(
            "Content-Disposition".into(),
            content_disposition("attachment", &request.attachment_name),
        );
        signed.insert(
            "Content-Length".into(),
            request.attachment_size_in_bytes.to_string(),
        );
        signed.insert("x-amz-acl".into(), "bucket-owner-full-control".into());
        signed.insert("x-amz-meta-account_id".into(), crate::ACCOUNT_ID.into());
        signed.insert("x-amz-meta-contact_id".into(), caller.contact_id.clone());
        signed.insert(
            "x-amz-meta-initial_contact_id".into(),
            caller.initial_contact_id.clone(),
        );
        signed.insert(
            "x-amz-meta-organization_id".into(),
            crate::INSTANCE_ID.into(),
        );
        let now = now_ms();
        let expires = app.config.timing.upload_url_ttl.as_secs();
        let url = app
            .signer
            .presign("PUT", &object_key, &signed, &[], now, expires);
        state.attachments.insert(
            id.clone(),
            Attachment {
                id: id.clone(),
                contact_id: caller.contact_id.clone(),
                participant_id: caller.participant.id.clone(),
                name: request.attachment_name.clone(),
                content_type: request.content_type.clone(),
                size: request.attachment_size_in_bytes,
                key: object_key,
                status: UploadStatus::Pending,
            },
        );
        let out = StartAttachmentUploadResponse {
            attachment_id: Some(id),
            upload_metadata: Some(UploadMetadata {
                url: Some(url),
                url_expiry: Some(format_iso8601(now + expires as Millis * 1000)),
                headers_to_include: Some(signed),
            }),
        };
        call.remember(&mut state, key, &out);
        state.changed.notify_one();
        Ok(out)
    }
}

impl Serve for CompleteAttachmentUpload {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let caller = call.caller()?;
        let key = call.idempotency_key(&caller, Some(&request.client_token));
        let id = &request.attachment_ids[0];
        let mut state = call.app.lock();
        if let Some(previous) = call.replay(&state, key.as_deref()) {
            return Ok(previous);
        }
        let attachment = state
            .attachments
            .get(id)
            .filter(|a| a.contact_id == caller.contact_id)
            .cloned()
            .ok_or_else(|| {
                ApiError::validation(format!("Attachment {id} is not part of this chat"))
            })?;
        if attachment.status != UploadStatus::Pending {
            return Err(ApiError::conflict(format!(
                "Attachment {id} has already been completed"
            )));
        }
        let uploaded = state
            .objects
            .get(&attachment.key)
            .map(|(b, _)| b.len() as i64);
        match uploaded {
            None => {
                return Err(ApiError::conflict(format!(
                    "Attachment {id} has not been uploaded"
                )))
            }
            Some(n) if n != attachment.size => {
                return Err(ApiError::conflict(format!(
                    "Attachment {id} was declared as {} bytes but {n} were uploaded",
                    attachment.size
                )))
            }
            Some(_) => {}
        }
        if let Some(a) = state.attachments.get_mut(id) {
            a.status = UploadStatus::Scanning;
        }
        let out = CompleteAttachmentUploadResponse {};
        call.remember(&mut state, key, &out);
        drop(state);
        crate::spawn_scan(call.app.clone(), id.clone());
        Ok(out)
    }
}

impl Serve for GetAttachment {
    fn serve(call: &Call<'_, Self>, request: Self) -> Result<Self::Output, ApiError> {
        let app = call.app;
        let disposition = match &request.url_content_disposition {
            None | Some(ContentDisposition::Attachment) => "attachment",
            Some(ContentDisposition::Inline) => "inline",
            Some(ContentDisposition::Unknown(v)) => {
                return Err(enum_error(
                    "urlContentDisposition",
                    v,
                    &["INLINE", "ATTACHMENT"],
                ))
            }
        };
        let caller = call.caller()?;
        let state = app.lock();
        let chain = state.chain(&caller.contact_id);
        let attachment = state
            .attachments
            .get(&request.attachment_id)
            .filter(|a| chain.contains(&a.contact_id))
            .ok_or_else(|| {
                ApiError::validation(format!(
                    "Attachment {} is not part of this chat",
                    request.attachment_id
                ))
            })?;
        if attachment.status != UploadStatus::Approved {
            return Err(ApiError::validation(format!(
                "Attachment {} is not available (status {:?})",
                attachment.id, attachment.status
            )));
        }
        let now = now_ms();
        let expires = u64::from(request.url_expiry_in_seconds.unwrap_or(300));
        let query = [(
            "response-content-disposition".to_owned(),
            content_disposition(disposition, &attachment.name),
        )];
        let url = app.signer.presign(
            "GET",
            &attachment.key,
            &BTreeMap::new(),
            &query,
            now,
            expires,
        );
        let out = GetAttachmentResponse {
            url: Some(url),
            url_expiry: Some(format_iso8601(now + expires as Millis * 1000)),
            attachment_size_in_bytes: attachment.size,
        };
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_disposition_quotes_plain_names_and_encodes_others() {
        assert_eq!(
            content_disposition("attachment", "a b.txt"),
            "attachment; filename=\"a b.txt\""
        );
        assert_eq!(
            content_disposition("inline", "é\".png"),
            "inline; filename*=UTF-8''%C3%A9%22.png"
        );
    }
}
