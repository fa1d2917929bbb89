//! `POST /start-chat`: what a site owner's backend does with StartChatContact.

use std::collections::BTreeMap;

use axum::extract::{Query, State as AxState};
use axum::routing::post;
use axum::{Json, Router};
use connect_participant::content::EventType;
use connect_participant::model::{ChatItemType, Item, ParticipantRole};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{read, Body, JsonResult};
use crate::error::ApiError;
use crate::state::{new_id, now_ms, Contact, State};
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
    client_token: Option<String>,
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

/// The ended contact a persistent chat is rehydrated from, as StartChatContact picks it:
/// `FROM_SEGMENT` names it; `ENTIRE_PAST_SESSION` (the default) names the past session's
/// first contact and takes its most recent continuation, so the whole chain comes back.
fn rehydration_source(state: &State, p: &PersistentChat) -> Result<String, ApiError> {
    let named = state.contacts.get(&p.source_contact_id).ok_or_else(|| {
        ApiError::not_found(
            "PersistentChat.SourceContactId is not a contact",
            &p.source_contact_id,
            "CONTACT",
        )
    })?;
    let source = match p.rehydration_type.as_deref() {
        Some("FROM_SEGMENT") => named,
        None | Some("ENTIRE_PAST_SESSION") => state
            .continuations(&named.id)
            .into_iter()
            .max_by_key(|c| c.created_ms)
            .unwrap_or(named),
        Some(other) => {
            return Err(ApiError::validation(format!(
                "RehydrationType '{other}' must be ENTIRE_PAST_SESSION or FROM_SEGMENT"
            )))
        }
    };
    if !source.ended {
        return Err(ApiError::validation(
            "PersistentChat.SourceContactId names a chat that is still active; only an ended chat can be rehydrated",
        ));
    }
    Ok(source.id.clone())
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
        .as_ref()
        .map(|d| d.display_name.trim().to_owned())
        .unwrap_or_default();
    let chars = name.chars().count();
    if !(1..=256).contains(&chars) {
        return Err(ApiError::validation(
            "ParticipantDetails.DisplayName must have 1 to 256 characters",
        ));
    }
    let token = request.client_token.as_deref().filter(|t| !t.is_empty());
    if token.is_some_and(|t| t.chars().count() > 500) {
        return Err(ApiError::validation(
            "ClientToken must have at most 500 characters",
        ));
    }
    let key = token.map(|t| format!("StartChat|{t}"));
    let (result, created) = {
        let mut state = app.lock();
        match key.as_deref().and_then(|k| started_by(&state, k)) {
            // StartChatContact's idempotency: the same token while its contact goes on is
            // the same contact, with no second customer or joined event.
            Some(first) => (first, None),
            None => {
                let (result, contact_id) = create(&mut state, request, &name)?;
                if let Some(key) = key {
                    state.idempotency.insert(key, result.clone());
                }
                (result, Some(contact_id))
            }
        }
    };
    if let Some(contact_id) = created {
        if app.config.agent == AgentMode::Scripted {
            agent::join_later(app.clone(), contact_id);
        }
    }
    // A backend that fails once StartChatContact created the contact.
    crate::api::inject_after(&app, "StartChat").await?;
    Ok(Json(shaped(result, &query)))
}

/// Creates the contact and its customer; answers the start-chat result and the contact id.
fn create(state: &mut State, request: StartChat, name: &str) -> Result<(Value, String), ApiError> {
    let now = now_ms();
    let source = match &request.persistent_chat {
        Some(p) => Some(rehydration_source(state, p)?),
        None => None,
    };
    let contact_id = new_id();
    let past = source
        .as_deref()
        .map(|s| state.past_items(s))
        .unwrap_or_default();
    let last_ms = past.iter().filter_map(Item::time_millis).max().unwrap_or(0);
    state.contacts.insert(
        contact_id.clone(),
        Contact {
            id: contact_id.clone(),
            // A continued chat is a contact of its own; the past one is its previous contact.
            initial_contact_id: contact_id.clone(),
            previous_contact_id: source.clone(),
            attributes: request.attributes,
            customer_id: String::new(),
            agent_id: None,
            ended: false,
            created_ms: now,
            items: past,
            last_ms,
            attachment_ids: Vec::new(),
            customer_active_ms: now,
            autodisconnected: false,
            rehydration_announced: false,
        },
    );
    let customer = state.add_participant(&contact_id, name, ParticipantRole::Customer);
    if let Some(c) = state.contacts.get_mut(&contact_id) {
        c.customer_id = customer.id.clone();
    }
    if source.is_some() {
        // The first item of the current session, after the past ones.
        let item = Item {
            kind: Some(ChatItemType::Event),
            content_type: Some(EventType::ChatRehydrated.as_str().to_owned()),
            participant_role: Some(ParticipantRole::System),
            display_name: Some("SYSTEM_MESSAGE".into()),
            ..Item::default()
        };
        state.emit(&contact_id, item, true, now);
    }
    if let Some(item) = state.event_item(&customer.id, EventType::ParticipantJoined, None) {
        state.emit(&contact_id, item, true, now);
    }
    let result = json!({
        "ContactId": contact_id,
        "ParticipantId": customer.id,
        "ParticipantToken": customer.participant_token,
    });
    Ok((result, contact_id))
}

/// The answer the start with idempotency `key` got, while its contact has not ended.
fn started_by(state: &State, key: &str) -> Option<Value> {
    let first = state.idempotency.get(key)?;
    let contact_id = first.get("ContactId")?.as_str()?;
    let ongoing = state.contacts.get(contact_id).is_some_and(|c| !c.ended);
    ongoing.then(|| first.clone())
}

/// `result` in the shape the query asks for.
fn shaped(result: Value, query: &StartChatQuery) -> Value {
    match query.shape.as_deref() {
        Some("template") => json!({ "data": { "startChatResult": result } }),
        _ => result,
    }
}
