//! Customer authentication, as the official chat interface runs it: when the flow starts an
//! authentication (`authentication.initiated`, whose content carries `SessionId`), the page's
//! URL is fetched at once with GetAuthenticationUrl, whose `RedirectUri` is the site owner's
//! configured callback page (the service must know it; without one, sign-in is unavailable).
//! An `identity_provider` the site owner configured is added to that URL. Any later
//! authentication event (succeeded, failed, timeout, cancelled, and expired) closes every
//! request still open; finished sessions are remembered in the snapshot, so a reload does not
//! ask again for them.

use std::collections::VecDeque;

use super::connection::Token;
use super::one_shot::one_shot;
use super::shared::{Core, Purpose};
use super::{Event, Failure};
use crate::error::Error;
use crate::operations::{GetAuthenticationUrl, GetAuthenticationUrlResponse};
use crate::time::Millis;
use crate::validate::percent_encode;

/// How an authentication ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthenticationOutcome {
    /// `authentication.succeeded`: the customer is signed in.
    Succeeded,
    /// `authentication.failed`.
    Failed,
    /// `authentication.timeout`: the customer did not sign in in time.
    TimedOut,
    /// `authentication.cancelled`: the customer went on without signing in.
    Cancelled,
    /// `authentication.expired`: the session can no longer be used.
    Expired,
}

/// The authentications of this chat.
#[derive(Debug, Default)]
pub(super) struct Authentication {
    /// Sessions the flow started that no later event has closed, in order.
    open: Vec<String>,
    /// Open sessions whose page is still to be asked for.
    owed: VecDeque<String>,
    /// Sessions finished; persisted.
    closed: Vec<String>,
}

/// `url` with `identity_provider` added as a query parameter (URL-encoded).
pub fn with_identity_provider(url: &str, identity_provider: Option<&str>) -> String {
    match identity_provider {
        Some(idp) => {
            let separator = if url.contains('?') { '&' } else { '?' };
            format!("{url}{separator}identity_provider={}", percent_encode(idp))
        }
        None => url.to_owned(),
    }
}

impl Authentication {
    /// The sessions a stored snapshot had finished.
    pub fn restore(&mut self, closed: &[String]) {
        self.closed = closed.to_vec();
    }

    /// The finished sessions, for the snapshot.
    pub fn closed(&self) -> &[String] {
        &self.closed
    }

    /// The flow started authentication `session_id`: the UI is told, and the page asked
    /// for when a redirect page is configured. Nothing if it is known already.
    pub fn initiated(&mut self, core: &mut Core, session_id: String) {
        if self.open.contains(&session_id) || self.closed.contains(&session_id) {
            return;
        }
        self.open.push(session_id.clone());
        core.event(Event::AuthenticationRequested {
            session_id: session_id.clone(),
        });
        if core.config.authentication_redirect_uri.is_some() {
            self.owed.push_back(session_id);
        } else {
            core.event(Event::AuthenticationUnavailable {
                session_id,
                failure: Failure::NotConfigured,
                error: None,
            });
        }
    }

    /// A later authentication event: every open request is closed.
    pub fn finished(&mut self, core: &mut Core, outcome: AuthenticationOutcome) {
        if self.open.is_empty() {
            return;
        }
        self.owed.clear();
        let session_ids = std::mem::take(&mut self.open);
        self.closed.extend(session_ids.iter().cloned());
        core.event(Event::AuthenticationClosed {
            session_ids,
            outcome,
        });
    }

    /// Asks for the pages owed, once the connection can carry the requests.
    pub fn pump(&mut self, core: &mut Core, token: &Token, now: Millis) {
        if !token.valid(now) {
            return;
        }
        let Some(redirect_uri) = core.config.authentication_redirect_uri.clone() else {
            return;
        };
        while let Some(session_id) = self.owed.pop_front() {
            let op = GetAuthenticationUrl {
                session_id: session_id.clone(),
                redirect_uri: redirect_uri.clone(),
            };
            one_shot(core, token, true, &op, Purpose::AuthUrl { session_id }, now);
        }
    }

    /// The answer to GetAuthenticationUrl; of no interest once the session is closed.
    pub fn on_url(
        &mut self,
        core: &mut Core,
        session_id: String,
        result: Result<GetAuthenticationUrlResponse, Error>,
    ) {
        if !self.open.contains(&session_id) {
            return;
        }
        let (failure, error) = match result {
            Ok(GetAuthenticationUrlResponse {
                authentication_url: Some(url),
            }) => {
                let idp = core.config.authentication_identity_provider.as_deref();
                let url = with_identity_provider(&url, idp);
                return core.event(Event::AuthenticationUrl { session_id, url });
            }
            // An answer without a URL.
            Ok(_) => (Failure::BadAnswer, None),
            Err(e) => (Failure::of(&e), Some(e)),
        };
        core.event(Event::AuthenticationUnavailable {
            session_id,
            failure,
            error,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::with_identity_provider;

    #[test]
    fn the_identity_provider_starts_or_joins_the_query() {
        let url = "https://auth.example.com/oauth2/authorize?client_id=abc&response_type=code&state=st-91";
        assert_eq!(
            with_identity_provider(url, Some("Google")),
            format!("{url}&identity_provider=Google")
        );
        assert_eq!(
            with_identity_provider("https://auth.example.com/login", Some("a&b=c")),
            "https://auth.example.com/login?identity_provider=a%26b%3Dc"
        );
        assert_eq!(with_identity_provider(url, None), url);
    }
}
