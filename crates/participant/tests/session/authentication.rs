//! Customer authentication: the page fetched at once with the configured redirect page, the
//! identity provider added, every later authentication event closing the request, and
//! finished sessions remembered across a reload.

use super::*;

const SESSION: &str = "0f6b3a52-8c1e-4d2a-9a77-3f0c5b1e2d44";
const REDIRECT: &str = "https://shop.example.com/chat/signed-in";

fn initiated(w: &mut World) {
    w.server.add(Item {
        kind: Some(ChatItemType::Event),
        content_type: Some(EventType::AuthenticationInitiated.as_str().into()),
        content: Some(format!(r#"{{"SessionId":"{SESSION}"}}"#)),
        participant_role: Some(ParticipantRole::System),
        ..Item::default()
    });
    w.deliver();
}

fn configured(seed: u64, identity_provider: Option<&str>) -> World {
    let mut c = config(seed);
    c.authentication_redirect_uri = Some(REDIRECT.into());
    c.authentication_identity_provider = identity_provider.map(str::to_owned);
    World::started(c)
}

fn urls(w: &World) -> Vec<String> {
    w.events
        .iter()
        .filter_map(|e| match e {
            Event::AuthenticationUrl { url, .. } => Some(url.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_page_is_fetched_at_once_with_the_configured_redirect_and_identity_provider() {
    let mut w = configured(52, Some("Google"));
    initiated(&mut w);
    let asked = w.http_outputs("/participant/authentication-url");
    assert_eq!(asked.len(), 1);
    let body: serde_json::Value = serde_json::from_str(asked[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"RedirectUri": REDIRECT, "SessionId": SESSION})
    );
    let requested = w.events.iter().position(|e| {
        *e == Event::AuthenticationRequested {
            session_id: SESSION.into(),
        }
    });
    let url = w
        .events
        .iter()
        .position(|e| matches!(e, Event::AuthenticationUrl { .. }));
    assert!(requested.is_some() && requested < url, "{:?}", w.events);
    // The service's URL has a query: the identity provider joins it.
    assert_eq!(
        urls(&w),
        [format!(
            "https://auth.example/{SESSION}?r={REDIRECT}&identity_provider=Google"
        )]
    );
    // Encoded when it needs to be.
    let mut w = configured(53, Some("Corp IdP"));
    initiated(&mut w);
    assert!(urls(&w)[0].ends_with("&identity_provider=Corp%20IdP"));
}

#[test]
fn without_a_redirect_page_sign_in_is_unavailable_and_nothing_is_asked() {
    let mut w = World::started(config(54));
    initiated(&mut w);
    assert!(w.events.contains(&Event::AuthenticationRequested {
        session_id: SESSION.into()
    }));
    assert!(w.events.contains(&Event::AuthenticationUnavailable {
        session_id: SESSION.into(),
        failure: Failure::NotConfigured,
        error: None
    }));
    assert_eq!(w.requests_to("/participant/authentication-url"), 0);
    // Going on without signing in still works.
    w.input(Input::CancelAuthentication {
        session_id: SESSION.into(),
    });
    assert_eq!(
        w.http_outputs("/participant/cancel-authentication")[0]
            .body
            .as_deref(),
        Some(format!(r#"{{"SessionId":"{SESSION}"}}"#).as_str())
    );
}

#[test]
fn any_later_authentication_event_closes_the_request_expired_too() {
    for (event, outcome) in [
        (
            EventType::AuthenticationSucceeded,
            AuthenticationOutcome::Succeeded,
        ),
        (
            EventType::AuthenticationFailed,
            AuthenticationOutcome::Failed,
        ),
        (
            EventType::AuthenticationTimeout,
            AuthenticationOutcome::TimedOut,
        ),
        (
            EventType::AuthenticationCancelled,
            AuthenticationOutcome::Cancelled,
        ),
        (
            EventType::AuthenticationExpired,
            AuthenticationOutcome::Expired,
        ),
    ] {
        let mut w = configured(55, None);
        initiated(&mut w);
        w.server.event("system", event.clone(), None);
        w.deliver();
        assert!(
            w.events.contains(&Event::AuthenticationClosed {
                session_ids: vec![SESSION.into()],
                outcome
            }),
            "{event:?}"
        );
        assert_eq!(
            w.persisted.as_ref().unwrap().authentications_closed,
            [SESSION]
        );
        // Once closed, a second event closes nothing more.
        w.take_events();
        w.server.event("system", event, None);
        w.deliver();
        assert!(!w
            .events
            .iter()
            .any(|e| matches!(e, Event::AuthenticationClosed { .. })));
    }
}

#[test]
fn a_reload_does_not_ask_again_for_a_finished_session() {
    let mut w = configured(56, None);
    initiated(&mut w);
    w.server
        .event("system", EventType::AuthenticationSucceeded, None);
    w.deliver();
    assert_eq!(w.requests_to("/participant/authentication-url"), 1);
    // Even if the service kept only the start in the transcript, the snapshot knows.
    let succeeded = Some(EventType::AuthenticationSucceeded);
    w.server.items.retain(|i| i.event_type() != succeeded);
    w.take_events();
    w.reload(57);
    assert_eq!(w.requests_to("/participant/authentication-url"), 1);
    assert!(!w
        .events
        .iter()
        .any(|e| matches!(e, Event::AuthenticationRequested { .. })));
    assert_eq!(w.client_ids(), w.server.timeline_ids());

    // A page holding both the start and the end asks for nothing either, snapshot or not.
    let mut w = World::new({
        let mut c = config(58);
        c.authentication_redirect_uri = Some(REDIRECT.into());
        c
    });
    initiated(&mut w);
    w.server
        .event("system", EventType::AuthenticationTimeout, None);
    w.input(start_input());
    assert_eq!(w.requests_to("/participant/authentication-url"), 0);
    assert!(w.events.contains(&Event::AuthenticationClosed {
        session_ids: vec![SESSION.into()],
        outcome: AuthenticationOutcome::TimedOut
    }));
}
