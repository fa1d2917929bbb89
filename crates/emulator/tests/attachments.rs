//! Attachments: presigned PUT and GET on the S3 port, completion, scan, quota.

mod common;

use common::*;
use connect_emulator::{AgentMode, Config, Limits};
use connect_participant::content;
use connect_participant::model::{ArtifactStatus, ChatItemType, ContentDisposition};
use connect_participant::*;

fn start(name: &str, size: usize) -> StartAttachmentUpload {
    StartAttachmentUpload {
        content_type: "text/plain".into(),
        attachment_size_in_bytes: size as i64,
        attachment_name: name.into(),
        client_token: uuid::Uuid::new_v4().to_string(),
    }
}

fn complete(id: &str) -> CompleteAttachmentUpload {
    CompleteAttachmentUpload {
        attachment_ids: vec![id.to_owned()],
        client_token: uuid::Uuid::new_v4().to_string(),
    }
}

/// PUTs `body` to the upload URL with exactly the headers the service asked for.
async fn put(h: &Harness, upload: &StartAttachmentUploadResponse, body: Vec<u8>) -> (u16, String) {
    let meta = upload.upload_metadata.as_ref().unwrap();
    let mut request = h.http.put(meta.url.as_deref().unwrap());
    for (k, v) in meta.headers_to_include.as_ref().unwrap() {
        // reqwest sets Content-Length from the body, as a browser does.
        if !k.eq_ignore_ascii_case("content-length") {
            request = request.header(k, v);
        }
    }
    let response = request.body(body).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn upload_complete_scan_and_download() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let token = chat.connection_token.as_str();
    let mut ws = subscribe(&chat.ws_url).await;
    let body = b"hello attachment".to_vec();
    let request = start("notes.txt", body.len());
    let upload = h.call(&request, token).await.unwrap();
    // Idempotent: the same ClientToken gives the same attachment.
    let again = h.call(&request, token).await.unwrap();
    assert_eq!(again.attachment_id, upload.attachment_id);
    let headers = upload
        .upload_metadata
        .as_ref()
        .unwrap()
        .headers_to_include
        .clone()
        .unwrap();
    for name in [
        "Content-Type",
        "Content-Disposition",
        "Content-Length",
        "x-amz-acl",
        "x-amz-meta-account_id",
        "x-amz-meta-contact_id",
        "x-amz-meta-initial_contact_id",
        "x-amz-meta-organization_id",
    ] {
        assert!(headers.contains_key(name), "{name}");
    }
    let url = upload
        .upload_metadata
        .as_ref()
        .unwrap()
        .url
        .clone()
        .unwrap();
    assert!(url.starts_with(&h.emulator.urls().s3_url));
    assert!(url.contains("X-Amz-SignedHeaders=content-disposition%3Bcontent-length%3Bcontent-type%3Bhost%3Bx-amz-acl%3Bx-amz-meta-account_id"));
    let id = upload.attachment_id.clone().unwrap();

    // Completing before the PUT conflicts.
    let err = h.call(&complete(&id), token).await.unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::Conflict));

    let (status, text) = put(&h, &upload, body.clone()).await;
    assert_eq!(status, 200, "{text}");
    h.call(&complete(&id), token).await.unwrap();
    let err = h.call(&complete(&id), token).await.unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::Conflict), "completed twice");

    let item = wait_chat(&mut ws, |i| i.kind == Some(ChatItemType::Attachment)).await;
    let attachment = &item.attachments.unwrap()[0];
    assert_eq!(attachment.status, Some(ArtifactStatus::Approved));
    assert_eq!(attachment.attachment_name.as_deref(), Some("notes.txt"));
    assert_eq!(attachment.attachment_id.as_deref(), Some(id.as_str()));

    let got = h
        .call(
            &GetAttachment {
                attachment_id: id.clone(),
                url_expiry_in_seconds: Some(60),
                url_content_disposition: Some(ContentDisposition::Inline),
            },
            token,
        )
        .await
        .unwrap();
    assert_eq!(got.attachment_size_in_bytes, body.len() as i64);
    let response = h.http.get(got.url.unwrap()).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-disposition"],
        "inline; filename=\"notes.txt\""
    );
    assert_eq!(response.bytes().await.unwrap().to_vec(), body);
}

#[tokio::test]
async fn s3_refuses_wrong_size_tampering_and_expired_urls() {
    let mut config = fast_config(AgentMode::None);
    config.timing.upload_url_ttl = std::time::Duration::from_secs(1);
    let h = Harness::start(config).await;
    let chat = h.start_chat("Ann").await;
    let upload = h
        .call(&start("a.txt", 5), &chat.connection_token)
        .await
        .unwrap();
    // A body whose size differs from the signed Content-Length.
    let (status, text) = put(&h, &upload, b"too long".to_vec()).await;
    assert_eq!(status, 403);
    assert!(
        text.contains("<Code>SignatureDoesNotMatch</Code>"),
        "{text}"
    );
    // A changed signed header.
    let meta = upload.upload_metadata.as_ref().unwrap();
    let mut request = h.http.put(meta.url.as_deref().unwrap());
    for (k, v) in meta.headers_to_include.as_ref().unwrap() {
        if !k.eq_ignore_ascii_case("content-length") {
            let v = if k == "x-amz-meta-contact_id" {
                "someone-else"
            } else {
                v
            };
            request = request.header(k, v);
        }
    }
    let response = request.body("12345").send().await.unwrap();
    assert_eq!(response.status(), 403);
    // No signature at all.
    let bare = meta
        .url
        .as_deref()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let response = h.http.put(bare).body("12345").send().await.unwrap();
    assert_eq!(response.status(), 403);
    // After the URL's expiry.
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let (status, text) = put(&h, &upload, b"12345".to_vec()).await;
    assert_eq!(status, 403);
    assert!(text.contains("Request has expired"), "{text}");
}

