//! Every client-side constraint: the error names the member and says the limit, and a
//! value just inside the limit passes.

use connect_participant::model::*;
use connect_participant::operations::*;
use connect_participant::validate::ContentLimits;
use connect_participant::{Endpoint, Error};

fn build<O: Operation>(request: &O) -> Result<(), Error> {
    request
        .to_http_request(&Endpoint::custom("http://127.0.0.1:1"), "token")
        .map(|_| ())
}

#[track_caller]
fn invalid(result: Result<(), Error>, field: &str, says: &str) {
    match result {
        Err(Error::Invalid {
            field: got,
            problem,
        }) => {
            assert_eq!(got, field, "field ({problem})");
            assert!(
                problem.contains(says),
                "{field}: {problem:?} should mention {says:?}"
            );
        }
        other => panic!("{field}: expected Invalid, got {other:?}"),
    }
}

fn s(n: usize) -> String {
    "x".repeat(n)
}

fn session(n: usize) -> String {
    "a".repeat(n)
}

#[test]
fn send_message() {
    let ok = SendMessage::text("hi");
    build(&ok).unwrap();
    invalid(build(&SendMessage::text("")), "Content", "at least 1");
    invalid(
        build(&SendMessage::text(s(16_385))),
        "Content",
        "at most 16384",
    );
    build(&SendMessage::text(s(16_384))).unwrap();
    // Characters, not bytes: 16384 three-byte characters fit.
    build(&SendMessage::text("€".repeat(16_384))).unwrap();
    invalid(
        build(&SendMessage {
            content_type: String::new(),
            ..ok.clone()
        }),
        "ContentType",
        "at least 1",
    );
    invalid(
        build(&SendMessage {
            content_type: s(101),
            ..ok.clone()
        }),
        "ContentType",
        "at most 100",
    );
    invalid(
        build(&ok.clone().with_client_token(s(501))),
        "ClientToken",
        "at most 500",
    );
    build(&ok.with_client_token(s(500))).unwrap();
}

#[test]
fn content_limit_profiles() {
    let classic = ContentLimits::Classic;
    invalid(
        classic.check("text/plain", &s(1025)),
        "Content",
        "at most 1024",
    );
    classic.check("text/markdown", &s(1024)).unwrap();
    invalid(
        classic.check("application/json", &s(12_001)),
        "Content",
        "at most 12000",
    );
    invalid(
        classic.check(
            "application/vnd.amazonaws.connect.message.interactive.response",
            &s(12_289),
        ),
        "Content",
        "at most 12288",
    );
    ContentLimits::Model
        .check("text/plain", &s(16_384))
        .unwrap();
    invalid(
        ContentLimits::Model.check("text/plain", &s(16_385)),
        "Content",
        "at most 16384",
    );
}

#[test]
fn send_event() {
    let ok = SendEvent {
        content_type: "application/vnd.amazonaws.connect.event.typing".into(),
        content: None,
        client_token: None,
    };
    build(&ok).unwrap();
    invalid(
        build(&SendEvent {
            content: Some(String::new()),
            ..ok.clone()
        }),
        "Content",
        "at least 1",
    );
    invalid(
        build(&SendEvent {
            content: Some(s(16_385)),
            ..ok.clone()
        }),
        "Content",
        "at most 16384",
    );
    invalid(
        build(&SendEvent {
            content_type: s(101),
            ..ok.clone()
        }),
        "ContentType",
        "at most 100",
    );
    invalid(
        build(&SendEvent {
            client_token: Some(s(501)),
            ..ok
        }),
        "ClientToken",
        "at most 500",
    );
}

#[test]
fn create_participant_connection_and_disconnect() {
    invalid(
        build(&CreateParticipantConnection {
            types: Some(vec![]),
            connect_participant: None,
        }),
        "Type",
        "at least 1",
    );
    build(&CreateParticipantConnection::default()).unwrap();
    invalid(
        build(&DisconnectParticipant {
            client_token: Some(s(501)),
        }),
        "ClientToken",
        "at most 500",
    );
}

#[test]
fn get_transcript() {
    build(&GetTranscript::default()).unwrap();
    let t = |f: fn(&mut GetTranscript)| {
        let mut r = GetTranscript::default();
        f(&mut r);
        build(&r)
    };
    invalid(
        t(|r| r.contact_id = Some(s(257))),
        "ContactId",
        "at most 256",
    );
    invalid(
        t(|r| r.contact_id = Some(String::new())),
        "ContactId",
        "at least 1",
    );
    invalid(
        t(|r| r.max_results = Some(101)),
        "MaxResults",
        "between 0 and 100",
    );
    t(|r| r.max_results = Some(100)).unwrap();
    invalid(
        t(|r| r.next_token = Some(s(1001))),
        "NextToken",
        "at most 1000",
    );
    let position = |p: StartPosition| {
        build(&GetTranscript {
            start_position: Some(p),
            ..GetTranscript::default()
        })
    };
    invalid(
        position(StartPosition {
            id: Some(s(257)),
            ..Default::default()
        }),
        "StartPosition.Id",
        "at most 256",
    );
    invalid(
        position(StartPosition {
            absolute_time: Some(s(101)),
            ..Default::default()
        }),
        "StartPosition.AbsoluteTime",
        "at most 100",
    );
    invalid(
        position(StartPosition {
            most_recent: Some(101),
            ..Default::default()
        }),
        "StartPosition.MostRecent",
        "between 0 and 100",
    );
    invalid(
        position(StartPosition {
            id: Some("i-1".into()),
            most_recent: Some(3),
            ..Default::default()
        }),
        "StartPosition",
        "more than one",
    );
}

