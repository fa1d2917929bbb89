//! The server half of the operations: the operation list against the service model, requests
//! read back as the client built them, answers read back as the server built them, and the
//! refusals of a strict reader.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Debug;
use std::path::Path;

use connect_participant::incoming::{members, Refusal};
use connect_participant::model::{ConnectionType, ContentDisposition, ScanDirection, SortKey};
use connect_participant::model::{StartPosition, View};
use connect_participant::operations::*;
use connect_participant::{Endpoint, Error};
use serde_json::{json, Value};

const BASE: &str = "http://127.0.0.1:41001";

fn model() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("spec/connectparticipant-2018-09-07.service-2.json");
    let text = std::fs::read_to_string(path).expect("the crate's copy of the service model");
    serde_json::from_str(&text).expect("the service model is JSON")
}

#[test]
fn the_operation_list_is_the_models() {
    let model = model();
    let operations = model["operations"].as_object().unwrap();
    let listed: BTreeSet<&str> = OperationId::ALL.iter().map(|id| id.name()).collect();
    assert_eq!(listed.len(), OperationId::ALL.len(), "each operation once");
    assert_eq!(
        listed,
        operations
            .keys()
            .map(String::as_str)
            .collect::<BTreeSet<_>>()
    );
    for id in OperationId::ALL {
        let http = &operations[id.name()]["http"];
        assert_eq!(id.method().as_str(), http["method"], "{id:?}");
        assert_eq!(id.uri(), http["requestUri"], "{id:?}");
    }
}

/// The body members the model gives `O`'s input, against those its reader allows.
fn model_members<O: Operation>(model: &Value) -> OperationId {
    let input = model["operations"][O::NAME]["input"]["shape"]
        .as_str()
        .unwrap();
    let in_model: BTreeSet<&str> = model["shapes"][input]["members"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, member)| member.get("location").is_none())
        .map(|(name, _)| name.as_str())
        .collect();
    let allowed: BTreeSet<&str> = members::<O>().iter().copied().collect();
    assert_eq!(allowed, in_model, "{}", O::NAME);
    O::ID
}

