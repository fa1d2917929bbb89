//! Which files a customer may attach: allowed types and the largest size, as data.
//!
//! The defaults are Amazon Connect's documented ones (18 extensions, 20 MB each); an instance
//! can change them, so every part of [`AttachmentRules`] can be changed too.
//!
//! ```
//! use connect_participant::attachments::{AttachmentRules, UploadRefusal};
//! let rules = AttachmentRules::default();
//! assert!(rules.check("invoice.PDF", "application/pdf", 52_000).is_ok());
//! let err = rules.check("setup.exe", "application/x-msdownload", 52_000).unwrap_err();
//! assert!(matches!(err, UploadRefusal::Type { extension: Some(e), .. } if e == "exe"));
//! assert_eq!(rules.content_type_for("photo.jpg"), Some("image/jpeg"));
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::{self, deserialize_from_json, FromJson, Members};
use crate::operations::StartAttachmentUpload;
use crate::validate::length;

/// 20 MB (20 × 1024 × 1024 bytes), the documented per-file limit.
pub const DEFAULT_MAX_SIZE_BYTES: u64 = 20 * 1024 * 1024;

/// One allowed file type: an extension and the MIME types a browser may report for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedType {
    /// Lowercase, without the dot (`pdf`).
    pub extension: String,
    /// The first is the one to declare as `ContentType`; the others are accepted too.
    pub mime_types: Vec<String>,
}

impl AllowedType {
    /// An allowed type; the extension is stored lowercase without a leading dot.
    pub fn new(extension: &str, mime_types: &[&str]) -> Self {
        AllowedType {
            extension: extension.trim_start_matches('.').to_ascii_lowercase(),
            mime_types: mime_types.iter().map(|m| m.to_ascii_lowercase()).collect(),
        }
    }
}

/// What may be attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRules {
    pub allowed: Vec<AllowedType>,
    /// The largest file, in bytes.
    pub max_size_bytes: u64,
}

