//! Requests that are not retried: an attachment's download URL, a view, the authentication
//! page and its cancellation.

use super::connection::Token;
use super::shared::{Core, Purpose};
use super::{Activity, Event, Failure};
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
        return refuse(core, purpose, Failure::NotConnected, None);
    }
    if let Err(e) = core.call(op, purpose.clone(), token.bearer()) {
        refuse(core, purpose, Failure::of(&e), Some(e));
    }
}

/// Tells the UI that the request for `purpose` failed, where it looks for that answer.
fn refuse(core: &mut Core, purpose: Purpose, failure: Failure, error: Option<Error>) {
    match purpose {
        Purpose::DescribeView { view_token } => core.event(Event::ViewUnavailable {
            view_token,
            failure,
            error,
        }),
        Purpose::AuthUrl { session_id } => core.event(Event::AuthenticationUnavailable {
            session_id,
            failure,
            error,
        }),
        Purpose::CancelAuth => core.error(Activity::CancelAuthentication, failure, error),
        _ => core.error(Activity::OpenAttachment, failure, error),
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
    let failure = match purpose.clone() {
        Purpose::GetAttachment { attachment_id } => match parse::<GetAttachment>(result) {
            Ok(GetAttachmentResponse {
                url: Some(url),
                url_expiry,
                ..
            }) => {
                return core.event(Event::AttachmentUrl {
                    attachment_id,
                    url,
                    expiry: url_expiry.as_deref().and_then(parse_iso8601),
                })
            }
            Ok(_) => None,
            Err(e) => Some(e),
        },
        Purpose::DescribeView { view_token } => match parse::<DescribeView>(result) {
            Ok(DescribeViewResponse { view: Some(view) }) => {
                return core.event(Event::View { view_token, view })
            }
            Ok(_) => None,
            Err(e) => Some(e),
        },
        Purpose::CancelAuth => match parse::<CancelParticipantAuthentication>(result) {
            Ok(_) => return,
            Err(e) => Some(e),
        },
        // Not one-shot requests: answered by the parts that issued them.
        _ => return,
    };
    match failure {
        Some(e) => refuse(core, purpose, Failure::of(&e), Some(e)),
        // An answer without what was asked for.
        None => refuse(core, purpose, Failure::BadAnswer, None),
    }
}
