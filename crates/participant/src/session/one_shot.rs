//! Requests the customer asks for that are not retried: an attachment's download URL, a
//! view, the authentication page and its cancellation. Also the authentication step the
//! session takes by itself: when the flow starts an authentication it asks for the page.

use std::collections::VecDeque;

use super::connection::Token;
use super::reason::reason_for;
use super::shared::{Core, Purpose};
use super::Event;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::operations::*;
use crate::time::{parse_iso8601, Millis};

/// Issues a request the customer asked for, if the connection can carry it now.
pub(super) fn one_shot<O: Operation>(
    core: &mut Core,
    token: &Token,
    online: bool,
    op: &O,
    purpose: Purpose,
    now: Millis,
) {
    if !token.valid(now) || !online {
        core.error("Not connected; please try again in a moment.", None);
        return;
    }
    if let Err(e) = core.call(op, purpose, token.bearer()) {
        core.error(reason_for(&e), Some(e));
    }
}

fn parse<O: Operation>(result: &Result<HttpResponse, String>) -> Result<O::Output, Error> {
    match result {
        Ok(response) => O::from_http_response(response),
        Err(message) => Err(Error::Network(message.clone())),
    }
}

/// The answer to a one-shot request, told to the UI.
pub(super) fn on_answer(core: &mut Core, purpose: Purpose, result: &Result<HttpResponse, String>) {
    match purpose {
        Purpose::GetAttachment { attachment_id } => match parse::<GetAttachment>(result) {
            Ok(GetAttachmentResponse {
                url: Some(url),
                url_expiry,
                ..
            }) => core.event(Event::AttachmentUrl {
                attachment_id,
                url,
                expiry: url_expiry.as_deref().and_then(parse_iso8601),
            }),
            Ok(_) => core.error("The attachment has no download address yet.", None),
            Err(e) => core.error(
                format!("The attachment could not be opened. {}", reason_for(&e)),
                Some(e),
            ),
        },
        Purpose::DescribeView { view_token } => match parse::<DescribeView>(result) {
            Ok(DescribeViewResponse { view: Some(view) }) => {
                core.event(Event::View { view_token, view })
            }
            Ok(_) => core.error("The view is empty.", None),
            Err(e) => core.error(
                format!("The form could not be loaded. {}", reason_for(&e)),
                Some(e),
            ),
        },
        Purpose::AuthUrl { session_id } => match parse::<GetAuthenticationUrl>(result) {
            Ok(GetAuthenticationUrlResponse {
                authentication_url: Some(url),
            }) => core.event(Event::AuthenticationUrl { session_id, url }),
            Ok(_) => core.error("No sign-in page was offered.", None),
            Err(e) => core.error(
                format!("The sign-in page could not be opened. {}", reason_for(&e)),
                Some(e),
            ),
        },
        Purpose::CancelAuth => {
            if let Err(e) = parse::<CancelParticipantAuthentication>(result) {
                core.error(reason_for(&e), Some(e));
            }
        }
        // Not one-shot requests: answered by the parts that issued them.
        _ => {}
    }
}

/// Authentications the flow started whose page the session still has to ask for.
#[derive(Debug, Default)]
pub(super) struct AuthSteps {
    owed: VecDeque<String>,
}

impl AuthSteps {
    /// The flow started authentication `session_id` (`authentication.initiated`).
    pub fn initiated(&mut self, session_id: String) {
        self.owed.push_back(session_id);
    }

    /// The next page to ask for, once the input that brought it is handled.
    pub fn next(&mut self) -> Option<String> {
        self.owed.pop_front()
    }
}
