//! What the scripted agent makes of a customer's answer to an interactive message, sent as
//! the official UI sends it (amazon-connect-chat-interface; the table "Replies per
//! interactive template" of the wire notes):
//!
//! - a ListPicker, Panel or QuickReply choice: `text/plain`, the element's title
//!   (ui `ListPicker.js:162-176`, `Panel.js:106-120`, `QuickReply.js:53-61`);
//! - a TimePicker slot: `text/plain`, the slot shifted by `timeZoneOffset` minutes and written
//!   `YYYY-MM-DDTHH:MM:SS.ss+00:00`, or unchanged without an offset (ui `TimePicker.js:284-304`);
//! - a carousel choice: `text/plain` JSON `{"templateIdentifier","listTitle","selectionText"}`
//!   (ui `helper.js:30-38`);
//! - a paging element: interactive.response `{"version","data":{"actionName",...},"action"}`
//!   (ui `helper.js:40-63`);
//! - a view action: interactive.response `{"action","data","templateType":"ViewResource",
//!   "version"}`, the action `" "` for typed text (ui `InteractiveMessage.js:169-181`,
//!   `ChatSession.js:311-343`).

use connect_participant::content;
use connect_participant::model::Item;
use connect_participant::time::{format_iso8601, parse_iso8601};
use serde_json::Value;

/// How the agent answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A text message.
    Say(String),
    /// Page `page` of the paged list, with the asking message's `referenceId` so the new page
    /// replaces it.
    Page { page: usize, reference_id: Value },
}

/// The agent's answer to `item`, a customer message that is not a command, given `prompt`:
/// the content of the latest interactive message before it.
pub fn reply(item: &Item, prompt: Option<&Value>) -> Reply {
    let text = item.content.as_deref().unwrap_or("");
    if item.content_type.as_deref() == Some(content::INTERACTIVE_RESPONSE) {
        return interactive_response(text);
    }
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    if let Some(pick) = parsed.as_ref().and_then(carousel_pick) {
        return Reply::Say(pick);
    }
    if let Some(prompt) = prompt {
        if choice_titles(prompt).contains(&text) {
            return Reply::Say(format!("You picked {text}."));
        }
        if slot_answers(prompt).iter().any(|t| t == text) {
            return Reply::Say(format!("Booked: {text}."));
        }
    }
    Reply::Say(format!("You said: {text}"))
}

fn interactive_response(text: &str) -> Reply {
    let Ok(body) = serde_json::from_str::<Value>(text) else {
        return Reply::Say("Thanks, got your selection.".into());
    };
    let data = &body["data"];
    if body["templateType"] == "ViewResource" {
        if let Some(action) = body["action"].as_str() {
            return Reply::Say(view_answer(action, data));
        }
    }
    // An earlier form of view reply put the action and output under `data`.
    if let Some(action) = data["action"].as_str() {
        return Reply::Say(view_answer(action, &data["output"]));
    }
    match data["actionName"].as_str() {
        Some(action @ ("SHOW_MORE" | "PREVIOUS_OPTIONS")) => Reply::Page {
            page: super::templates::page_for(action == "SHOW_MORE", data),
            reference_id: data["referenceId"].clone(),
        },
        _ => Reply::Say("Thanks, got your selection.".into()),
    }
}

/// "You chose Submit with postcode=98101, street=1 Main St." for a view action; typed text
/// (the `" "` action) is answered as text.
fn view_answer(action: &str, data: &Value) -> String {
    if action.trim().is_empty() {
        let typed = data["content"].as_str().unwrap_or("");
        return format!("You wrote: {typed}");
    }
    let fields = match data.get("FormData") {
        Some(form @ Value::Object(_)) => form,
        _ => data,
    };
    let pairs: Vec<String> = fields
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}={s}"),
            other => format!("{k}={other}"),
        })
        .collect();
    if pairs.is_empty() {
        format!("You chose {action}.")
    } else {
        format!("You chose {action} with {}.", pairs.join(", "))
    }
}

/// A carousel choice: JSON with string `listTitle`, `selectionText` and `templateIdentifier`
/// (ui `Carousel.js:17-26`).
fn carousel_pick(value: &Value) -> Option<String> {
    let list = value["listTitle"].as_str()?;
    let choice = value["selectionText"].as_str()?;
    value["templateIdentifier"].as_str()?;
    Some(format!(
        "You picked {choice} from {}.",
        list.trim_end_matches(':')
    ))
}

/// The titles a choice in `prompt` sends: every element that is neither a working link
/// (`type: "hyperlink"` with a `url`, which sends nothing) nor a paging element.
fn choice_titles(prompt: &Value) -> Vec<&str> {
    let elements = prompt["data"]["content"]["elements"].as_array();
    elements
        .into_iter()
        .flatten()
        .filter(|e| !(e["type"] == "hyperlink" && e["url"].as_str().is_some_and(|u| !u.is_empty())))
        .filter(|e| e.get("actionDetail").is_none())
        .filter_map(|e| e["title"].as_str())
        .collect()
}

