//! The session's behaviours, one test each, against the in-memory service with a simulated
//! clock; one module per part of the session.

#[path = "../session_harness/mod.rs"]
mod session_harness;

mod ahead;
mod authentication;
mod connection;
mod farewell;
mod history;
mod interactive;
mod outbox;
mod receipts;
mod start;
mod uploads;

use connect_participant::attachments::UploadRefusal;
use connect_participant::content::EventType;
use connect_participant::model::*;
use connect_participant::session::*;
use connect_participant::*;
use session_harness::*;

fn start_input() -> Input {
    Input::Start(StartChat {
        contact_id: CONTACT.into(),
        participant_id: ME.into(),
        participant_token: PARTICIPANT_TOKEN.into(),
    })
}