#[test]
fn each_reader_allows_exactly_the_models_members() {
    let model = model();
    let checked = HashSet::from([
        model_members::<CreateParticipantConnection>(&model),
        model_members::<DisconnectParticipant>(&model),
        model_members::<SendMessage>(&model),
        model_members::<SendEvent>(&model),
        model_members::<GetTranscript>(&model),
        model_members::<StartAttachmentUpload>(&model),
        model_members::<CompleteAttachmentUpload>(&model),
        model_members::<GetAttachment>(&model),
        model_members::<DescribeView>(&model),
        model_members::<GetAuthenticationUrl>(&model),
        model_members::<CancelParticipantAuthentication>(&model),
    ]);
    assert_eq!(checked.len(), OperationId::ALL.len());
    let start_position = model["shapes"]["StartPosition"]["members"]
        .as_object()
        .unwrap();
    let allowed: BTreeSet<&str> = members::<StartPosition>().iter().copied().collect();
    assert_eq!(allowed, start_position.keys().map(String::as_str).collect());
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The URI members of `path`, as a router captures them from `template`.
fn labels(template: &str, path: &str) -> Vec<(String, String)> {
    let segments: Vec<&str> = path.split('/').collect();
    let names: Vec<&str> = template.split('/').collect();
    assert_eq!(segments.len(), names.len(), "{path} fits {template}");
    names
        .iter()
        .zip(segments)
        .filter_map(|(name, segment)| {
            let label = name.strip_prefix('{')?.strip_suffix('}')?;
            Some((label.to_owned(), percent_decode(segment)))
        })
        .collect()
}

/// Builds `request` as the client does and reads it back as a server does.
fn round_trip<O: Operation + PartialEq + Debug>(request: O) -> OperationId {
    let http = request
        .to_http_request(&Endpoint::custom(BASE), "token")
        .unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
    assert_eq!(http.method, O::METHOD);
    let path = http.url.strip_prefix(BASE).unwrap();
    let captured = labels(O::URI, path);
    let captured: Vec<(&str, &str)> = captured
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let body = http.body.as_deref().unwrap_or("").as_bytes();
    assert_eq!(
        O::from_http_request(&captured, body),
        Ok(request),
        "{}",
        O::NAME
    );
    O::ID
}

#[test]
fn every_request_reads_back_as_it_was_built() {
    let session_id = "0b9d7f7e-4b8a-4a39-9d55-0f3c0a0f6e21";
    let read = HashSet::from([
        round_trip(CreateParticipantConnection::websocket_and_credentials()),
        round_trip(CreateParticipantConnection::default()),
        round_trip(DisconnectParticipant {
            client_token: Some("bye-1".into()),
        }),
        round_trip(DisconnectParticipant::default()),
        round_trip(SendMessage::text("Hello \"there\" é").with_client_token("c-1")),
        round_trip(SendEvent {
            content_type: "application/vnd.amazonaws.connect.event.typing".into(),
            content: None,
            client_token: Some("c-2".into()),
        }),
        round_trip(GetTranscript {
            contact_id: Some("contact-1".into()),
            max_results: Some(15),
            next_token: Some("next".into()),
            scan_direction: Some(ScanDirection::Forward),
            sort_order: Some(SortKey::Ascending),
            start_position: Some(StartPosition {
                most_recent: Some(3),
                ..StartPosition::default()
            }),
        }),
        round_trip(StartAttachmentUpload {
            content_type: "image/png".into(),
            attachment_size_in_bytes: 1234,
            attachment_name: "a b.png".into(),
            client_token: "c-3".into(),
        }),
        round_trip(CompleteAttachmentUpload {
            attachment_ids: vec!["att-1".into()],
            client_token: "c-4".into(),
        }),
        round_trip(GetAttachment {
            attachment_id: "att-1".into(),
            url_expiry_in_seconds: Some(60),
            url_content_disposition: Some(ContentDisposition::Inline),
        }),
        round_trip(DescribeView {
            view_token: "tok/en é?".into(),
        }),
        round_trip(GetAuthenticationUrl {
            session_id: session_id.into(),
            redirect_uri: "https://shop.example/back".into(),
        }),
        round_trip(CancelParticipantAuthentication {
            session_id: session_id.into(),
        }),
    ]);
    assert_eq!(read.len(), OperationId::ALL.len(), "every operation");
}

/// Answers `output` as a server does and reads it as the client does.
fn answer<O: Operation>(output: Value) -> OperationId
where
    O::Output: PartialEq + Debug,
{
    let output: O::Output = serde_json::from_value(output).unwrap();
    let http = O::to_http_response(&output);
    assert_eq!(http.status, 200);
    assert_eq!(http.header("content-type"), Some("application/json"));
    assert_eq!(O::from_http_response(&http), Ok(output), "{}", O::NAME);
    O::ID
}

#[test]
fn every_answer_reads_back_as_it_was_built() {
    let time = "2024-01-02T03:04:05.678Z";
    let answered = HashSet::from([
        answer::<CreateParticipantConnection>(json!({
            "Websocket": { "Url": "wss://x/connect", "ConnectionExpiry": time },
            "ConnectionCredentials": { "ConnectionToken": "ct", "Expiry": time },
        })),
        answer::<DisconnectParticipant>(json!({})),
        answer::<SendMessage>(json!({ "Id": "m-1", "AbsoluteTime": time })),
        answer::<SendEvent>(json!({ "Id": "e-1", "AbsoluteTime": time })),
        answer::<GetTranscript>(json!({
            "InitialContactId": "contact-1",
            "Transcript": [{ "Id": "m-1", "Type": "MESSAGE", "Content": "hi" }],
            "NextToken": "next",
        })),
        answer::<StartAttachmentUpload>(json!({
            "AttachmentId": "att-1",
            "UploadMetadata": {
                "Url": "https://s3/x", "UrlExpiry": time,
                "HeadersToInclude": { "Content-Type": "image/png" },
            },
        })),
        answer::<CompleteAttachmentUpload>(json!({})),
        answer::<GetAttachment>(json!({
            "Url": "https://s3/x", "UrlExpiry": time, "AttachmentSizeInBytes": 1234,
        })),
        answer::<DescribeView>(json!({ "View": serde_json::to_value(View::default()).unwrap() })),
        answer::<GetAuthenticationUrl>(json!({ "AuthenticationUrl": "https://auth/x" })),
        answer::<CancelParticipantAuthentication>(json!({})),
    ]);
    assert_eq!(answered.len(), OperationId::ALL.len(), "every operation");
}

#[test]
fn unknown_members_are_refused_where_they_are() {
    assert_eq!(
        SendMessage::from_http_request(
            &[],
            br#"{"ContentType":"text/plain","Content":"x","Extra":1}"#
        ),
        Err(Refusal::UnknownMember {
            member: "Extra".into(),
            within: None,
            allowed: &["ContentType", "Content", "ClientToken"],
        })
    );
    assert_eq!(
        GetTranscript::from_http_request(&[], br#"{"StartPosition":{"MostRecent":1,"Oops":2}}"#),
        Err(Refusal::UnknownMember {
            member: "Oops".into(),
            within: Some("StartPosition"),
            allowed: &["Id", "AbsoluteTime", "MostRecent"],
        })
    );
    // Member names are case-sensitive, as the model's are.
    assert!(matches!(
        DisconnectParticipant::from_http_request(&[], br#"{"clientToken":"x"}"#),
        Err(Refusal::UnknownMember { .. })
    ));
}

#[test]
fn malformed_bodies_are_refused_by_what_is_wrong() {
    let read = |body: &[u8]| SendMessage::from_http_request(&[], body);
    assert_eq!(read(&[0xff, 0xfe]), Err(Refusal::NotUtf8));
    assert!(matches!(read(b"{not json"), Err(Refusal::NotJson(_))));
    assert_eq!(read(b"[1,2]"), Err(Refusal::NotObject));
    assert_eq!(read(b"null"), Err(Refusal::NotObject));
    assert!(matches!(
        read(br#"{"ContentType":"text/plain","Content":5}"#),
        Err(Refusal::WrongType(_))
    ));
    // A required member left out cannot be read either.
    assert!(matches!(read(b"{}"), Err(Refusal::WrongType(_))));
    // An empty body is an empty object: enough for an operation with no required member.
    assert_eq!(
        DisconnectParticipant::from_http_request(&[], b" \n"),
        Ok(DisconnectParticipant::default())
    );
}

#[test]
fn constraints_are_checked_as_the_client_checks_them() {
    let empty = SendMessage::text("");
    let Err(expected) = empty.to_http_request(&Endpoint::custom(BASE), "token") else {
        panic!("an empty message does not build");
    };
    assert!(matches!(
        expected,
        Error::Invalid {
            field: "Content",
            ..
        }
    ));
    assert_eq!(
        SendMessage::from_http_request(&[], br#"{"ContentType":"text/plain","Content":""}"#),
        Err(Refusal::Invalid(expected))
    );
    assert!(matches!(
        CreateParticipantConnection::from_http_request(&[], br#"{"Type":[]}"#),
        Err(Refusal::Invalid(Error::Invalid { field: "Type", .. }))
    ));
    // Unknown enum values are read; what to do with them is the server's choice.
    assert_eq!(
        CreateParticipantConnection::from_http_request(&[], br#"{"Type":["PIGEON"]}"#),
        Ok(CreateParticipantConnection {
            types: Some(vec![ConnectionType::Unknown("PIGEON".into())]),
            connect_participant: None,
        })
    );
}

#[test]
fn describe_view_reads_its_token_from_the_path_only() {
    assert_eq!(
        DescribeView::from_http_request(&[("ViewToken", "v-1")], b"ignored"),
        Ok(DescribeView {
            view_token: "v-1".into()
        })
    );
    assert!(matches!(
        DescribeView::from_http_request(&[], b""),
        Err(Refusal::Invalid(Error::Invalid {
            field: "ViewToken",
            ..
        }))
    ));
}
