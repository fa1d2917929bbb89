//! ShowView views drawn natively: each AWS-managed view with the inputs its documentation
//! gives it, the documentation's custom view, an unknown component, a view that cannot be
//! described, validation, and a view that is no longer the newest line.

use connect_chat_widget::ui::i18n::Locale;
use connect_chat_widget::ui::state::Intent;
use connect_participant::model::{View, ViewContent};
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::interactive::{interactive_line, sent};
use super::{list_of, tick, Mounted};

/// DescribeView's `View` for a one-component managed view, as the emulator answers it:
/// Template and InputSchema as JSON strings, every input bound with `$.`.
fn managed(kind: &str, required: &[&str], actions: &[&str]) -> View {
    let props: serde_json::Map<String, Value> = [
        "Heading",
        "SubHeading",
        "Description",
        "AttributeBar",
        "Sections",
        "Next",
        "Cancel",
        "Back",
        "ErrorText",
        "Graphic",
        "Cards",
        "NoMatchFound",
        "Items",
        "Actions",
    ]
    .iter()
    .map(|k| ((*k).to_owned(), json!(format!("$.{k}"))))
    .collect();
    let template = json!({"Head": {"Title": kind},
        "Body": [{"_id": kind.to_lowercase(), "Type": kind, "Props": props, "Content": []}]});
    View {
        name: Some(kind.into()),
        content: Some(ViewContent {
            template: Some(template.to_string()),
            input_schema: Some(json!({"type": "object", "required": required}).to_string()),
            actions: Some(actions.iter().map(|a| (*a).to_owned()).collect()),
        }),
        ..View::default()
    }
}

/// The documentation's custom view: a Container of two Cards, a Skip button, and (when
/// `extra` is given) one more component after them.
fn custom(extra: Option<Value>) -> View {
    let card = |id: &str, heading: &str| {
        json!({"_id": id, "Type": "Card", "Props": {"Id": id, "Heading": heading,
            "Status": "Status Field", "Description": "A card", "Action": "CardSelected"}, "Content": []})
    };
    let mut body = vec![
        json!({"_id": "FormContainer", "Type": "Container", "Props": {}, "Content": [
            card("CafeCard", "CafeCard"), card("NoIconCard", "$.NoIconCardHeading")]}),
        json!({"_id": "button", "Type": "Button", "Props": {"Action": "Skip"}, "Content": ["Skip"]}),
    ];
    body.extend(extra);
    View {
        content: Some(ViewContent {
            template: Some(json!({"Head": {"Title": "Custom"}, "Body": body}).to_string()),
            input_schema: Some(json!({"type": "object"}).to_string()),
            actions: Some(vec!["CardSelected".into(), "Skip".into()]),
        }),
        ..View::default()
    }
}

/// A view message with `view_data` on screen (the newest line unless `answerable` is
/// false); once it asked for its view, DescribeView answers `view`.
async fn shown(view_data: Value, view: Option<View>, locale: Locale, answerable: bool) -> Mounted {
    let mut line = interactive_line(json!({"templateType": "ViewResource", "version": "1.0",
        "data": {"content": {"viewId": "arn:aws:connect:us-east-1:aws:view/x",
            "viewToken": "vt-1", "viewData": view_data}}}));
    line.answerable = answerable;
    let m = list_of(locale, vec![line]).await;
    let asked = m
        .intents
        .borrow()
        .iter()
        .any(|i| matches!(i, Intent::DescribeView { view_token } if view_token == "vt-1"));
    assert_eq!(
        asked, answerable,
        "DescribeView only for a view that can be answered"
    );
    if let Some(view) = view {
        m.write.add_view("vt-1".into(), view);
        tick().await;
    }
    m
}

fn click(m: &Mounted, selector: &str, text: &str) {
    let target = m
        .all(selector)
        .into_iter()
        .find(|e| e.text_content().unwrap_or_default().contains(text))
        .unwrap_or_else(|| panic!("{selector} with {text:?} in {}", m.text()));
    target.unchecked_ref::<web_sys::HtmlElement>().click();
}

