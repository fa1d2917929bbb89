//! Golden tests: each operation's exact HTTP request, a realistic response of each, and the
//! seven exceptions as the service (or a browser hiding headers) presents them.

use connect_participant::model::*;
use connect_participant::operations::*;
use connect_participant::{Endpoint, Error, ErrorKind, HttpResponse, Method, ServiceError};
use serde_json::{json, Value};

const BASE: &str = "https://participant.connect.us-west-2.amazonaws.com";
const TOKEN: &str = "AQIDAHgEXAMPLEconnectiontoken==";
const SESSION: &str = "0d8b6a4c-2f3e-4b5a-9c1d-7e6f5a4b3c2d";

/// Builds the request and compares it with the expected method, path, headers and body.
fn golden<O: Operation>(request: &O, method: Method, path: &str, body: Option<Value>) {
    let http = request
        .to_http_request(&Endpoint::region("us-west-2"), TOKEN)
        .unwrap_or_else(|e| panic!("{}: {e}", O::NAME));
    assert_eq!(http.method, method, "{}", O::NAME);
    assert_eq!(http.url, format!("{BASE}{path}"), "{}", O::NAME);
    let mut expected_headers = vec![("X-Amz-Bearer", TOKEN.to_owned())];
    if body.is_some() {
        expected_headers.push(("Content-Type", "application/json".to_owned()));
    }
    assert_eq!(http.headers, expected_headers, "{}", O::NAME);
    let sent = http
        .body
        .as_deref()
        .map(|b| serde_json::from_str::<Value>(b).unwrap());
    assert_eq!(sent, body, "{}", O::NAME);
}

fn ok(body: Value) -> HttpResponse {
    HttpResponse::new(200, body.to_string())
        .with_header("Content-Type", "application/json")
        .with_header("x-amzn-RequestId", "2c5f0a4e-1b7d-4c3a-9e8f-6d5c4b3a2f1e")
}

#[test]
fn create_participant_connection() {
    golden(
        &CreateParticipantConnection::websocket_and_credentials(),
        Method::Post,
        "/participant/connection",
        Some(json!({"Type": ["WEBSOCKET", "CONNECTION_CREDENTIALS"]})),
    );
    let out = CreateParticipantConnection::from_http_response(&ok(json!({
        "Websocket": {
            "Url": "wss://abc123.transport.connect.us-west-2.amazonaws.com/?AWSAccessKeyId=X&Signature=Y",
            "ConnectionExpiry": "2026-11-24T14:05:12.345Z"
        },
        "ConnectionCredentials": {
            "ConnectionToken": "QVFJREFIaGVsbG8=",
            "Expiry": "2026-11-25T14:03:32.345Z"
        }
    })))
    .unwrap();
    let ws = out.websocket.unwrap();
    assert!(ws.url.unwrap().starts_with("wss://abc123.transport"));
    assert_eq!(
        ws.connection_expiry.as_deref(),
        Some("2026-11-24T14:05:12.345Z")
    );
    assert_eq!(
        out.connection_credentials
            .unwrap()
            .connection_token
            .as_deref(),
        Some("QVFJREFIaGVsbG8=")
    );
    assert_eq!(out.web_rtc_connection, None);
}

#[test]
fn disconnect_participant() {
    golden(
        &DisconnectParticipant {
            client_token: Some("b5a1c6e2-disconnect".into()),
        },
        Method::Post,
        "/participant/disconnect",
        Some(json!({"ClientToken": "b5a1c6e2-disconnect"})),
    );
    // The service answers 200 with `{}`; an empty body is accepted too.
    assert_eq!(
        DisconnectParticipant::from_http_response(&ok(json!({}))).unwrap(),
        DisconnectParticipantResponse {}
    );
    assert!(DisconnectParticipant::from_http_response(&HttpResponse::new(200, "")).is_ok());
}

#[test]
fn send_message() {
    golden(
        &SendMessage::text("Hi, I need help with my order").with_client_token("4c1f-token"),
        Method::Post,
        "/participant/message",
        Some(json!({
            "ContentType": "text/plain",
            "Content": "Hi, I need help with my order",
            "ClientToken": "4c1f-token"
        })),
    );
    let out = SendMessage::from_http_response(&ok(json!({
        "Id": "5b1e0c6a-9d8f-4e2a-b3c4-d5e6f7a8b9c0",
        "AbsoluteTime": "2026-11-24T14:03:33.001Z",
        "MessageMetadata": {"MessageProcessingStatus": "PROCESSING"}
    })))
    .unwrap();
    assert_eq!(
        out.id.as_deref(),
        Some("5b1e0c6a-9d8f-4e2a-b3c4-d5e6f7a8b9c0")
    );
    assert_eq!(
        out.message_metadata.unwrap().message_processing_status,
        Some(MessageProcessingStatus::Processing)
    );
}