impl Default for AttachmentRules {
    /// `.csv .doc .docx .heic .jfif .jpeg .jpg .mov .mp4 .pdf .png .ppt .pptx .rtf .txt .wav
    /// .xls .xlsx`, at most 20 MB.
    fn default() -> Self {
        let t = AllowedType::new;
        AttachmentRules {
            allowed: vec![
                t(
                    "csv",
                    &["text/csv", "application/csv", "application/vnd.ms-excel"],
                ),
                t("doc", &["application/msword"]),
                t(
                    "docx",
                    &["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
                ),
                t("heic", &["image/heic", "image/heif"]),
                t("jfif", &["image/jpeg", "image/pjpeg"]),
                t("jpeg", &["image/jpeg", "image/pjpeg"]),
                t("jpg", &["image/jpeg", "image/pjpeg"]),
                t("mov", &["video/quicktime"]),
                t("mp4", &["video/mp4", "audio/mp4"]),
                t("pdf", &["application/pdf"]),
                t("png", &["image/png"]),
                t("ppt", &["application/vnd.ms-powerpoint"]),
                t(
                    "pptx",
                    &["application/vnd.openxmlformats-officedocument.presentationml.presentation"],
                ),
                t("rtf", &["application/rtf", "text/rtf"]),
                t("txt", &["text/plain"]),
                t(
                    "wav",
                    &["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"],
                ),
                t("xls", &["application/vnd.ms-excel"]),
                t(
                    "xlsx",
                    &["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
                ),
            ],
            max_size_bytes: DEFAULT_MAX_SIZE_BYTES,
        }
    }
}

/// The lowercase extension of a file name (after the last `.`), if it has one.
pub fn extension_of(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// MIME types that say nothing about the file: a browser reports these when it does not know.
fn is_generic_mime(mime: &str) -> bool {
    mime.is_empty() || mime.eq_ignore_ascii_case("application/octet-stream")
}

impl AttachmentRules {
    /// The allowed extensions, with dots, for a file picker's `accept` (`.csv,.doc,...`).
    pub fn accept_attribute(&self) -> String {
        self.allowed
            .iter()
            .map(|t| format!(".{}", t.extension))
            .collect::<Vec<_>>()
            .join(",")
    }

    fn allowed_type(&self, name: &str) -> Option<&AllowedType> {
        let ext = extension_of(name)?;
        self.allowed.iter().find(|t| t.extension == ext)
    }

    /// The MIME type to declare for a file, from its extension; `None` if the type is not
    /// allowed.
    pub fn content_type_for(&self, name: &str) -> Option<&str> {
        self.allowed_type(name)
            .and_then(|t| t.mime_types.first())
            .map(String::as_str)
    }

    /// Checks a file before upload: its name (1..256 characters, an allowed extension), the
    /// MIME type the browser reported (empty or `application/octet-stream` mean "unknown"
    /// and pass), and its size (1 byte up to the limit). A refusal says why, with the data
    /// the UI needs to word it.
    pub fn check(&self, name: &str, mime: &str, size: u64) -> Result<(), UploadRefusal> {
        if length("AttachmentName", name, 1, 256).is_err() {
            return Err(UploadRefusal::Name {
                name: name.to_owned(),
            });
        }
        let Some(allowed) = self.allowed_type(name) else {
            return Err(UploadRefusal::Type {
                name: name.to_owned(),
                extension: extension_of(name),
                allowed: self.allowed.iter().map(|t| t.extension.clone()).collect(),
            });
        };
        let mime = mime.trim();
        if !is_generic_mime(mime)
            && !allowed
                .mime_types
                .iter()
                .any(|m| m.eq_ignore_ascii_case(mime))
        {
            return Err(UploadRefusal::ContentType {
                name: name.to_owned(),
                mime: mime.to_owned(),
                expected: allowed.mime_types.clone(),
            });
        }
        if size == 0 {
            return Err(UploadRefusal::Empty {
                name: name.to_owned(),
            });
        }
        if size > self.max_size_bytes {
            return Err(UploadRefusal::TooBig {
                name: name.to_owned(),
                size,
                limit: self.max_size_bytes,
            });
        }
        Ok(())
    }

    /// Checks a file and builds its StartAttachmentUpload request. The declared ContentType
    /// is the reported MIME type when it is a specific allowed one, else the extension's.
    /// `client_token` is the caller's idempotency key, reused on retries.
    pub fn start_upload(
        &self,
        name: &str,
        mime: &str,
        size: u64,
        client_token: impl Into<String>,
    ) -> Result<StartAttachmentUpload, UploadRefusal> {
        self.check(name, mime, size)?;
        let mime = mime.trim();
        let content_type = if is_generic_mime(mime) {
            // check() passed, so the extension is an allowed one with a MIME type.
            self.content_type_for(name).unwrap_or_default().to_owned()
        } else {
            mime.to_ascii_lowercase()
        };
        let attachment_size_in_bytes = i64::try_from(size).map_err(|_| UploadRefusal::TooBig {
            name: name.to_owned(),
            size,
            limit: self.max_size_bytes,
        })?;
        Ok(StartAttachmentUpload {
            content_type,
            attachment_size_in_bytes,
            attachment_name: name.to_owned(),
            client_token: client_token.into(),
        })
    }
}

/// Why a file cannot be attached. The UI words each case from its locale table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Value")]
pub enum UploadRefusal {
    /// The name is empty or longer than 256 characters.
    Name { name: String },
    /// The file's extension (`None`: it has none) is not one of the `allowed` extensions.
    Type {
        name: String,
        extension: Option<String>,
        allowed: Vec<String>,
    },
    /// The browser reports a MIME type that contradicts the extension, which expects one of
    /// `expected`.
    ContentType {
        name: String,
        mime: String,
        expected: Vec<String>,
    },
    /// The file is empty.
    Empty { name: String },
    /// The file has `size` bytes; at most `limit` are allowed.
    TooBig { name: String, size: u64, limit: u64 },
    /// The chat has as many attachments as the service allows (ServiceQuotaExceeded).
    TooMany,
    /// The file storage refused the upload with this HTTP status.
    Storage { status: u16 },
}

deserialize_from_json!(UploadRefusal);

impl FromJson for UploadRefusal {
    /// Reads what the derived `Serialize` writes, as [`crate::session::Failure`] does.
    fn from_json(value: &Value) -> Result<UploadRefusal, String> {
        let (variant, inner) = json::variant(value)?;
        if variant == "TooMany" && inner.is_null() {
            return Ok(UploadRefusal::TooMany);
        }
        let m = Members::of(inner)?;
        Ok(match variant {
            "Name" => UploadRefusal::Name {
                name: m.text("name")?,
            },
            "Type" => UploadRefusal::Type {
                name: m.text("name")?,
                extension: m.optional_text("extension")?,
                allowed: m.texts("allowed")?,
            },
            "ContentType" => UploadRefusal::ContentType {
                name: m.text("name")?,
                mime: m.text("mime")?,
                expected: m.texts("expected")?,
            },
            "Empty" => UploadRefusal::Empty {
                name: m.text("name")?,
            },
            "TooBig" => UploadRefusal::TooBig {
                name: m.text("name")?,
                size: m.count("size")?,
                limit: m.count("limit")?,
            },
            "Storage" => UploadRefusal::Storage {
                status: m.count("status")?,
            },
            _ => return Err(format!("no UploadRefusal `{variant}`")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(extension_of("a.tar.GZ").as_deref(), Some("gz"));
        assert_eq!(extension_of(".bashrc"), None);
        assert_eq!(extension_of("noext"), None);
        assert_eq!(extension_of("trailing."), None);
    }
}
