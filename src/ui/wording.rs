//! The session's typed outcomes in the customer's words, from the locale table.

use connect_participant::attachments::UploadRefusal;
use connect_participant::session::{Activity, Failure, SessionError};

use super::i18n::Locale;

/// Why something failed.
pub fn failure(locale: Locale, failure: &Failure) -> String {
    let key = match failure {
        Failure::Network => "fail_network",
        Failure::NotConnected => "fail_not_connected",
        Failure::NotStarted => "fail_not_started",
        Failure::AlreadyStarted => "fail_already_started",
        Failure::NotConfigured => "fail_not_configured",
        Failure::ChatEnded => "fail_chat_ended",
        Failure::Throttled => "fail_throttled",
        Failure::Empty => "fail_empty",
        Failure::TooLong { limit, .. } => {
            return locale.fmt("fail_too_long", &limit.to_string());
        }
        Failure::Invalid { field } => return locale.fmt("fail_invalid", field),
        Failure::Refused => "fail_refused",
        Failure::QuotaExceeded => "fail_quota",
        Failure::NotFound => "fail_not_found",
        Failure::Conflict => "fail_conflict",
        Failure::Service => "fail_service",
        Failure::BadAnswer => "fail_bad_answer",
        Failure::Upload(refusal) => return upload(locale, refusal),
    };
    locale.t(key).to_owned()
}

/// What failed and why: "A message was not sent. The network is unavailable."
pub fn error(locale: Locale, error: &SessionError) -> String {
    let key = match error.activity {
        Activity::Start => "act_start",
        Activity::Connect => "act_connect",
        Activity::Subscribe => "act_subscribe",
        Activity::Send => "act_send",
        Activity::LoadOlder => "act_load_older",
        Activity::Upload => "act_upload",
        Activity::OpenAttachment => "act_open_attachment",
        Activity::LoadView => "act_load_view",
        Activity::Notify => "act_notify",
        Activity::CancelAuthentication => "act_cancel_auth",
        Activity::End => "act_end",
    };
    format!("{} {}", locale.t(key), failure(locale, &error.failure))
}

/// Why a file cannot be attached, after its name when the refusal names it.
pub fn upload(locale: Locale, refusal: &UploadRefusal) -> String {
    let (name, why) = match refusal {
        UploadRefusal::Name { name } => (Some(name), locale.t("upload_name").to_owned()),
        UploadRefusal::Type { name, allowed, .. } => {
            let allowed: Vec<String> = allowed.iter().map(|e| format!(".{e}")).collect();
            (Some(name), locale.fmt("upload_type", &allowed.join(", ")))
        }
        UploadRefusal::ContentType { name, .. } => {
            (Some(name), locale.t("upload_content_type").to_owned())
        }
        UploadRefusal::Empty { name } => (Some(name), locale.t("upload_empty").to_owned()),
        UploadRefusal::TooBig { name, limit, .. } => (
            Some(name),
            locale.fmt("upload_too_big", &size(locale, *limit)),
        ),
        UploadRefusal::TooMany => (None, locale.t("upload_too_many").to_owned()),
        UploadRefusal::Storage { status } => {
            (None, locale.fmt("upload_storage", &status.to_string()))
        }
    };
    match name {
        Some(name) => format!("{name}: {why}"),
        None => why,
    }
}

/// A size for people: `20 MB`, `1.5 KB`, `12 bytes`.
fn size(locale: Locale, bytes: u64) -> String {
    let (value, key) = match bytes {
        b if b >= 1024 * 1024 => (b as f64 / (1024.0 * 1024.0), "size_mb"),
        b if b >= 1024 => (b as f64 / 1024.0, "size_kb"),
        b => return locale.fmt("size_bytes", &b.to_string()),
    };
    let number = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    locale.fmt(key, &number)
}