#[test]
fn attachments() {
    let start = StartAttachmentUpload {
        content_type: "application/pdf".into(),
        attachment_size_in_bytes: 1,
        attachment_name: "a.pdf".into(),
        client_token: "t".into(),
    };
    build(&start).unwrap();
    invalid(
        build(&StartAttachmentUpload {
            content_type: s(256),
            ..start.clone()
        }),
        "ContentType",
        "at most 255",
    );
    invalid(
        build(&StartAttachmentUpload {
            attachment_size_in_bytes: 0,
            ..start.clone()
        }),
        "AttachmentSizeInBytes",
        "at least 1",
    );
    invalid(
        build(&StartAttachmentUpload {
            attachment_name: s(257),
            ..start.clone()
        }),
        "AttachmentName",
        "at most 256",
    );
    invalid(
        build(&StartAttachmentUpload {
            client_token: String::new(),
            ..start.clone()
        }),
        "ClientToken",
        "at least 1",
    );
    invalid(
        build(&StartAttachmentUpload {
            client_token: s(501),
            ..start
        }),
        "ClientToken",
        "at most 500",
    );

    let complete = CompleteAttachmentUpload {
        attachment_ids: vec!["a".into()],
        client_token: "t".into(),
    };
    build(&complete).unwrap();
    invalid(
        build(&CompleteAttachmentUpload {
            attachment_ids: vec!["a".into(), "b".into()],
            ..complete.clone()
        }),
        "AttachmentIds",
        "exactly 1",
    );
    invalid(
        build(&CompleteAttachmentUpload {
            attachment_ids: vec![],
            ..complete.clone()
        }),
        "AttachmentIds",
        "exactly 1",
    );
    invalid(
        build(&CompleteAttachmentUpload {
            attachment_ids: vec![s(257)],
            ..complete.clone()
        }),
        "AttachmentIds[0]",
        "at most 256",
    );
    invalid(
        build(&CompleteAttachmentUpload {
            client_token: s(501),
            ..complete
        }),
        "ClientToken",
        "at most 500",
    );

    let get = GetAttachment {
        attachment_id: "a".into(),
        url_expiry_in_seconds: Some(5),
        url_content_disposition: None,
    };
    build(&get).unwrap();
    invalid(
        build(&GetAttachment {
            url_expiry_in_seconds: Some(4),
            ..get.clone()
        }),
        "UrlExpiryInSeconds",
        "between 5 and 300",
    );
    invalid(
        build(&GetAttachment {
            url_expiry_in_seconds: Some(301),
            ..get.clone()
        }),
        "UrlExpiryInSeconds",
        "between 5 and 300",
    );
    invalid(
        build(&GetAttachment {
            attachment_id: String::new(),
            ..get
        }),
        "AttachmentId",
        "at least 1",
    );
}

#[test]
fn views_and_authentication() {
    invalid(
        build(&DescribeView {
            view_token: String::new(),
        }),
        "ViewToken",
        "at least 1",
    );
    invalid(
        build(&DescribeView {
            view_token: s(1001),
        }),
        "ViewToken",
        "at most 1000",
    );
    let auth = GetAuthenticationUrl {
        session_id: session(36),
        redirect_uri: "https://x".into(),
    };
    build(&auth).unwrap();
    invalid(
        build(&GetAuthenticationUrl {
            session_id: session(35),
            ..auth.clone()
        }),
        "SessionId",
        "at least 36",
    );
    invalid(
        build(&GetAuthenticationUrl {
            session_id: session(37),
            ..auth.clone()
        }),
        "SessionId",
        "at most 36",
    );
    invalid(
        build(&GetAuthenticationUrl {
            redirect_uri: s(1025),
            ..auth
        }),
        "RedirectUri",
        "at most 1024",
    );
    invalid(
        build(&CancelParticipantAuthentication {
            session_id: session(3),
        }),
        "SessionId",
        "at least 36",
    );
}

#[test]
fn the_token_is_required() {
    let endpoint = Endpoint::custom("http://127.0.0.1:1");
    invalid(
        SendMessage::text("hi")
            .to_http_request(&endpoint, "")
            .map(|_| ()),
        "ConnectionToken",
        "required",
    );
    invalid(
        CreateParticipantConnection::default()
            .to_http_request(&endpoint, "")
            .map(|_| ()),
        "ParticipantToken",
        "required",
    );
    invalid(
        SendMessage::text("hi")
            .to_http_request(&endpoint, &"t".repeat(1001))
            .map(|_| ()),
        "ConnectionToken",
        "at most 1000",
    );
    SendMessage::text("hi")
        .to_http_request(&endpoint, &"t".repeat(1000))
        .unwrap();
}

#[test]
fn errors_read_well() {
    let err = build(&SendMessage::text(s(20_000))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Content: is 20000 characters; at most 16384 are allowed"
    );
}
