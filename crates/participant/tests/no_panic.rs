//! No input makes a parser panic: arbitrary strings, bytes, JSON-shaped text and mangled
//! real samples go through every parser of the crate, which must answer `Ok` or `Err`.
//!
//! Case counts are kept small so the whole suite runs in seconds; raise them with the
//! `PROPTEST_CASES` environment variable for a longer search.

use connect_participant::attachments::AttachmentRules;
use connect_participant::content::{parse_session_id, ReceiptContent};
use connect_participant::endpoint::{Endpoint, EndpointOptions};
use connect_participant::frames::{ClientFrame, ServerFrame};
use connect_participant::interactive::{ActionResponse, InteractiveMessage, Template};
use connect_participant::model::Item;
use connect_participant::operations::*;
use connect_participant::retry::{retry_after_ms, RetryPolicy};
use connect_participant::time::parse_iso8601;
use connect_participant::{Error, HttpResponse, ServiceError};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys the parsers look for, so generated JSON reaches past the first check.
const KEYS: &[&str] = &[
    "topic",
    "content",
    "contentType",
    "status",
    "statusCode",
    "message",
    "Message",
    "code",
    "__type",
    "connectionId",
    "requestId",
    "Content",
    "ContentType",
    "Id",
    "Type",
    "AbsoluteTime",
    "Attachments",
    "MessageMetadata",
    "Receipts",
    "Transcript",
    "Websocket",
    "Url",
    "ConnectionCredentials",
    "View",
    "Version",
    "HeadersToInclude",
    "UploadMetadata",
    "templateType",
    "version",
    "data",
    "replyMessage",
    "title",
    "elements",
    "timeslots",
    "date",
    "location",
    "latitude",
    "templateIdentifier",
    "actionDetail",
    "action",
    "actionName",
    "messageId",
    "SessionId",
    "ResourceId",
    "AttachmentSizeInBytes",
];

/// Values the parsers treat specially.
const WORDS: &[&str] = &[
    "aws/chat",
    "aws/subscribe",
    "aws/heartbeat",
    "aws/ping",
    "success",
    "ListPicker",
    "Panel",
    "TimePicker",
    "QuickReply",
    "Carousel",
    "ViewResource",
    "SHOW_MORE",
    "MESSAGE",
    "ATTACHMENT",
    "EVENT",
    "ThrottlingException",
    "a#b:c",
    "#",
    ":",
    "",
    "2019-11-08T02:41:28.172Z",
    "application/vnd.amazonaws.connect.message.interactive",
    "application/vnd.amazonaws.connect.event.message.read",
    "text/plain",
    "\u{0}",
    "é",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(WORDS).prop_map(|s| Value::String(s.to_owned())),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner.clone()), 0..6).prop_map(
                |pairs| {
                    Value::Object(
                        pairs
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect::<Map<_, _>>(),
                    )
                }
            ),
            // JSON nested as a string, as items and contents are.
            inner.prop_map(|v| Value::String(v.to_string())),
        ]
    })
}

/// Real samples, to be cut and spliced.
const SAMPLES: &[&str] = &[
    r#"{"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat"]}}"#,
    r#"{"topic":"aws/chat","contentType":"application/json","content":"{\"AbsoluteTime\":\"2026-11-24T14:00:00.000Z\",\"Content\":\"hi\",\"ContentType\":\"text/plain\",\"Id\":\"i\",\"Type\":\"MESSAGE\"}"}"#,
    r#"{"message":"Forbidden","connectionId":"c","requestId":"r"}"#,
    r#"{"templateType":"ListPicker","version":"1.0","data":{"content":{"title":"t","elements":[{"title":"a"},{"title":"more","actionDetail":"SHOW_MORE"}]}}}"#,
    r#"{"templateType":"Carousel","version":"1.0","data":{"content":{"title":"c","elements":[{"templateIdentifier":"x","templateType":"Panel","data":{"content":{"title":"p","elements":[{"title":"b"}]}}}]}}}"#,
    r#"{"Transcript":[{"Id":"i","Type":"ATTACHMENT","Attachments":[{"AttachmentId":"a","Status":"APPROVED"}]}],"NextToken":"n"}"#,
    r#"{"__type":"com.amazonaws#ThrottlingException:http://x","Message":"slow down"}"#,
    "2019-11-08T04:41:28.172+02:00",
];

/// Arbitrary text: any string, lossy bytes, generated JSON, or a mangled sample.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..64)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        json_value().prop_map(|v| v.to_string()),
        (
            prop::sample::select(SAMPLES),
            any::<prop::sample::Index>(),
            ".{0,4}"
        )
            .prop_map(|(sample, at, insert)| {
                let mut cut = at.index(sample.len() + 1);
                while !sample.is_char_boundary(cut) {
                    cut -= 1;
                }
                format!("{}{insert}{}", &sample[..cut], &sample[cut..])
            }),
        (prop::sample::select(SAMPLES), any::<prop::sample::Index>()).prop_map(|(s, at)| {
            let mut cut = at.index(s.len() + 1);
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            s[..cut].to_owned()
        }),
    ]
}

fn response() -> impl Strategy<Value = HttpResponse> {
    (
        prop_oneof![
            Just(200u16),
            Just(400),
            Just(403),
            Just(429),
            Just(500),
            any::<u16>()
        ],
        prop::option::of(prop_oneof![
            prop::sample::select(WORDS).prop_map(str::to_owned),
            any::<String>()
        ]),
        prop::option::of("[0-9]{0,25}|.{0,8}"),
        text(),
    )
        .prop_map(|(status, error_type, retry_after, body)| {
            let mut r = HttpResponse::new(status, body);
            if let Some(t) = error_type {
                r = r.with_header("x-amzn-ErrorType", t);
            }
            if let Some(ra) = retry_after {
                r = r.with_header("Retry-After", ra);
            }
            r
        })
}

