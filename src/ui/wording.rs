//! The customer's words, from the locale table: the session's typed outcomes, and what each
//! kind of line says. The conversation and the downloaded transcript both call these, so
//! they say the same.

use connect_participant::attachments::UploadRefusal;
use connect_participant::content::{EventType, INTERACTIVE, INTERACTIVE_RESPONSE, TEXT_MARKDOWN};
use connect_participant::interactive::{shown_text, InteractiveMessage, Template, ViewAnswer};
use connect_participant::session::{Activity, Failure, SessionError};
use connect_participant::time::{parse_iso8601, Millis};

use super::i18n::Locale;
use super::state::{Line, LineKind};

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
        Failure::TooLong { limit, length } => return too_long(locale, *length, *limit),
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
            // Isolated left to right: in an Arabic sentence the dots and commas of a list of
            // extensions would otherwise be reordered (".jpg,." for ".jpg, .").
            let allowed = format!("\u{2066}{}\u{2069}", allowed.join(", "));
            (Some(name), locale.fmt("upload_type", &allowed))
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
        Some(name) => format!("{}: {why}", fill(locale, "quoted", &[name])),
        None => why,
    }
}

/// "Your message is 116 characters too long (limit 1,024)."
pub fn too_long(locale: Locale, length: usize, limit: usize) -> String {
    let over = number(locale, length.saturating_sub(limit) as u64);
    fill(
        locale,
        "too_long_by",
        &[&over, &number(locale, limit as u64)],
    )
}

/// The string for `key` with each `{}` replaced by the next of `args`.
fn fill(locale: Locale, key: &str, args: &[&str]) -> String {
    let mut parts = locale.t(key).split("{}");
    let mut out = parts.next().unwrap_or_default().to_owned();
    for (i, part) in parts.enumerate() {
        out.push_str(args.get(i).copied().unwrap_or_default());
        out.push_str(part);
    }
    out
}