#[tokio::test]
async fn rejected_files_bad_types_and_quota() {
    let config = Config {
        limits: Limits {
            attachments_per_contact: 2,
            ..Limits::default()
        },
        ..fast_config(AgentMode::None)
    };
    let h = Harness::start(config).await;
    let chat = h.start_chat("Ann").await;
    let token = chat.connection_token.as_str();
    // Extension and size rules.
    let err = h.call(&start("tool.exe", 10), token).await.unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::Validation));
    let err = h
        .call(&start("huge.pdf", 21 * 1024 * 1024), token)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::Validation));

    let upload = h.call(&start("virus.txt", 3), token).await.unwrap();
    let id = upload.attachment_id.clone().unwrap();
    assert_eq!(put(&h, &upload, b"bad".to_vec()).await.0, 200);
    h.call(&complete(&id), token).await.unwrap();
    let item = h
        .wait_item(&chat.contact_id, |i| i["Type"] == "ATTACHMENT")
        .await;
    assert_eq!(item["Attachments"][0]["Status"], "REJECTED");
    let err = h
        .call(
            &GetAttachment {
                attachment_id: id,
                ..GetAttachment::default()
            },
            token,
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::Validation));

    h.call(&start("two.txt", 3), token).await.unwrap();
    let err = h.call(&start("three.txt", 3), token).await.unwrap_err();
    match err {
        Error::Service(e) => assert_eq!((e.kind, e.status), (ErrorKind::ServiceQuotaExceeded, 402)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn attachments_of_another_chat_are_out_of_reach() {
    let h = Harness::new().await;
    let a = h.start_chat("A").await;
    let b = h.start_chat("B").await;
    let upload = h
        .call(&start("a.txt", 1), &a.connection_token)
        .await
        .unwrap();
    let id = upload.attachment_id.clone().unwrap();
    assert_eq!(put(&h, &upload, b"x".to_vec()).await.0, 200);
    let err = h
        .call(&complete(&id), &b.connection_token)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::Validation));
    h.call(&complete(&id), &a.connection_token).await.unwrap();
    h.wait_item(&a.contact_id, |i| i["Type"] == "ATTACHMENT")
        .await;
    let err = h
        .call(
            &GetAttachment {
                attachment_id: id,
                ..GetAttachment::default()
            },
            &b.connection_token,
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::Validation));
}

#[tokio::test]
async fn s3_answers_cors_preflight_for_a_browser_put() {
    let h = Harness::new().await;
    let response = h
        .http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/bucket/key", h.emulator.urls().s3_url),
        )
        .header("Origin", "http://shop.example")
        .header("Access-Control-Request-Method", "PUT")
        .header(
            "Access-Control-Request-Headers",
            "content-type,content-disposition,x-amz-acl,x-amz-meta-contact_id",
        )
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "http://shop.example"
    );
    let methods = response.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(methods.contains("PUT"));
}

#[tokio::test]
async fn receipts_on_an_attachment_are_kept_on_its_transcript_item() {
    let h = Harness::new().await;
    let chat = h.start_chat("Ann").await;
    let token = chat.connection_token.as_str();
    let mut ws = subscribe(&chat.ws_url).await;
    let upload = h.call(&start("photo.png", 3), token).await.unwrap();
    let id = upload.attachment_id.clone().unwrap();
    assert_eq!(put(&h, &upload, b"png".to_vec()).await.0, 200);
    h.call(&complete(&id), token).await.unwrap();
    let item = wait_chat(&mut ws, |i| i.kind == Some(ChatItemType::Attachment)).await;
    let item_id = item.id.clone().unwrap();
    let receipt = |event: content::EventType| {
        serde_json::json!({
            "ContentType": event.as_str(),
            "Content": serde_json::json!({ "messageId": item_id }).to_string(),
        })
    };
    let path = format!("/contacts/{}/agent/events", chat.contact_id);
    assert_eq!(
        h.control(&path, receipt(content::EventType::MessageDelivered))
            .await
            .0,
        200
    );
    let kept = |items: Vec<serde_json::Value>| {
        items
            .into_iter()
            .find(|i| i["Id"] == item_id.as_str())
            .unwrap()["MessageMetadata"]["Receipts"]
            .clone()
    };
    let delivered = kept(h.transcript(&chat.contact_id).await);
    assert_eq!(delivered.as_array().unwrap().len(), 1);
    assert!(delivered[0]["DeliveredTimestamp"].is_string());
    assert!(delivered[0].get("ReadTimestamp").is_none());
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert_eq!(
        h.control(&path, receipt(content::EventType::MessageRead))
            .await
            .0,
        200
    );
    assert_eq!(
        h.control(&path, receipt(content::EventType::MessageRead))
            .await
            .0,
        200
    );
    let page = h.call(&GetTranscript::default(), token).await.unwrap();
    let read = page
        .transcript
        .iter()
        .find(|i| i.id.as_deref() == Some(item_id.as_str()))
        .unwrap();
    let metadata = read.message_metadata.clone().unwrap();
    assert_eq!(metadata.message_id.as_deref(), Some(item_id.as_str()));
    let receipts = metadata.receipts.unwrap();
    // One recipient, one receipt: delivered keeps its first time, read is added once.
    assert_eq!(receipts.len(), 1);
    assert_eq!(
        receipts[0].delivered_timestamp.as_deref(),
        delivered[0]["DeliveredTimestamp"].as_str()
    );
    assert!(receipts[0].read_timestamp.as_deref() > receipts[0].delivered_timestamp.as_deref());
    assert_ne!(
        receipts[0].recipient_participant_id.as_deref(),
        Some(chat.participant_id.as_str())
    );
}
