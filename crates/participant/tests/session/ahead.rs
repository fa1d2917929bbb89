//! The requests a page sends ahead for the next page's resume
//! ([`Session::resume_requests`]): the ones the resumed session makes first, and only those
//! that change nothing.

use super::*;

/// The path of each request, in order.
fn paths(requests: &[HttpRequest]) -> Vec<String> {
    let path = |r: &HttpRequest| r.url.trim_start_matches("http://emu").to_owned();
    requests.iter().map(path).collect()
}

/// The keys of the first `n` requests the session sent.
fn first_sent(w: &World, n: usize) -> Vec<String> {
    let sent = w.outputs.iter().filter_map(|o| match o {
        Output::Http { request, .. } => Some(request.key()),
        _ => None,
    });
    sent.take(n).collect()
}

#[test]
fn the_requests_sent_ahead_are_those_the_resume_makes_first() {
    let mut w = World::started(config(61));
    let ahead = w.session.resume_requests(w.now);
    assert_eq!(
        paths(&ahead),
        ["/participant/connection", "/participant/transcript"]
    );
    w.outputs.clear();
    w.reload(62);
    let keys: Vec<String> = ahead.iter().map(HttpRequest::key).collect();
    assert_eq!(first_sent(&w, keys.len()), keys);
    assert_eq!(w.session.status(), ConnectionStatus::Connected);
}

#[test]
fn with_the_connection_token_expired_only_the_connection_is_sent_ahead() {
    let w = World::started(config(63));
    let in_a_month = w.now + 30 * 24 * 3_600_000;
    let ahead = w.session.resume_requests(in_a_month);
    assert_eq!(paths(&ahead), ["/participant/connection"]);
}

#[test]
fn an_unsent_message_is_not_sent_ahead_but_by_the_resumed_session() {
    let mut w = World::started(config(64));
    w.set_online(false, true);
    w.input(Input::text("still here?", "tok-1"));
    w.set_online(true, false);
    let ahead = w.session.resume_requests(w.now);
    assert!(!paths(&ahead).iter().any(|p| p.ends_with("/message")));
    w.reload(65);
    w.advance(1_000);
    assert_eq!(w.customer_messages().0, ["still here?"]);
}

#[test]
fn nothing_is_sent_ahead_before_the_start_or_after_the_end() {
    let w = World::new(config(66));
    assert!(w.session.resume_requests(w.now).is_empty());
    let mut w = World::started(config(67));
    w.input(Input::End);
    assert!(w.session.resume_requests(w.now).is_empty());
}

#[test]
fn the_key_tells_requests_apart_by_every_part() {
    let request = HttpRequest {
        method: Method::Post,
        url: "http://emu/participant/transcript".into(),
        headers: vec![("X-Amz-Bearer", "a".into())],
        body: Some("{}".into()),
    };
    let changed = [
        HttpRequest {
            method: Method::Get,
            ..request.clone()
        },
        HttpRequest {
            url: "http://emu/participant/connection".into(),
            ..request.clone()
        },
        HttpRequest {
            headers: vec![("X-Amz-Bearer", "b".into())],
            ..request.clone()
        },
        HttpRequest {
            body: None,
            ..request.clone()
        },
    ];
    for other in changed {
        assert_ne!(other.key(), request.key(), "{other:?}");
    }
    assert_eq!(request.clone().key(), request.key());
}