/// The texts a TimePicker slot is sent as: shifted by a truthy `timeZoneOffset` (minutes,
/// a number or a numeric string), else the slot's `date` as it is.
fn slot_answers(prompt: &Value) -> Vec<String> {
    let content = &prompt["data"]["content"];
    let offset = match &content["timeZoneOffset"] {
        Value::Number(n) => n.as_f64().unwrap_or(0.0),
        Value::String(s) => s.trim().parse().unwrap_or(0.0),
        _ => 0.0,
    };
    let slots = content["timeslots"].as_array().into_iter().flatten();
    slots
        .filter_map(|slot| slot["date"].as_str())
        .filter_map(|date| {
            if offset == 0.0 {
                return Some(date.to_owned());
            }
            let at = parse_iso8601(date)? + (offset * 60_000.0) as i64;
            // toISOString() less its last two characters, then "+00:00".
            let iso = format_iso8601(at);
            Some(format!("{}+00:00", &iso[..iso.len() - 2]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(content: &str) -> Item {
        Item {
            content_type: Some(content::TEXT_PLAIN.into()),
            content: Some(content.into()),
            ..Item::default()
        }
    }

    fn response(content: Value) -> Item {
        Item {
            content_type: Some(content::INTERACTIVE_RESPONSE.into()),
            content: Some(content.to_string()),
            ..Item::default()
        }
    }

    fn say(s: &str) -> Reply {
        Reply::Say(s.into())
    }

    #[test]
    fn choices_are_titles_but_links_and_paging_are_not() {
        let panel: Value = serde_json::from_str(&crate::agent::templates::panel()).unwrap();
        assert_eq!(
            reply(&text("Talk to us"), Some(&panel)),
            say("You picked Talk to us.")
        );
        // A "link" without a url is a plain choice; a working link sends nothing.
        assert_eq!(
            reply(&text("Broken link"), Some(&panel)),
            say("You picked Broken link.")
        );
        assert_eq!(
            reply(&text("Help centre"), Some(&panel)),
            say("You said: Help centre")
        );
        let list: Value =
            serde_json::from_str(&crate::agent::templates::list_picker(0, "r1")).unwrap();
        assert_eq!(
            reply(&text("Billing"), Some(&list)),
            say("You picked Billing.")
        );
        assert_eq!(
            reply(&text("Show more"), Some(&list)),
            say("You said: Show more")
        );
        assert_eq!(reply(&text("Billing"), None), say("You said: Billing"));
    }

    #[test]
    fn time_slots_are_understood_shifted_as_the_official_ui_sends_them() {
        // The wire notes' TimePicker fixture.
        let picker = |offset: Value, date: &str| {
            json!({ "templateType": "TimePicker", "data": { "content": {
                "title": "Pick a time", "timeZoneOffset": offset,
                "timeslots": [{ "date": date, "duration": "30" }] } } })
        };
        for (offset, date, sent) in [
            (
                json!(120),
                "2025-03-10T09:00+00:00",
                "2025-03-10T11:00:00.00+00:00",
            ),
            (
                json!("-30"),
                "2025-03-10T09:00+00:00",
                "2025-03-10T08:30:00.00+00:00",
            ),
            (
                json!(null),
                "2025-03-10T09:00+00:00",
                "2025-03-10T09:00+00:00",
            ),
            (
                json!(60),
                "2025-03-10T09:00:00.123Z",
                "2025-03-10T10:00:00.12+00:00",
            ),
        ] {
            let prompt = picker(offset, date);
            assert_eq!(
                reply(&text(sent), Some(&prompt)),
                say(&format!("Booked: {sent}."))
            );
        }
        let prompt = picker(json!(120), "2025-03-10T09:00+00:00");
        assert_eq!(
            reply(&text("2025-03-10T09:00+00:00"), Some(&prompt)),
            say("You said: 2025-03-10T09:00+00:00")
        );
    }

    #[test]
    fn carousel_choices_paging_and_views() {
        let pick = json!({ "templateIdentifier": "tpl-hotels", "listTitle": "Hotels:",
                           "selectionText": "Book room" });
        assert_eq!(
            reply(&text(&pick.to_string()), None),
            say("You picked Book room from Hotels.")
        );
        // The wire notes' paging fixtures.
        let more = json!({ "version": "1.0", "data": { "actionName": "SHOW_MORE", "preIndex": -1,
            "nextIndex": 3, "listId": "departments", "templateType": "ListPicker",
            "referenceId": "r1" }, "action": "SHOW_MORE" });
        assert_eq!(
            reply(&response(more), None),
            Reply::Page {
                page: 1,
                reference_id: json!("r1")
            }
        );
        let back = json!({ "version": "1.0", "data": { "actionName": "PREVIOUS_OPTIONS",
            "preIndex": null, "templateType": "ListPicker" }, "action": "PREVIOUS_OPTIONS" });
        assert_eq!(
            reply(&response(back), None),
            Reply::Page {
                page: 0,
                reference_id: Value::Null
            }
        );
        let submit = json!({ "action": "Submit",
            "data": { "FormData": { "street": "1 Main St", "postcode": "98101" } },
            "templateType": "ViewResource", "version": "1.0" });
        assert_eq!(
            reply(&response(submit), None),
            say("You chose Submit with postcode=98101, street=1 Main St.")
        );
        let typed = json!({ "action": " ", "data": { "content": "my flat is 4B" },
            "templateType": "ViewResource", "version": "1.0" });
        assert_eq!(
            reply(&response(typed), None),
            say("You wrote: my flat is 4B")
        );
        let skip = json!({ "action": "Skip", "data": {}, "templateType": "ViewResource",
            "version": "1.0" });
        assert_eq!(reply(&response(skip), None), say("You chose Skip."));
        let other = json!({ "anything": true });
        assert_eq!(
            reply(&response(other), None),
            say("Thanks, got your selection.")
        );
    }
}