/// A whole number with the locale's digit groups: `1,024`, `1.024`, `1 024`.
pub fn number(locale: Locale, n: u64) -> String {
    let separator = match locale {
        Locale::De | Locale::Es => ".",
        Locale::Fr => "\u{202f}",
        Locale::En | Locale::Ja | Locale::Ar => ",",
    };
    let digits = n.to_string();
    // Spanish groups only numbers of five digits or more.
    if digits.len() <= 3 || (locale == Locale::Es && digits.len() == 4) {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// The quiet sentence of an event line ("Ada joined the chat", "Signed in"); `None` for an
/// event the customer has no use for, which is not shown at all.
pub fn event(locale: Locale, content_type: &str, name: &str) -> Option<String> {
    let key = match EventType::from(content_type) {
        EventType::ParticipantJoined => return Some(locale.fmt("joined", name)),
        EventType::ParticipantLeft => return Some(locale.fmt("left", name)),
        EventType::ParticipantIdle => return Some(locale.fmt("idle", name)),
        EventType::ParticipantAutoDisconnection => {
            return Some(locale.fmt("auto_disconnected", name))
        }
        EventType::ParticipantReturned => return Some(locale.fmt("returned", name)),
        EventType::TransferSucceeded => "transferred",
        EventType::TransferFailed => "transfer_failed",
        EventType::ChatEnded => "chat_ended",
        EventType::AuthenticationInitiated => "ev_auth_started",
        EventType::AuthenticationSucceeded => "ev_auth_succeeded",
        EventType::AuthenticationFailed => "ev_auth_failed",
        EventType::AuthenticationTimeout => "ev_auth_timed_out",
        EventType::AuthenticationExpired => "ev_auth_expired",
        EventType::AuthenticationCancelled => "ev_auth_cancelled",
        _ => return None,
    };
    Some(locale.t(key).to_owned())
}
/// Whether `c` is a bidirectional embedding, override or isolate control (U+202A–U+202E,
/// U+2066–U+2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `name` (a file's, a participant's) without bidirectional controls: a name cannot reorder
/// how it reads ("gnp.exe" shown as "exe.png"). Marks (U+200E, U+200F) stay: they only hint.
pub fn plain_name(name: &str) -> String {
    without_bidi_controls(name).into_owned()
}

/// Text from the wire (a message) without bidirectional controls, as [`plain_name`]: a
/// message cannot disguise a file name in its words, nor reverse the rest of its line. Each
/// message already takes its own direction from its first letter (`dir="auto"`).
pub fn without_bidi_controls(text: &str) -> std::borrow::Cow<'_, str> {
    match text.contains(is_bidi_control) {
        true => text.chars().filter(|c| !is_bidi_control(*c)).collect(),
        false => std::borrow::Cow::Borrowed(text),
    }
}

/// What a line says as plain text, without its sender: the message, the customer's answer
/// as it reads, an interactive message's question and choices, the files, or the event's
/// sentence. `None` when the line shows nothing (a paging reply, an unknown event).
/// `time` writes a moment in the customer's time zone (a picked time slot). A `text/markdown`
/// message reads without its syntax when `markdown` is on, as it shows on screen.
pub fn line_text(
    locale: Locale,
    line: &Line,
    name: &str,
    time: &dyn Fn(Millis) -> String,
    markdown: bool,
) -> Option<String> {
    let markdown = markdown && line.content_type == TEXT_MARKDOWN;
    match line.kind {
        LineKind::Event => event(locale, &line.content_type, name),
        LineKind::Attachment => {
            let names: Vec<String> = line
                .attachments
                .iter()
                .map(|a| match &a.attachment_name {
                    Some(name) => plain_name(name),
                    None => locale.t("file_label").to_owned(),
                })
                .collect();
            Some(fill(locale, "file_line", &[&names.join(", ")]))
        }
        _ if line.content_type.starts_with(INTERACTIVE_RESPONSE) || line.mine => {
            reply(locale, &line.content_type, &line.content, &|_, at| time(at))
                .map(|text| super::markdown::as_text(&text, markdown))
        }
        _ if line.content_type.starts_with(INTERACTIVE) => {
            interactive(locale, &line.content, time).filter(|t| !t.is_empty())
        }
        _ => Some(super::markdown::as_text(&line.content, markdown)),
    }
}

/// The customer's own reply as it reads: a choice's words, a view's action or typed text
/// (never JSON); a picked time slot, which is sent as its ISO 8601 moment, worded by `slot`
/// (given the slot as sent and its moment). `None` for a line that shows nothing (a paging
/// reply).
pub fn reply(
    locale: Locale,
    content_type: &str,
    content: &str,
    slot: &dyn Fn(&str, Millis) -> String,
) -> Option<String> {
    if content_type.starts_with(INTERACTIVE_RESPONSE) {
        if let Some(ViewAnswer::Action(name)) = ViewAnswer::parse(content) {
            return Some(view_action(locale, &name));
        }
    }
    let text = shown_text(content_type, content)?;
    let trimmed = text.trim();
    Some(match parse_iso8601(trimmed).filter(|_| is_slot(trimmed)) {
        Some(at) => slot(trimmed, at),
        None => text,
    })
}

/// A view's own action as the customer's answer reads, in their language: the words of the
/// button that sent it where the view has them by default ("Submit" for a form's submit
/// button, "Back", "Cancel"); any other action by its name.
fn view_action(locale: Locale, name: &str) -> String {
    let key = match name {
        "Submit" => "view_submit",
        "Back" => "view_back",
        "Next" => "view_next",
        "Cancel" => "cancel",
        _ => return name.to_owned(),
    };
    locale.t(key).to_owned()
}

/// Whether a text is a whole ISO 8601 date and time, as a TimePicker answer is
/// (`2025-03-10T11:00:00.00+00:00`, or the slot as offered).
fn is_slot(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 16
        && b.len() <= 30
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[10] == b'T'
}

/// An interactive message as text: its title, then its choices, a line each (a time slot's
/// date has commas of its own); a view as it reads folded. Paging buttons are not choices.
fn interactive(locale: Locale, content: &str, time: &dyn Fn(Millis) -> String) -> Option<String> {
    let message = InteractiveMessage::parse(content).ok()?;
    let (title, choices): (Option<&str>, Vec<String>) = match &message.template {
        Template::ListPicker(p) | Template::Panel(p) => (
            Some(&p.title),
            p.elements
                .iter()
                .filter(|e| !e.is_action())
                .map(|e| e.title.clone())
                .collect(),
        ),
        Template::QuickReply(q) => (
            Some(&q.title),
            q.elements.iter().map(|e| e.title.clone()).collect(),
        ),
        Template::TimePicker(t) => (
            Some(&t.title),
            t.timeslots
                .iter()
                .map(|s| parse_iso8601(&s.date).map_or_else(|| s.date.clone(), time))
                .collect(),
        ),
        Template::Carousel(c) => (Some(&c.title), Vec::new()),
        Template::ViewResource(v) => {
            let input = v.input().unwrap_or_default();
            return Some(super::show_view::summary(&input, locale));
        }
        Template::Unknown => (None, Vec::new()),
    };
    let mut text = title.unwrap_or_default().to_owned();
    for choice in choices {
        text.push_str("\n- ");
        text.push_str(&choice);
    }
    Some(text)
}

/// A size for people: `20 MB`, `1.5 KB`, `12 bytes`, to the nearest tenth. Whole numbers, so
/// no float formatting code is linked in.
fn size(locale: Locale, bytes: u64) -> String {
    let (unit, key) = match bytes {
        b if b >= 1 << 20 => (1 << 20, "size_mb"),
        b if b >= 1 << 10 => (1 << 10, "size_kb"),
        b => return locale.fmt("size_bytes", &b.to_string()),
    };
    let tenths = (bytes.saturating_mul(10) + unit / 2) / unit;
    let number = match tenths % 10 {
        0 => (tenths / 10).to_string(),
        tenth => format!("{}.{tenth}", tenths / 10),
    };
    locale.fmt(key, &number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use connect_participant::attachments::UploadRefusal;

    #[test]
    fn sizes_round_to_the_nearest_tenth() {
        let en = |bytes| size(Locale::En, bytes);
        assert_eq!(en(12), Locale::En.fmt("size_bytes", "12"));
        assert_eq!(en(1024), Locale::En.fmt("size_kb", "1"));
        assert_eq!(en(1536), Locale::En.fmt("size_kb", "1.5"));
        assert_eq!(en(2047), Locale::En.fmt("size_kb", "2"));
        assert_eq!(en(20 << 20), Locale::En.fmt("size_mb", "20"));
        assert_eq!(
            en((20 << 20) + (1 << 19)),
            Locale::En.fmt("size_mb", "20.5")
        );
    }

    #[test]
    fn numbers_are_grouped_as_each_locale_writes_them() {
        assert_eq!(number(Locale::En, 1024), "1,024");
        assert_eq!(number(Locale::De, 1_234_567), "1.234.567");
        assert_eq!(number(Locale::Es, 1024), "1024");
        assert_eq!(number(Locale::Es, 10_240), "10.240");
        assert_eq!(number(Locale::Fr, 1024), "1\u{202f}024");
        assert_eq!(number(Locale::En, 999), "999");
    }

    #[test]
    fn an_over_long_message_says_by_how_much_and_the_limit() {
        assert_eq!(
            too_long(Locale::En, 1140, 1024),
            "Your message is 116 characters too long (limit 1,024)."
        );
        let failure = Failure::TooLong {
            limit: 1024,
            length: 1140,
        };
        for locale in Locale::ALL {
            let text = super::failure(locale, &failure);
            assert!(text.contains("116") && !text.contains("{}"), "{text}");
        }
    }

    #[test]
    fn a_refused_file_is_named_with_the_allowed_types_and_no_field_name() {
        let refusal = UploadRefusal::Type {
            name: "setup.exe".into(),
            extension: Some("exe".into()),
            allowed: vec!["csv".into(), "pdf".into()],
        };
        assert_eq!(
            upload(Locale::En, &refusal),
            "“setup.exe”: This type of file cannot be attached; allowed types are \u{2066}.csv, .pdf\u{2069}."
        );
        // In Arabic the list keeps its own order: isolated left to right.
        assert!(upload(Locale::Ar, &refusal).contains("\u{2066}.csv, .pdf\u{2069}"));
        let big = UploadRefusal::TooBig {
            name: "big.pdf".into(),
            size: 30 << 20,
            limit: 20 << 20,
        };
        for locale in Locale::ALL {
            let text = upload(locale, &big);
            assert!(text.contains("big.pdf") && text.contains("20"), "{text}");
        }
    }

    #[test]
    fn events_read_as_sentences_and_unknown_ones_not_at_all() {
        let joined = "application/vnd.amazonaws.connect.event.participant.joined";
        assert_eq!(
            event(Locale::En, joined, "Agent 2").as_deref(),
            Some("Agent 2 joined the chat")
        );
        let signed_in = "application/vnd.amazonaws.connect.event.authentication.succeeded";
        assert_eq!(
            event(Locale::En, signed_in, "").as_deref(),
            Some("Signed in")
        );
        let typing = "application/vnd.amazonaws.connect.event.typing";
        assert_eq!(event(Locale::En, typing, "Ada"), None);
    }

    #[test]
    fn a_views_answer_reads_as_its_words_or_its_action_in_the_customers_language() {
        use connect_participant::interactive::{view_action_reply, view_text_reply};
        let read = |locale, reply: connect_participant::SendMessage| {
            super::reply(locale, &reply.content_type, &reply.content, &|s, _| {
                s.to_owned()
            })
        };
        let submit = view_action_reply("Submit", Some(serde_json::json!({"FormData": {}})));
        assert_eq!(
            read(Locale::De, submit.clone()).as_deref(),
            Some("Absenden")
        );
        assert_eq!(read(Locale::En, submit).as_deref(), Some("Submit"));
        let back = view_action_reply("Back", Some(serde_json::json!({"actionName": "Back"})));
        assert_eq!(
            read(Locale::Ar, back).as_deref(),
            Some(Locale::Ar.t("view_back"))
        );
        let row = serde_json::json!({"actionName": "Returns"});
        let row = view_action_reply("ActionSelected", Some(row));
        assert_eq!(read(Locale::De, row).as_deref(), Some("Returns"));
        // Typed while the view was up: the customer's own words, never reworded.
        assert_eq!(
            read(Locale::De, view_text_reply("Submit")).as_deref(),
            Some("Submit")
        );
    }

    #[test]
    fn an_interactive_message_lists_its_choices_a_line_each_without_paging() {
        let list = serde_json::json!({"templateType": "ListPicker", "version": "1.0",
            "data": {"content": {"title": "Which department?", "elements": [
                {"title": "Previous options", "actionDetail": "PREVIOUS_OPTIONS"},
                {"title": "Returns"}, {"title": "Billing, invoices"},
                {"title": "Show more", "actionDetail": "SHOW_MORE"}]}}});
        let time = |at: Millis| format!("Tue, Dec {at}, 10:00");
        assert_eq!(
            interactive(Locale::En, &list.to_string(), &time).as_deref(),
            Some("Which department?\n- Returns\n- Billing, invoices")
        );
        let slots = serde_json::json!({"templateType": "TimePicker", "version": "1.0",
            "data": {"content": {"title": "Schedule a call", "timeslots": [
                {"date": "1970-01-01T00:00:00.001Z", "duration": 60}]}}});
        assert_eq!(
            interactive(Locale::En, &slots.to_string(), &time).as_deref(),
            Some("Schedule a call\n- Tue, Dec 1, 10:00")
        );
    }
}