#[test]
fn send_event() {
    golden(
        &SendEvent {
            content_type: "application/vnd.amazonaws.connect.event.message.read".into(),
            content: Some(r#"{"messageId":"5b1e0c6a"}"#.into()),
            client_token: Some("ev-1".into()),
        },
        Method::Post,
        "/participant/event",
        Some(json!({
            "ContentType": "application/vnd.amazonaws.connect.event.message.read",
            "Content": "{\"messageId\":\"5b1e0c6a\"}",
            "ClientToken": "ev-1"
        })),
    );
    let out = SendEvent::from_http_response(&ok(json!({
        "Id": "e-77", "AbsoluteTime": "2026-11-24T14:03:34.500Z"
    })))
    .unwrap();
    assert_eq!(out.id.as_deref(), Some("e-77"));
    assert_eq!(
        out.absolute_time.as_deref(),
        Some("2026-11-24T14:03:34.500Z")
    );
}

#[test]
fn get_transcript() {
    golden(
        &GetTranscript {
            max_results: Some(15),
            scan_direction: Some(ScanDirection::Backward),
            sort_order: Some(SortKey::Ascending),
            start_position: Some(StartPosition {
                most_recent: Some(15),
                ..StartPosition::default()
            }),
            ..GetTranscript::default()
        },
        Method::Post,
        "/participant/transcript",
        Some(json!({
            "MaxResults": 15,
            "ScanDirection": "BACKWARD",
            "SortOrder": "ASCENDING",
            "StartPosition": {"MostRecent": 15}
        })),
    );
    let out = GetTranscript::from_http_response(&ok(json!({
        "InitialContactId": "c-1",
        "NextToken": "page-2",
        "Transcript": [
            {
                "AbsoluteTime": "2026-11-24T14:00:00.000Z",
                "ContentType": "application/vnd.amazonaws.connect.event.participant.joined",
                "Id": "i-1", "Type": "EVENT", "ParticipantId": "p-cust",
                "DisplayName": "Customer", "ParticipantRole": "CUSTOMER"
            },
            {
                "AbsoluteTime": "2026-11-24T14:00:01.123Z",
                "Content": "Hello, how can I help?", "ContentType": "text/plain",
                "Id": "i-2", "Type": "MESSAGE", "ParticipantId": "p-agent",
                "DisplayName": "Ana", "ParticipantRole": "AGENT",
                "MessageMetadata": {"MessageId": "i-2", "Receipts": [
                    {"DeliveredTimestamp": "2026-11-24T14:00:01.500Z",
                     "ReadTimestamp": "2026-11-24T14:00:02.000Z",
                     "RecipientParticipantId": "p-cust"}
                ]}
            },
            {
                "AbsoluteTime": "2026-11-24T14:00:05.000Z", "Id": "i-3", "Type": "ATTACHMENT",
                "ParticipantRole": "CUSTOMER",
                "Attachments": [{"ContentType": "application/pdf", "AttachmentId": "att-1",
                                 "AttachmentName": "invoice.pdf", "Status": "APPROVED"}]
            },
            {"AbsoluteTime": "2026-11-24T14:00:06.000Z", "Id": "i-4", "Type": "BRAND_NEW_TYPE",
             "ParticipantRole": "NEW_ROLE"}
        ]
    })))
    .unwrap();
    assert_eq!(out.next_token.as_deref(), Some("page-2"));
    assert_eq!(out.transcript.len(), 4);
    assert_eq!(out.transcript[1].kind, Some(ChatItemType::Message));
    assert_eq!(
        out.transcript[1].participant_role,
        Some(ParticipantRole::Agent)
    );
    let receipts = out.transcript[1]
        .message_metadata
        .as_ref()
        .unwrap()
        .receipts
        .as_ref()
        .unwrap();
    assert_eq!(
        receipts[0].read_timestamp.as_deref(),
        Some("2026-11-24T14:00:02.000Z")
    );
    let attachment = &out.transcript[2].attachments.as_ref().unwrap()[0];
    assert_eq!(attachment.status, Some(ArtifactStatus::Approved));
    // Values the service may add later are kept, not rejected.
    assert_eq!(
        out.transcript[3].kind,
        Some(ChatItemType::Unknown("BRAND_NEW_TYPE".into()))
    );
    assert_eq!(
        out.transcript[3].participant_role,
        Some(ParticipantRole::Unknown("NEW_ROLE".into()))
    );
}

#[test]
fn start_attachment_upload() {
    golden(
        &StartAttachmentUpload {
            content_type: "application/pdf".into(),
            attachment_size_in_bytes: 52_341,
            attachment_name: "invoice.pdf".into(),
            client_token: "up-1".into(),
        },
        Method::Post,
        "/participant/start-attachment-upload",
        Some(json!({
            "ContentType": "application/pdf",
            "AttachmentSizeInBytes": 52341,
            "AttachmentName": "invoice.pdf",
            "ClientToken": "up-1"
        })),
    );
    let out = StartAttachmentUpload::from_http_response(&ok(json!({
        "AttachmentId": "att-1",
        "UploadMetadata": {
            "Url": "https://bucket.s3.amazonaws.com/att-1?X-Amz-Signature=abc",
            "UrlExpiry": "2026-11-24T14:08:00.000Z",
            "HeadersToInclude": {
                "Content-Type": "application/pdf",
                "Content-Length": "52341",
                "x-amz-acl": "bucket-owner-full-control"
            }
        }
    })))
    .unwrap();
    assert_eq!(out.attachment_id.as_deref(), Some("att-1"));
    let headers = out.upload_metadata.unwrap().headers_to_include.unwrap();
    assert_eq!(headers["Content-Length"], "52341");
    assert_eq!(headers.len(), 3);
}

#[test]
fn complete_attachment_upload() {
    golden(
        &CompleteAttachmentUpload {
            attachment_ids: vec!["att-1".into()],
            client_token: "done-1".into(),
        },
        Method::Post,
        "/participant/complete-attachment-upload",
        Some(json!({"AttachmentIds": ["att-1"], "ClientToken": "done-1"})),
    );
    assert!(CompleteAttachmentUpload::from_http_response(&ok(json!({}))).is_ok());
}

#[test]
fn get_attachment() {
    golden(
        &GetAttachment {
            attachment_id: "att-1".into(),
            url_expiry_in_seconds: Some(60),
            url_content_disposition: Some(ContentDisposition::Attachment),
        },
        Method::Post,
        "/participant/attachment",
        Some(json!({
            "AttachmentId": "att-1",
            "UrlExpiryInSeconds": 60,
            "UrlContentDisposition": "ATTACHMENT"
        })),
    );
    let out = GetAttachment::from_http_response(&ok(json!({
        "Url": "https://bucket.s3.amazonaws.com/att-1?X-Amz-Signature=def",
        "UrlExpiry": "2026-11-24T14:09:00.000Z",
        "AttachmentSizeInBytes": 52341
    })))
    .unwrap();
    assert_eq!(out.attachment_size_in_bytes, 52_341);
    assert!(out.url.unwrap().contains("att-1"));
}

#[test]
fn describe_view() {
    golden(
        &DescribeView {
            view_token: "token/with spaces+plus".into(),
        },
        Method::Get,
        "/participant/views/token%2Fwith%20spaces%2Bplus",
        None,
    );
    let out = DescribeView::from_http_response(&ok(json!({
        "View": {
            "Id": "view-1",
            "Arn": "arn:aws:connect:us-west-2:123456789012:instance/i-1/view/view-1",
            "Name": "Form",
            "Version": 3,
            "Content": {
                "InputSchema": "{\"type\":\"object\"}",
                "Template": "{\"Head\":{},\"Body\":[]}",
                "Actions": ["Submit", "Cancel"]
            }
        }
    })))
    .unwrap();
    let view = out.view.unwrap();
    assert_eq!(view.version, Some(3));
    assert_eq!(
        view.content.unwrap().actions.unwrap(),
        vec!["Submit".to_owned(), "Cancel".to_owned()]
    );
}

#[test]
fn get_authentication_url() {
    golden(
        &GetAuthenticationUrl {
            session_id: SESSION.into(),
            redirect_uri: "https://shop.example/chat/auth-done".into(),
        },
        Method::Post,
        "/participant/authentication-url",
        Some(json!({"SessionId": SESSION, "RedirectUri": "https://shop.example/chat/auth-done"})),
    );
    let out = GetAuthenticationUrl::from_http_response(&ok(json!({
        "AuthenticationUrl": "https://idp.example/oauth2/authorize?state=xyz"
    })))
    .unwrap();
    assert!(out
        .authentication_url
        .unwrap()
        .starts_with("https://idp.example"));
}

#[test]
fn cancel_participant_authentication() {
    golden(
        &CancelParticipantAuthentication {
            session_id: SESSION.into(),
        },
        Method::Post,
        "/participant/cancel-authentication",
        Some(json!({"SessionId": SESSION})),
    );
    assert!(CancelParticipantAuthentication::from_http_response(&ok(json!({}))).is_ok());
}

#[test]
fn create_participant_connection_uses_the_participant_token() {
    assert_eq!(CreateParticipantConnection::AUTH, Auth::ParticipantToken);
    assert_eq!(SendMessage::AUTH, Auth::ConnectionToken);
}

#[test]
fn a_success_body_that_is_not_json_is_a_decode_error() {
    let err = SendMessage::from_http_response(&HttpResponse::new(200, "<html>")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                what: "SendMessage",
                ..
            }
        ),
        "{err:?}"
    );
}

