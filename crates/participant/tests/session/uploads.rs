//! Attachment uploads and the requests the customer asks for once (attachment URLs,
//! views).

use super::*;

#[test]
fn an_attachment_upload_runs_start_put_complete() {
    let mut w = World::started(config(26));
    w.input(Input::StartUpload {
        name: "photo.png".into(),
        content_type: "image/png".into(),
        size: 1234,
        client_token: "up-1".into(),
    });
    let put = w
        .outputs
        .iter()
        .find_map(|o| match o {
            Output::PutAttachment {
                client_token,
                url,
                headers,
                ..
            } => Some((client_token.clone(), url.clone(), headers.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(put.0, "up-1");
    assert!(put.1.starts_with("http://s3/"));
    assert!(put.2.contains(&("x-amz-acl".into(), "private".into())));
    assert_eq!(w.requests_to("/participant/complete-attachment-upload"), 1);
    assert!(w.events.iter().any(|e| matches!(
        e,
        Event::Attachment {
            status: AttachmentStatus::Uploaded { .. },
            ..
        }
    )));

    // A refused PUT is reported and not completed.
    w.server.upload_put_status = 403;
    w.input(Input::StartUpload {
        name: "photo.png".into(),
        content_type: "image/png".into(),
        size: 1234,
        client_token: "up-2".into(),
    });
    assert_eq!(w.requests_to("/participant/complete-attachment-upload"), 1);
    assert!(w.events.contains(&Event::Attachment {
        client_token: "up-2".into(),
        status: AttachmentStatus::Failed {
            failure: Failure::Upload(UploadRefusal::Storage { status: 403 }),
            error: None
        }
    }));

    w.input(Input::GetAttachmentUrl {
        attachment_id: "att1".into(),
    });
    assert!(w
        .events
        .iter()
        .any(|e| matches!(e, Event::AttachmentUrl { url, .. } if url == "http://s3/download")));
}

#[test]
fn views_and_interactive_responses() {
    let mut w = World::started(config(29));
    w.input(Input::DescribeView {
        view_token: "view token/1".into(),
    });
    let describe = w.http_outputs("/participant/views/view%20token%2F1");
    assert_eq!(describe.len(), 1);
    assert_eq!(describe[0].method, Method::Get);
    assert!(w
        .events
        .iter()
        .any(|e| matches!(e, Event::View { view_token, view } if view_token == "view token/1" && view.name.as_deref() == Some("Form"))));

    w.input(Input::interactive_response(
        r#"{"templateType":"QuickReply","data":{"content":{"title":"Yes"}}}"#,
        "tok-i",
    ));
    let sent = w.http_outputs("/participant/message");
    let body: serde_json::Value = serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body["ContentType"],
        connect_participant::content::INTERACTIVE_RESPONSE
    );
    assert_eq!(w.client_ids(), w.server.timeline_ids());
}

fn upload(client_token: &str) -> Input {
    Input::StartUpload {
        name: "photo.png".into(),
        content_type: "image/png".into(),
        size: 1234,
        client_token: client_token.into(),
    }
}

fn statuses(w: &World, token: &str) -> Vec<AttachmentStatus> {
    w.events
        .iter()
        .filter_map(|e| match e {
            Event::Attachment {
                client_token,
                status,
            } if client_token == token => Some(status.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_cancelled_upload_is_not_put_and_its_late_answers_are_ignored() {
    // Cancelled while the service reserves the upload: no PUT follows its answer.
    let mut w = World::started(config(50));
    w.hold_http = true;
    w.input(upload("up-1"));
    w.input(Input::CancelUpload {
        client_token: "up-1".into(),
    });
    w.release();
    assert_eq!(w.requests_to("/participant/start-attachment-upload"), 1);
    assert!(!w
        .outputs
        .iter()
        .any(|o| matches!(o, Output::PutAttachment { .. })));
    assert_eq!(
        statuses(&w, "up-1"),
        [AttachmentStatus::Starting, AttachmentStatus::Cancelled]
    );

    // Cancelled during the PUT: its answer, when it comes, completes nothing.
    w.hold_puts = true;
    w.input(upload("up-2"));
    let put = w.held_puts.pop().expect("the PUT is under way");
    w.input(Input::CancelUpload {
        client_token: "up-2".into(),
    });
    w.input(Input::HttpResponse {
        id: put,
        result: Ok(HttpResponse::new(200, "")),
    });
    assert_eq!(w.requests_to("/participant/complete-attachment-upload"), 0);
    assert_eq!(
        statuses(&w, "up-2").last(),
        Some(&AttachmentStatus::Cancelled)
    );
    // Cancelling again, or an upload never started, changes nothing.
    let events = w.events.len();
    w.input(Input::CancelUpload {
        client_token: "up-2".into(),
    });
    w.input(Input::CancelUpload {
        client_token: "up-x".into(),
    });
    assert_eq!(w.events.len(), events);
}

#[test]
fn an_upload_already_completing_finishes_when_cancelled() {
    let mut w = World::started(config(51));
    w.hold_http = true;
    w.input(upload("up-1"));
    let (id, request) = w.held.pop().expect("StartAttachmentUpload is out");
    let result = w.server.http(&request);
    // The PUT is answered at once; CompleteAttachmentUpload is held.
    w.input(Input::HttpResponse { id, result });
    assert_eq!(w.held.len(), 1);
    assert!(w.held[0]
        .1
        .url
        .ends_with("/participant/complete-attachment-upload"));
    w.input(Input::CancelUpload {
        client_token: "up-1".into(),
    });
    w.release();
    let statuses = statuses(&w, "up-1");
    assert!(
        matches!(statuses.last(), Some(AttachmentStatus::Uploaded { .. })),
        "{statuses:?}"
    );
}

#[test]
fn files_picked_offline_wait_and_upload_in_order_once_back_online() {
    let mut w = World::started(config(51));
    w.set_online(false, true);
    w.input(upload("up-b"));
    w.input(upload("up-a"));
    w.input(upload("up-c"));
    // Nothing goes out, and nothing fails: each waits for the network.
    assert_eq!(w.requests_to("/participant/start-attachment-upload"), 0);
    for token in ["up-a", "up-b", "up-c"] {
        assert_eq!(statuses(&w, token), [AttachmentStatus::Waiting]);
    }
    // One the customer cancels meanwhile is dropped.
    w.input(Input::CancelUpload {
        client_token: "up-c".into(),
    });
    assert_eq!(
        statuses(&w, "up-c"),
        [AttachmentStatus::Waiting, AttachmentStatus::Cancelled]
    );

    w.set_online(true, true);
    assert_eq!(w.requests_to("/participant/start-attachment-upload"), 2);
    let puts: Vec<String> = w
        .outputs
        .iter()
        .filter_map(|o| match o {
            Output::PutAttachment { client_token, .. } => Some(client_token.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(puts, ["up-b", "up-a"], "in the order picked");
    for token in ["up-a", "up-b"] {
        assert!(
            matches!(
                statuses(&w, token).last(),
                Some(AttachmentStatus::Uploaded { .. })
            ),
            "{token}: {:?}",
            statuses(&w, token)
        );
    }
}