fn all_operations_read(r: &HttpResponse) {
    let _ = CreateParticipantConnection::from_http_response(r);
    let _ = DisconnectParticipant::from_http_response(r);
    let _ = SendMessage::from_http_response(r);
    let _ = SendEvent::from_http_response(r);
    let _ = GetTranscript::from_http_response(r);
    let _ = StartAttachmentUpload::from_http_response(r);
    let _ = CompleteAttachmentUpload::from_http_response(r);
    let _ = GetAttachment::from_http_response(r);
    let _ = DescribeView::from_http_response(r);
    let _ = GetAuthenticationUrl::from_http_response(r);
    let _ = CancelParticipantAuthentication::from_http_response(r);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn frames(input in text()) {
        if let Ok(frame) = ServerFrame::parse(&input) {
            // What parsed also writes back and parses again.
            let again = ServerFrame::parse(&frame.to_json());
            prop_assert!(again.is_ok(), "{:?} -> {:?}", frame, again);
            if let ServerFrame::Chat(item) = frame {
                let _ = item.parsed_content();
                let _ = item.time_millis();
            }
        }
        let _ = ClientFrame::parse(&input);
    }

    #[test]
    fn responses(r in response()) {
        all_operations_read(&r);
        let e = ServiceError::from_response(&r);
        prop_assert_eq!(e.status, r.status);
        let _ = e.to_string();
        let _ = retry_after_ms(&r);
        let _ = RetryPolicy::default().decide(1, &Error::Service(e), retry_after_ms(&r), 0.5);
    }

    #[test]
    fn contents(input in text(), content_type in prop::sample::select(WORDS)) {
        if let Ok(message) = InteractiveMessage::parse(&input) {
            // Replies to whatever parsed are values too, never panics.
            match &message.template {
                Template::ListPicker(p) | Template::Panel(p) => {
                    for i in 0..=p.elements.len() { let _ = p.select(i, "ListPicker"); }
                }
                Template::QuickReply(q) => { for i in 0..=q.elements.len() { let _ = q.select(i); } }
                Template::TimePicker(t) => { for i in 0..=t.timeslots.len() { let _ = t.select(i); } }
                Template::Carousel(c) => {
                    for i in 0..=c.elements.len() { for j in 0..3 { let _ = c.select(i, j); } }
                }
                Template::ViewResource(_) | Template::Unknown => {}
            }
        }
        let _ = ActionResponse::parse(&input);
        let _ = ReceiptContent::parse(&input);
        let _ = parse_session_id(&input);
        let item = Item {
            content_type: Some(content_type.to_owned()),
            content: Some(input.clone()),
            ..Item::default()
        };
        let _ = item.parsed_content();
        let _ = item.event_type();
    }

    #[test]
    fn timestamps(input in text(), millis in any::<i64>()) {
        let _ = parse_iso8601(&input);
        // Round trips over ±10000 years.
        let ms = millis % 315_537_897_600_000;
        if ms > -62_135_596_800_000 && ms < 253_402_300_800_000 {
            let written = connect_participant::time::format_iso8601(ms);
            prop_assert_eq!(parse_iso8601(&written), Some(ms), "{}", written);
        }
    }

    #[test]
    fn timestamp_shaped_text(
        prefix in prop::sample::select(&["2019-11-08T02:41:28", "2019-11-08T02:41:28.172", "0000-02-29 23:59:60"][..]),
        tail in prop_oneof![".{0,8}", "[Zz.:0-9é-]{0,7}", "[+-][0-9é:]{3,5}"],
    ) {
        let _ = parse_iso8601(&format!("{prefix}{tail}"));
    }

    #[test]
    fn shifted_slots(
        prefix in prop::sample::select(&["2019-11-08T02:41", "0001-01-01T00:00:00.000", "9999-12-31T23:59"][..]),
        tail in prop_oneof![".{0,8}", "[Zz.:0-9é-]{0,7}", "[+-][0-9é:]{3,5}"],
        offset in prop::option::of(any::<f64>()),
    ) {
        let _ = connect_participant::interactive::shifted_slot(&format!("{prefix}{tail}"), offset);
    }

    #[test]
    fn configuration(
        region in prop_oneof![any::<String>(), "[a-z]{2,5}(-[a-z]{2,8}){0,2}-[0-9]{1,2}"],
        endpoint in prop::option::of(any::<String>()),
        fips in any::<bool>(),
        dual_stack in any::<bool>(),
        name in any::<String>(),
        mime in any::<String>(),
        size in any::<u64>(),
        attempt in any::<u32>(),
        jitter in any::<f64>(),
    ) {
        let options = EndpointOptions { fips, dual_stack };
        if let Ok(e) = Endpoint::resolve(Some(&region), endpoint.as_deref(), options) {
            prop_assert!(e.url().starts_with("http"));
        }
        let rules = AttachmentRules::default();
        let _ = rules.check(&name, &mime, size);
        let _ = rules.start_upload(&name, &mime, size, "t");
        let policy = RetryPolicy::default();
        let delay = policy.delay_ms(attempt, jitter);
        prop_assert!(delay <= policy.max_delay_ms);
        let _ = policy.decide(attempt, &Error::Network("x".into()), Some(size), jitter);
    }
}