// --- The seven exceptions -------------------------------------------------------------

/// `(kind, status, realistic body)` for each exception.
fn exceptions() -> Vec<(ErrorKind, u16, Value)> {
    vec![
        (
            ErrorKind::AccessDenied,
            403,
            json!({"message": "You do not have sufficient access to perform this action."}),
        ),
        (
            ErrorKind::Conflict,
            409,
            json!({"message": "The attachment upload is already complete."}),
        ),
        (
            ErrorKind::InternalServer,
            500,
            json!({"message": "An internal error occurred."}),
        ),
        (
            ErrorKind::ResourceNotFound,
            404,
            json!({"message": "View not found", "ResourceId": "view-1", "ResourceType": "CONTACT_FLOW"}),
        ),
        (
            ErrorKind::ServiceQuotaExceeded,
            402,
            json!({"message": "The number of attachments per contact exceeds the quota."}),
        ),
        (
            ErrorKind::Throttling,
            429,
            json!({"message": "Rate exceeded"}),
        ),
        (
            ErrorKind::Validation,
            400,
            json!({"message": "1 validation error detected: Value at 'content' failed to satisfy constraint"}),
        ),
    ]
}

fn expect_service_error(response: &HttpResponse) -> ServiceError {
    match SendMessage::from_http_response(response) {
        Err(Error::Service(e)) => e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[test]
fn exceptions_named_by_the_header() {
    for (kind, status, body) in exceptions() {
        let response = HttpResponse::new(status, body.to_string())
            .with_header(
                "x-amzn-ErrorType",
                format!("{kind}:http://internal.amazon.com/coral/com.amazon.connect.participant/"),
            )
            .with_header("x-amzn-RequestId", "r-1");
        let e = expect_service_error(&response);
        assert_eq!(e.kind, kind);
        assert_eq!(e.status, status);
        assert_eq!(e.message.as_deref(), body["message"].as_str(), "{kind}");
        if kind == ErrorKind::ResourceNotFound {
            assert_eq!(e.resource_id.as_deref(), Some("view-1"));
            assert_eq!(e.resource_type.as_deref(), Some("CONTACT_FLOW"));
        }
        assert!(e.to_string().contains(kind.as_str()), "{e}");
    }
}

#[test]
fn exceptions_with_the_header_hidden_fall_back_to_the_status() {
    for (kind, status, body) in exceptions() {
        // A browser without `Access-Control-Expose-Headers` shows no x-amzn-ErrorType.
        let e = expect_service_error(&HttpResponse::new(status, body.to_string()));
        assert_eq!(e.kind, kind, "status {status}");
        assert_eq!(e.message.as_deref(), body["message"].as_str());
    }
    // No body at all still gives the kind.
    let e = expect_service_error(&HttpResponse::new(429, ""));
    assert_eq!((e.kind, e.message), (ErrorKind::Throttling, None));
}

#[test]
fn exceptions_named_in_the_body() {
    for (kind, status, _) in exceptions() {
        for code in [
            format!("com.amazonaws.connectparticipant#{kind}"),
            format!("{kind}:http://internal.amazon.com/coral/com.amazon.connect.participant/"),
            format!("aws.protocoltests#{kind}:http://internal.amazon.com/"),
            kind.to_string(),
        ] {
            let body = json!({"__type": code, "Message": "capitalised message"});
            // A status that disagrees shows the body's code wins over the status.
            let e = expect_service_error(&HttpResponse::new(
                if status == 400 { 500 } else { 400 },
                body.to_string(),
            ));
            assert_eq!(e.kind, kind, "{code}");
            assert_eq!(e.message.as_deref(), Some("capitalised message"));
        }
        let body = json!({"code": kind.as_str(), "message": "m"});
        assert_eq!(
            expect_service_error(&HttpResponse::new(400, body.to_string())).kind,
            kind
        );
    }
}

#[test]
fn an_unknown_exception_is_kept() {
    let e = expect_service_error(
        &HttpResponse::new(400, r#"{"message":"new"}"#)
            .with_header("x-amzn-ErrorType", "BrandNewException"),
    );
    assert_eq!(e.kind, ErrorKind::Unknown("BrandNewException".into()));
    // A blank header falls through to the body, then to the status.
    let e = expect_service_error(
        &HttpResponse::new(429, r#"{"__type":" "}"#).with_header("x-amzn-ErrorType", ""),
    );
    assert_eq!(e.kind, ErrorKind::Throttling);
    let e = expect_service_error(&HttpResponse::new(418, "teapot"));
    assert_eq!(e.kind, ErrorKind::Unknown("HTTP 418".into()));
}
