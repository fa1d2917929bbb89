//! Client-side checks of the model's constraints and the content limits.
//!
//! Lengths count Unicode scalar values, as the model's length constraints do. Errors name the
//! member as the model does and say the limit.

use crate::error::Error;
use crate::operations::*;

/// A request that can check itself before it is sent.
pub trait Validate {
    fn validate(&self) -> Result<(), Error>;
}

/// The largest message the service model allows (`ChatContent`).
pub const MAX_CHAT_CONTENT: usize = 16_384;

/// Which per-content-type message limits to enforce.
///
/// The model allows 16384 characters for every content type. Instances and older documents
/// set lower limits per type; a widget can choose the stricter profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContentLimits {
    /// 16384 for everything, as the service model says.
    #[default]
    Model,
    /// `text/plain` and `text/markdown` 1024, `application/json` 12000, interactive
    /// responses 12288.
    Classic,
}

impl ContentLimits {
    /// The largest `Content` allowed for `content_type`, in characters.
    pub fn max_for(self, content_type: &str) -> usize {
        match self {
            ContentLimits::Model => MAX_CHAT_CONTENT,
            ContentLimits::Classic => match content_type {
                "text/plain" | "text/markdown" => 1024,
                "application/json" => 12_000,
                "application/vnd.amazonaws.connect.message.interactive.response" => 12_288,
                _ => MAX_CHAT_CONTENT,
            },
        }
    }

    /// Checks a message body against this profile.
    pub fn check(self, content_type: &str, content: &str) -> Result<(), Error> {
        length("Content", content, 1, self.max_for(content_type))
    }
}

/// Checks that `value` has between `min` and `max` characters.
pub(crate) fn length(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<(), Error> {
    let n = value.chars().count();
    if n < min {
        return Err(if min == 1 {
            Error::invalid(field, "is empty; at least 1 character is required")
        } else {
            Error::invalid(
                field,
                format!("is {n} characters; at least {min} are required"),
            )
        });
    }
    if n > max {
        return Err(Error::invalid(
            field,
            format!("is {n} characters; at most {max} are allowed"),
        ));
    }
    Ok(())
}

fn optional(
    field: &'static str,
    value: &Option<String>,
    min: usize,
    max: usize,
) -> Result<(), Error> {
    value
        .as_deref()
        .map_or(Ok(()), |v| length(field, v, min, max))
}

fn range(field: &'static str, value: i64, min: i64, max: i64) -> Result<(), Error> {
    if value < min || value > max {
        return Err(Error::invalid(
            field,
            format!("is {value}; it must be between {min} and {max}"),
        ));
    }
    Ok(())
}

impl Validate for CreateParticipantConnection {
    fn validate(&self) -> Result<(), Error> {
        match &self.types {
            Some(types) if types.is_empty() => Err(Error::invalid(
                "Type",
                "is empty; at least 1 connection type is required",
            )),
            _ => Ok(()),
        }
    }
}

impl Validate for DisconnectParticipant {
    fn validate(&self) -> Result<(), Error> {
        optional("ClientToken", &self.client_token, 0, 500)
    }
}

impl Validate for SendMessage {
    fn validate(&self) -> Result<(), Error> {
        length("ContentType", &self.content_type, 1, 100)?;
        length("Content", &self.content, 1, MAX_CHAT_CONTENT)?;
        optional("ClientToken", &self.client_token, 0, 500)
    }
}

impl Validate for SendEvent {
    fn validate(&self) -> Result<(), Error> {
        length("ContentType", &self.content_type, 1, 100)?;
        optional("Content", &self.content, 1, MAX_CHAT_CONTENT)?;
        optional("ClientToken", &self.client_token, 0, 500)
    }
}

impl Validate for GetTranscript {
    fn validate(&self) -> Result<(), Error> {
        optional("ContactId", &self.contact_id, 1, 256)?;
        if let Some(n) = self.max_results {
            range("MaxResults", n.into(), 0, 100)?;
        }
        optional("NextToken", &self.next_token, 1, 1000)?;
        if let Some(position) = &self.start_position {
            optional("StartPosition.Id", &position.id, 1, 256)?;
            optional(
                "StartPosition.AbsoluteTime",
                &position.absolute_time,
                1,
                100,
            )?;
            if let Some(n) = position.most_recent {
                range("StartPosition.MostRecent", n.into(), 0, 100)?;
            }
            let set = [
                position.id.is_some(),
                position.absolute_time.is_some(),
                position.most_recent.is_some(),
            ];
            if set.iter().filter(|s| **s).count() > 1 {
                return Err(Error::invalid(
                    "StartPosition",
                    "sets more than one of Id, AbsoluteTime and MostRecent; choose one",
                ));
            }
        }
        Ok(())
    }
}

impl Validate for StartAttachmentUpload {
    fn validate(&self) -> Result<(), Error> {
        length("ContentType", &self.content_type, 1, 255)?;
        if self.attachment_size_in_bytes < 1 {
            return Err(Error::invalid(
                "AttachmentSizeInBytes",
                format!(
                    "is {}; it must be at least 1",
                    self.attachment_size_in_bytes
                ),
            ));
        }
        length("AttachmentName", &self.attachment_name, 1, 256)?;
        length("ClientToken", &self.client_token, 1, 500)
    }
}

impl Validate for CompleteAttachmentUpload {
    fn validate(&self) -> Result<(), Error> {
        if self.attachment_ids.len() != 1 {
            return Err(Error::invalid(
                "AttachmentIds",
                format!(
                    "has {} ids; exactly 1 is allowed",
                    self.attachment_ids.len()
                ),
            ));
        }
        length("AttachmentIds[0]", &self.attachment_ids[0], 1, 256)?;
        length("ClientToken", &self.client_token, 1, 500)
    }
}

impl Validate for GetAttachment {
    fn validate(&self) -> Result<(), Error> {
        length("AttachmentId", &self.attachment_id, 1, 256)?;
        if let Some(n) = self.url_expiry_in_seconds {
            range("UrlExpiryInSeconds", n.into(), 5, 300)?;
        }
        Ok(())
    }
}

impl Validate for DescribeView {
    fn validate(&self) -> Result<(), Error> {
        length("ViewToken", &self.view_token, 1, 1000)
    }
}

impl Validate for GetAuthenticationUrl {
    fn validate(&self) -> Result<(), Error> {
        length("SessionId", &self.session_id, 36, 36)?;
        length("RedirectUri", &self.redirect_uri, 1, 1024)
    }
}

impl Validate for CancelParticipantAuthentication {
    fn validate(&self) -> Result<(), Error> {
        length("SessionId", &self.session_id, 36, 36)
    }
}

/// Percent-encodes a URI label (everything but RFC 3986 unreserved characters).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