fn fill(m: &Mounted, label: &str, value: &str) {
    let field = m
        .all(".cc-view-field")
        .into_iter()
        .find(|e| e.text_content().unwrap_or_default().contains(label))
        .unwrap_or_else(|| panic!("a field {label}"));
    let input: web_sys::HtmlInputElement = field
        .query_selector("input")
        .unwrap()
        .expect("an input")
        .unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// The one answer sent, parsed.
fn answer(m: &Mounted) -> Value {
    let replies = sent(&m.intents.borrow());
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!(
        replies[0].0,
        connect_participant::content::INTERACTIVE_RESPONSE
    );
    serde_json::from_str(&replies[0].1).unwrap()
}

fn envelope(action: &str, data: Value) -> Value {
    json!({"action": action, "data": data, "templateType": "ViewResource", "version": "1.0"})
}

fn form_data() -> Value {
    // As the service sends it: viewData a string, and its Sections a string again.
    let sections = json!([{"_id": "addr", "Type": "FormSection", "Heading": "New address", "Items": [
        {"Type": "FormInput", "Label": "Street", "Name": "street", "InputType": "text", "Required": true},
        {"Type": "FormInput", "Label": "Email", "Name": "email", "InputType": "email"},
        {"LayoutConfiguration": {"Grid": [{"colspan": {"default": 6}}]}, "Items": [
            {"Type": "FormInput", "Label": "Postcode", "Name": "postcode", "InputType": "text", "DefaultValue": "98101"}]}]}]);
    json!(
        json!({"Heading": "<b>Update</b> your address", "Sections": sections.to_string(),
        "Next": {"Label": "Save"}, "Cancel": {"Label": "Cancel"}})
        .to_string()
    )
}

#[wasm_bindgen_test]
async fn a_form_validates_then_submits_its_form_data() {
    let view = managed("Form", &["Sections"], &["Back", "Cancel", "Next", "Submit"]);
    let m = shown(form_data(), Some(view), Locale::En, true).await;
    assert!(
        m.text().contains("<b>Update</b> your address"),
        "{}",
        m.text()
    );
    assert!(m.find(".cc-view b").is_none(), "text, never HTML");
    assert!(m.text().contains("New address"));
    let postcode: web_sys::HtmlInputElement = m
        .find(".cc-view-field input[name=postcode]")
        .expect("the field inside a layout wrapper")
        .unchecked_into();
    assert_eq!(postcode.value(), "98101");
    // Labels are tied to their inputs.
    let label = m.find(".cc-view-field label").unwrap();
    let input = m.find(".cc-view-field input").unwrap();
    assert_eq!(label.get_attribute("for"), Some(input.id()));

    fill(&m, "Email", "not-an-address");
    click(&m, ".cc-view button", "Save");
    tick().await;
    assert!(
        sent(&m.intents.borrow()).is_empty(),
        "nothing sent while invalid"
    );
    let errors: Vec<String> = m
        .all(".cc-view-error")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(errors, ["Street is required.", "Email doesn't look right."]);
    assert_eq!(
        m.find("input[name=street]")
            .unwrap()
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );

    fill(&m, "Street", "1 Main St");
    fill(&m, "Email", "ana@example.com");
    click(&m, ".cc-view button", "Save");
    tick().await;
    assert_eq!(
        answer(&m),
        envelope(
            "Submit",
            json!({"FormData": {"street": "1 Main St", "email": "ana@example.com", "postcode": "98101"}})
        )
    );
    let raw = &sent(&m.intents.borrow())[0].1;
    assert!(raw.starts_with(r#"{"action":"Submit","data":"#), "{raw}");
    // Answered: the view folds to its heading.
    assert!(m.find(".cc-view").is_none());
    assert!(m.find(".cc-view-summary").is_some());
}

/// Enter in a field submits the form, as in a form of the page's own; while a field is wrong
/// it only shows why.
#[wasm_bindgen_test]
async fn enter_in_a_form_field_submits() {
    let view = managed("Form", &["Sections"], &["Back", "Cancel", "Next", "Submit"]);
    let m = shown(form_data(), Some(view), Locale::En, true).await;
    let enter = |name: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Enter");
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        m.find(&format!(".cc-view-field input[name={name}]"))
            .unwrap()
            .dispatch_event(&event)
            .unwrap();
    };
    enter("postcode");
    tick().await;
    assert!(
        sent(&m.intents.borrow()).is_empty(),
        "nothing sent while invalid"
    );
    assert_eq!(m.all(".cc-view-error").len(), 1, "the street is required");
    fill(&m, "Street", "1 Main St");
    enter("postcode");
    tick().await;
    assert_eq!(
        answer(&m),
        envelope(
            "Submit",
            json!({"FormData": {"street": "1 Main St", "email": "", "postcode": "98101"}})
        )
    );
}

#[wasm_bindgen_test]
async fn a_form_speaks_the_locale() {
    let view = managed("Form", &["Sections"], &["Submit"]);
    let m = shown(form_data(), Some(view), Locale::De, true).await;
    click(&m, ".cc-view button", "Save");
    tick().await;
    assert!(
        m.text().contains("Street ist erforderlich."),
        "{}",
        m.text()
    );
}

#[wasm_bindgen_test]
async fn a_confirmation_answers_next_with_its_label() {
    let data = json!({"Heading": "Your address is updated.", "SubHeading": "Anything else?",
        "Graphic": {"Include": true}, "Next": {"Label": "Done"}});
    let m = shown(
        data,
        Some(managed("Confirmation", &["Next"], &["Next"])),
        Locale::En,
        true,
    )
    .await;
    assert!(m.text().contains("Your address is updated."));
    assert!(m.find(".cc-view-graphic").is_some());
    click(&m, ".cc-view button", "Done");
    tick().await;
    assert_eq!(
        answer(&m),
        envelope("Next", json!({"actionName": "Next", "Label": "Done"}))
    );
}

#[wasm_bindgen_test]
async fn cards_go_from_summary_to_detail_to_an_action() {
    let data = json!({"Heading": "What can we help with?", "Cards": [
        {"Summary": {"Id": "billing", "Heading": "Billing"},
         "Detail": {"Heading": "Billing", "Description": "Questions about a bill",
                    "Actions": ["Pay a bill", "Dispute a charge"]}},
        {"Summary": {"Id": "delivery", "Heading": "Delivery", "Status": "1 parcel on the way"},
         "Detail": {"Heading": "Delivery", "Sections": {"TemplateString": "Parcel 1234 arrives Thursday."},
                    "Actions": ["Track parcel"]}}],
        "NoMatchFound": {"Label": "Something else"}});
    let view = managed(
        "Cards",
        &["Cards"],
        &["ActionSelected", "Back", "NoMatchFound"],
    );
    let m = shown(data, Some(view), Locale::En, true).await;
    assert!(m.text().contains("1 parcel on the way"));
    assert!(
        !m.text().contains("Track parcel"),
        "details wait for a card"
    );
    click(&m, ".cc-view-card", "Delivery");
    tick().await;
    assert!(m.text().contains("Parcel 1234 arrives Thursday."));
    // Back to the summaries, then the other card.
    click(&m, ".cc-view button", "Back");
    tick().await;
    click(&m, ".cc-view-card", "Billing");
    tick().await;
    assert!(
        sent(&m.intents.borrow()).is_empty(),
        "opening a card sends nothing"
    );
    click(&m, ".cc-view button", "Pay a bill");
    tick().await;
    assert_eq!(
        answer(&m),
        envelope("ActionSelected", json!({"actionName": "Pay a bill"}))
    );
}

#[wasm_bindgen_test]
async fn a_detail_shows_its_attribute_bar_and_answers_an_action() {
    let data = json!({"Heading": "Order 1234", "Description": "Shipped on 3 March",
        "AttributeBar": [{"Label": "Status", "Value": "Shipped"},
            {"Label": "Carrier", "Value": "Example Post", "Url": "https://127.0.0.1:9/track"},
            {"Label": "Bad", "Value": "link", "Url": "javascript:alert(1)"}],
        "Sections": [{"TemplateString": "Arrives Thursday."}, "Signature needed."],
        "Actions": ["Track parcel", "Talk to an agent"]});
    let view = managed("Detail", &["Sections"], &["ActionSelected", "Back"]);
    let m = shown(data, Some(view), Locale::En, true).await;
    let text = m.text();
    assert!(
        text.contains("Arrives Thursday.") && text.contains("Signature needed."),
        "{text}"
    );
    let links = m.all(".cc-view-attrs a");
    assert_eq!(links.len(), 1, "only the https address is a link");
    assert_eq!(
        links[0].get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    click(&m, ".cc-view button", "Talk to an agent");
    tick().await;
    assert_eq!(
        answer(&m),
        envelope("ActionSelected", json!({"actionName": "Talk to an agent"}))
    );
}

#[wasm_bindgen_test]
async fn a_list_answers_with_the_chosen_item_id() {
    let data = json!({"Heading": "Your orders", "Items": [
        {"Heading": "Order 1234", "Description": "Shipped", "Id": "order_1234"},
        {"Heading": "Returns policy", "Description": "Read only"}]});
    let view = managed("List", &["Items"], &["ActionSelected", "Back"]);
    let m = shown(data, Some(view), Locale::En, true).await;
    assert_eq!(
        m.all(".cc-view-items button").len(),
        1,
        "an item without Id is read only"
    );
    assert!(m.text().contains("Returns policy"));
    click(&m, ".cc-view-items button", "Order 1234");
    tick().await;
    assert_eq!(
        answer(&m),
        envelope("ActionSelected", json!({"actionName": "order_1234"}))
    );
}

#[wasm_bindgen_test]
async fn the_custom_view_binds_its_input_and_answers_a_card() {
    let data = json!({"NoIconCardHeading": "No Icon Card"});
    let m = shown(data, Some(custom(None)), Locale::En, true).await;
    assert!(m.text().contains("No Icon Card"), "{}", m.text());
    assert!(!m.text().contains("$."));
    click(&m, ".cc-view-card", "CafeCard");
    tick().await;
    assert_eq!(
        answer(&m),
        envelope(
            "CardSelected",
            json!({"Heading": "CafeCard", "Id": "CafeCard"})
        )
    );
}

#[wasm_bindgen_test]
async fn an_unknown_component_says_so_and_the_rest_still_works() {
    let extra = json!({"_id": "map", "Type": "Map", "Props": {}, "Content": ["Our shop"]});
    let m = shown(json!({}), Some(custom(Some(extra))), Locale::Fr, true).await;
    let text = m.text();
    assert!(
        text.contains("Une partie de ce formulaire ne peut pas être affichée ici."),
        "{text}"
    );
    assert!(text.contains("Our shop"), "its text still shows");
    click(&m, ".cc-view button", "Skip");
    tick().await;
    assert_eq!(answer(&m), envelope("Skip", json!({"action": "Button"})));
}

#[wasm_bindgen_test]
async fn a_view_that_cannot_be_described_says_so_in_place() {
    // What the projection stores when DescribeView failed: a view without content.
    let m = shown(
        json!({"Heading": "Form"}),
        Some(View::default()),
        Locale::Ar,
        true,
    )
    .await;
    assert!(
        m.text().contains(Locale::Ar.t("view_unavailable")),
        "{}",
        m.text()
    );
    // A view whose input lacks what its schema requires cannot be drawn either.
    let m = shown(
        json!({"Heading": "List"}),
        Some(managed("List", &["Items"], &["ActionSelected"])),
        Locale::En,
        true,
    )
    .await;
    assert!(m.text().contains("can't be shown here"), "{}", m.text());
    assert!(m.find(".cc-view-items").is_none());
}

#[wasm_bindgen_test]
async fn a_view_that_is_not_the_newest_line_is_folded_to_its_heading() {
    let data = json!({"Heading": "Your orders", "Items": [{"Heading": "A", "Id": "a"}]});
    let m = shown(data, None, Locale::En, false).await;
    assert!(m.find(".cc-view").is_none());
    assert_eq!(
        m.find(".cc-view-summary")
            .map(|e| e.inner_text())
            .as_deref(),
        Some("Your orders")
    );
}
