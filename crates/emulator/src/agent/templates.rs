//! The interactive messages the scripted agent's commands send, as a Lex bot or a flow
//! sends them (`application/vnd.amazonaws.connect.message.interactive`), and the pages of
//! its paged list.

use connect_participant::time::{format_iso8601, Millis};
use serde_json::{json, Value};

use crate::state::new_id;

/// `{"templateType", "version", "data": {"content"}}`, as a string.
pub fn interactive(template: &str, content: Value) -> String {
    json!({ "templateType": template, "version": "1.0", "data": { "content": content } })
        .to_string()
}

fn choices(titles: &[&str]) -> Vec<Value> {
    titles.iter().map(|t| json!({ "title": t })).collect()
}

/// A link option: drawn as a link, and choosing it sends nothing (the official UI's
/// `type: "hyperlink"` with a `url`, ui `datamodel/Model.js:116-119`).
fn link(title: &str, url: &str, target: Option<&str>) -> Value {
    let mut element = json!({ "title": title, "type": "hyperlink", "url": url });
    if let Some(target) = target {
        element["target"] = json!(target);
    }
    element
}

/// The paged list's `listId`.
pub const LIST_ID: &str = "departments";
const DEPARTMENTS: [&str; 6] = [
    "Billing", "Support", "Sales", "Returns", "Delivery", "Accounts",
];
const PAGE: usize = 3;

/// The number of pages of the paged list.
pub fn list_pages() -> usize {
    DEPARTMENTS.len().div_ceil(PAGE)
}

/// Page `page` (from 0) of the department list picker. A page after the first starts with a
/// "Previous options" element, a page before the last ends with "Show more" (the paging
/// elements the official UI answers with an interactive.response, ui `helper.js:19-65`);
/// `preIndex`/`nextIndex` are the first departments of those pages, -1 when there is none.
/// The first page also offers two links, one opening in the same tab.
pub fn list_picker(page: usize, reference_id: &str) -> String {
    let page = page.min(list_pages() - 1);
    let start = page * PAGE;
    let end = (start + PAGE).min(DEPARTMENTS.len());
    let mut elements = Vec::new();
    if page > 0 {
        elements.push(json!({ "title": "Previous options", "actionDetail": "PREVIOUS_OPTIONS" }));
    }
    elements.extend(choices(&DEPARTMENTS[start..end]));
    if page == 0 {
        elements.push(link("Opening hours", "https://example.com/hours", None));
        elements.push(link(
            "Help centre (this tab)",
            "https://example.com/help",
            Some("_self"),
        ));
    }
    let next = if end < DEPARTMENTS.len() {
        elements.push(json!({ "title": "Show more", "actionDetail": "SHOW_MORE" }));
        end as i64
    } else {
        -1
    };
    let previous = if page > 0 { (start - PAGE) as i64 } else { -1 };
    interactive(
        "ListPicker",
        json!({
            "title": "Which department?",
            "subtitle": "Tap to select",
            "referenceId": reference_id,
            "listId": LIST_ID,
            "preIndex": previous,
            "nextIndex": next,
            "elements": elements,
        }),
    )
}

/// The page a paging reply asks for: the one starting at its `nextIndex` (SHOW_MORE) or
/// `preIndex` (PREVIOUS_OPTIONS), or the next/first page when the index is missing or -1.
pub fn page_for(show_more: bool, data: &Value) -> usize {
    let index = data[if show_more { "nextIndex" } else { "preIndex" }].as_i64();
    match index {
        Some(i) if i >= 0 => (i as usize) / PAGE,
        _ if show_more => 1,
        _ => 0,
    }
    .min(list_pages() - 1)
}

/// A panel with a plain choice, two links (one opening in the same tab) and a "link"
/// without a `url`, which is a plain choice too (ui `Panel.js:58-60`).
pub fn panel() -> String {
    interactive(
        "Panel",
        json!({
            "title": "Need more help?",
            "subtitle": "Pick one",
            "elements": [
                { "title": "Talk to us" },
                link("Help centre", "https://help.example.com", None),
                { "title": "Broken link", "type": "hyperlink" },
                link("Same tab", "https://example.com/a", Some("_self")),
            ],
        }),
    )
}

pub fn quick_reply() -> String {
    interactive(
        "QuickReply",
        json!({ "title": "Rate us", "elements": choices(&["Great", "Good", "Bad"]) }),
    )
}

/// Three hourly slots from a day after `now`.
pub fn time_picker(now: Millis) -> String {
    let start = now + 24 * 3600 * 1000;
    let slots: Vec<_> = (0..3)
        .map(|i| json!({ "date": format_iso8601(start + i * 3600 * 1000), "duration": 60 }))
        .collect();
    interactive(
        "TimePicker",
        json!({ "title": "Schedule a call", "timeZoneOffset": 0, "timeslots": slots }),
    )
}

fn nested(template: &str, title: &str, elements: Vec<Value>) -> Value {
    json!({
        "templateIdentifier": new_id(),
        "templateType": template,
        "version": "1.0",
        "data": { "content": { "title": title, "elements": elements } },
    })
}

/// Two panels and a list picker side by side; a choice in one is sent as
/// `{"templateIdentifier","listTitle","selectionText"}` text (ui `helper.js:30-38`).
pub fn carousel() -> String {
    interactive(
        "Carousel",
        json!({
            "title": "Our plans",
            "elements": [
                nested("Panel", "Basic", vec![
                    json!({ "title": "Choose Basic" }),
                    link("Compare plans", "https://example.com/plans", None),
                ]),
                nested("Panel", "Pro", choices(&["Choose Pro"])),
                nested("ListPicker", "Add-ons:", choices(&["Extra storage", "Priority support"])),
            ],
        }),
    )
}

/// One line per command, for `/help`.
pub const HELP: &str = "\
/help: this list
/bot: a bot reply streamed in parts, then completed
/listpicker: a list picker with two pages (Show more, Previous options) and two links
/panel: a panel with a choice and links (one without a url, one opening in this tab)
/quickreply: quick reply options
/timepicker: a time picker with three slots
/carousel: two panels and a list picker side by side
/view [form|confirmation|cards|detail|list|custom]: a Show view form (default form)
/markdown: a markdown message
/attachment: an attachment to download
/auth: a sign-in request
/transfer: a transfer to a second agent
/end: the agent says goodbye and ends the chat
Anything else is echoed; choices, times, carousel picks and view actions are answered.";
