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
            error: None,
            // A new upload comes with a new URL: an expired one is refused with 403.
            is_recoverable: true,
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

/// The ClientTokens of the requests that reached the service at `path`, in order.
fn client_tokens(w: &World, path: &str) -> Vec<String> {
    w.server
        .requests
        .iter()
        .filter(|r| r.0 == path)
        .map(|r| {
            let body: serde_json::Value = serde_json::from_str(&r.2).unwrap();
            body["ClientToken"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn puts(w: &World) -> usize {
    w.outputs
        .iter()
        .filter(|o| matches!(o, Output::PutAttachment { .. }))
        .count()
}

/// How the upload `token` ended, if it failed: why, and whether trying again may help.
fn failed(w: &World, token: &str) -> Option<(Failure, bool)> {
    match statuses(w, token).last() {
        Some(AttachmentStatus::Failed {
            failure,
            is_recoverable,
            ..
        }) => Some((failure.clone(), *is_recoverable)),
        _ => None,
    }
}

fn uploaded(w: &World, token: &str) -> bool {
    matches!(
        statuses(w, token).last(),
        Some(AttachmentStatus::Uploaded { .. })
    )
}

/// Uploads `token` up to its PUT, has the service answer the next requests with `faults`,
/// then lets the PUT store the file: CompleteAttachmentUpload meets the faults.
fn store_then_fail(w: &mut World, token: &str, faults: impl IntoIterator<Item = HttpFault>) {
    w.hold_puts = true;
    w.input(upload(token));
    let put = w.held_puts.pop().expect("the PUT is under way");
    w.hold_puts = false;
    w.server.http_faults.extend(faults);
    w.input(Input::HttpResponse {
        id: put,
        result: Ok(HttpResponse::new(200, "")),
    });
}

fn cancel(w: &mut World, token: &str) {
    w.input(Input::CancelUpload {
        client_token: token.into(),
    });
}

const START: &str = "/participant/start-attachment-upload";
const COMPLETE: &str = "/participant/complete-attachment-upload";

#[test]
fn a_throttled_or_failing_start_is_sent_again_with_backoff_and_the_upload_goes_on() {
    let mut w = World::started(config(60));
    w.server
        .http_faults
        .extend([HttpFault::Status(429), HttpFault::Network]);
    w.input(upload("up-1"));
    // The first answer is a refusal: nothing more goes out until the backoff has passed.
    assert_eq!(w.requests_to(START), 1);
    assert_eq!(failed(&w, "up-1"), None);
    assert!(w.session.poll_timeout().is_some());
    w.advance(300);
    assert_eq!(w.requests_to(START), 1, "not before the backoff");
    w.advance(30_000);
    assert_eq!(w.requests_to(START), 3);
    assert_eq!(
        client_tokens(&w, START),
        ["up-1", "up-1", "up-1"],
        "every try is the same request"
    );
    assert_eq!(puts(&w), 1);
    assert!(uploaded(&w, "up-1"), "{:?}", statuses(&w, "up-1"));
}

#[test]
fn a_failed_completion_is_sent_again_without_a_second_put() {
    let mut w = World::started(config(61));
    store_then_fail(
        &mut w,
        "up-1",
        [HttpFault::Status(500), HttpFault::LoseResponse],
    );
    assert_eq!(w.requests_to(COMPLETE), 1);
    w.advance(30_000);
    assert_eq!(w.requests_to(COMPLETE), 3);
    assert_eq!(client_tokens(&w, COMPLETE), ["up-1", "up-1", "up-1"]);
    assert_eq!(puts(&w), 1, "the file was stored once");
    assert_eq!(w.requests_to(START), 1);
    assert!(uploaded(&w, "up-1"), "{:?}", statuses(&w, "up-1"));
}

#[test]
fn an_upload_fails_recoverably_once_its_tries_are_spent() {
    let mut w = World::started(config(62));
    let tries = w.config.upload_max_attempts as usize;
    w.server
        .http_faults
        .extend(std::iter::repeat_n(HttpFault::Status(503), tries + 2));
    w.input(upload("up-1"));
    w.advance(120_000);
    assert_eq!(w.requests_to(START), tries);
    assert_eq!(failed(&w, "up-1"), Some((Failure::Service, true)));
    assert_eq!(puts(&w), 0);

    // The completion has tries of its own, as many, and fails the same way.
    w.server.http_faults.clear();
    store_then_fail(
        &mut w,
        "up-2",
        std::iter::repeat_n(HttpFault::Status(429), tries + 2),
    );
    w.advance(120_000);
    assert_eq!(w.requests_to(COMPLETE), tries);
    assert_eq!(failed(&w, "up-2"), Some((Failure::Throttled, true)));
    assert_eq!(puts(&w), 1);
}

#[test]
fn a_full_quota_or_a_refused_request_fails_at_once_for_good() {
    let mut w = World::started(config(63));
    w.server.http_faults.push_back(HttpFault::Status(402));
    w.input(upload("up-1"));
    assert_eq!(
        failed(&w, "up-1"),
        Some((Failure::Upload(UploadRefusal::TooMany), false))
    );
    w.advance(60_000);
    assert_eq!(w.requests_to(START), 1, "no retry");

    // A refused completion is not retried either: the file was stored, and stays unused.
    store_then_fail(&mut w, "up-2", [HttpFault::Status(400)]);
    w.advance(60_000);
    assert_eq!(w.requests_to(COMPLETE), 1);
    assert_eq!(failed(&w, "up-2"), Some((Failure::Refused, false)));
}

#[test]
fn a_storage_refusal_says_whether_a_new_upload_may_get_through() {
    let mut w = World::started(config(64));
    w.server.upload_put_status = 413;
    w.input(upload("up-1"));
    let too_large = Failure::Upload(UploadRefusal::Storage { status: 413 });
    assert_eq!(failed(&w, "up-1"), Some((too_large, false)));
    w.server.upload_put_status = 503;
    w.input(upload("up-2"));
    let busy = Failure::Upload(UploadRefusal::Storage { status: 503 });
    assert_eq!(failed(&w, "up-2"), Some((busy, true)));
    // The PUT itself is the caller's: it is not repeated by the session.
    assert_eq!(puts(&w), 2);
    assert_eq!(w.requests_to(COMPLETE), 0);
}

#[test]
fn a_cancel_during_the_backoff_stops_the_retries() {
    let mut w = World::started(config(65));
    w.server.http_faults.push_back(HttpFault::Status(429));
    w.input(upload("up-1"));
    cancel(&mut w, "up-1");
    assert_eq!(
        statuses(&w, "up-1"),
        [AttachmentStatus::Starting, AttachmentStatus::Cancelled]
    );

    // Waiting to complete, the file stored: a cancel still stops it.
    store_then_fail(&mut w, "up-2", [HttpFault::Status(500)]);
    cancel(&mut w, "up-2");
    assert_eq!(
        statuses(&w, "up-2").last(),
        Some(&AttachmentStatus::Cancelled)
    );

    w.advance(120_000);
    assert_eq!(w.requests_to(START), 2);
    assert_eq!(w.requests_to(COMPLETE), 1);
    assert!(!uploaded(&w, "up-1") && !uploaded(&w, "up-2"));
}

#[test]
fn the_end_of_the_chat_stops_the_retries() {
    let mut w = World::started(config(66));
    w.server.http_faults.push_back(HttpFault::Status(503));
    w.input(upload("up-1"));
    w.input(Input::End);
    assert_eq!(failed(&w, "up-1"), Some((Failure::ChatEnded, false)));
    w.advance(120_000);
    assert_eq!(w.requests_to(START), 1);
}

#[test]
fn a_retry_that_falls_due_offline_goes_once_the_network_is_back() {
    let mut w = World::started(config(67));
    w.server.http_faults.push_back(HttpFault::Network);
    w.input(upload("up-1"));
    w.set_online(false, true);
    w.advance(120_000);
    assert_eq!(w.requests_to(START), 1, "nothing goes while offline");
    assert_eq!(failed(&w, "up-1"), None, "and nothing is counted");
    w.set_online(true, true);
    w.advance(1);
    assert_eq!(w.requests_to(START), 2);
    assert!(uploaded(&w, "up-1"), "{:?}", statuses(&w, "up-1"));
}

#[test]
fn a_refused_token_is_renewed_and_the_upload_goes_on() {
    let mut w = World::started(config(68));
    w.server.expire_tokens();
    w.input(upload("up-1"));
    w.advance(30_000);
    let bearers: Vec<&String> = w
        .server
        .requests
        .iter()
        .filter(|r| r.0 == START)
        .map(|r| &r.1)
        .collect();
    assert_eq!(bearers.len(), 2, "{bearers:?}");
    assert_ne!(bearers[0], bearers[1], "the retry carries the new token");
    assert!(uploaded(&w, "up-1"), "{:?}", statuses(&w, "up-1"));
}
