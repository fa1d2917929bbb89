//! `POST /start-chat`: what a site owner's backend does with StartChatContact.

use std::collections::BTreeMap;

use axum::extract::{Query, State as AxState};
use axum::routing::post;
use axum::{Json, Router};
use connect_participant::content::EventType;
use connect_participant::model::{ChatItemType, Item, ParticipantRole};
use serde::Deserialize;
use serde_json::json;

use super::{read, Body, JsonResult};
use crate::error::ApiError;
use crate::state::{new_id, now_ms, Contact};
use crate::{agent, AgentMode, App};

/// `POST /start-chat`.
pub(super) fn routes() -> Router<App> {
    Router::new().route("/start-chat", post(start_chat))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct StartChat {
    participant_details: Option<ParticipantDetails>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
    persistent_chat: Option<PersistentChat>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ParticipantDetails {
    display_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct PersistentChat {
    source_contact_id: String,
    rehydration_type: Option<String>,
}

/// What a site owner's backend does with StartChatContact.
#[derive(Deserialize)]
struct StartChatQuery {
    /// `template`: answer as backends built from Amazon's template do,
    /// `{"data":{"startChatResult":{...}}}`.
    shape: Option<String>,
}

async fn start_chat(
    AxState(app): AxState<App>,
    Query(query): Query<StartChatQuery>,
    body: Body,
) -> JsonResult {
    crate::api::inject(&app, "StartChat").await?;
    let request: StartChat = read(body)?;
    let name = request
        .participant_details
        .map(|d| d.display_name.trim().to_owned())
        .unwrap_or_default();
    let chars = name.chars().count();
    if !(1..=256).contains(&chars) {
        return Err(ApiError::validation(
            "ParticipantDetails.DisplayName must have 1 to 256 characters",
        ));
    }
    let now = now_ms();
    let mut state = app.lock();
    let previous = match &request.persistent_chat {
        Some(p) => {
            match p.rehydration_type.as_deref() {
                None | Some("ENTIRE_PAST_SESSION") | Some("FROM_SEGMENT") => {}
                Some(other) => {
                    return Err(ApiError::validation(format!(
                        "RehydrationType '{other}' must be ENTIRE_PAST_SESSION or FROM_SEGMENT"
                    )))
                }
            }
            match state.contacts.get(&p.source_contact_id) {
                Some(c) if c.ended => Some(c.id.clone()),
                Some(_) => {
                    return Err(ApiError::validation(
                        "PersistentChat.SourceContactId is still active; only a past chat can be continued",
                    ))
                }
                None => {
                    return Err(ApiError::not_found(
                        "PersistentChat.SourceContactId is not a contact",
                        &p.source_contact_id,
                        "CONTACT",
                    ))
                }
            }
        }
        None => None,
    };
    let contact_id = new_id();
    // ENTIRE_PAST_SESSION starts a new chain; FROM_SEGMENT keeps the source's.
    let initial_contact_id = match (&request.persistent_chat, &previous) {
        (Some(p), Some(prev)) if p.rehydration_type.as_deref() == Some("FROM_SEGMENT") => state
            .contacts
            .get(prev)
            .map(|c| c.initial_contact_id.clone())
            .unwrap_or_else(|| contact_id.clone()),
        _ => contact_id.clone(),
    };
    state.contacts.insert(
        contact_id.clone(),
        Contact {
            id: contact_id.clone(),
            initial_contact_id,
            previous_contact_id: previous.clone(),
            attributes: request.attributes,
            customer_id: String::new(),
            agent_id: None,
            ended: false,
            created_ms: now,
            items: Vec::new(),
            last_ms: 0,
            attachment_ids: Vec::new(),
        },
    );
    let customer = state.add_participant(&contact_id, &name, ParticipantRole::Customer);
    if let Some(c) = state.contacts.get_mut(&contact_id) {
        c.customer_id = customer.id.clone();
    }
    if let Some(item) = state.event_item(&customer.id, EventType::ParticipantJoined, None) {
        state.emit(&contact_id, item, true, now);
    }
    if let Some(prev) = &previous {
        let item = Item {
            kind: Some(ChatItemType::Event),
            content_type: Some(EventType::ChatRehydrated.as_str().to_owned()),
            participant_role: Some(ParticipantRole::System),
            display_name: Some("SYSTEM_MESSAGE".into()),
            related_contact_id: Some(prev.clone()),
            ..Item::default()
        };
        state.emit(&contact_id, item, true, now);
    }
    drop(state);
    if app.config.agent == AgentMode::Scripted {
        agent::join_later(app.clone(), contact_id.clone());
    }
    let result = json!({
        "ContactId": contact_id,
        "ParticipantId": customer.id,
        "ParticipantToken": customer.participant_token,
    });
    Ok(Json(match query.shape.as_deref() {
        Some("template") => json!({ "data": { "startChatResult": result } }),
        _ => result,
    }))
}
