//! The replies to interactive messages, byte for byte as the official chat interface sends
//! them, and how the customer's own lines read back.

use connect_participant::interactive::{
    is_view, shown_text, view_action_reply, view_text_reply, InteractiveMessage, Template,
    ViewAnswer,
};
use serde_json::{json, Value};

const RESPONSE: &str = "application/vnd.amazonaws.connect.message.interactive.response";
const INTERACTIVE: &str = "application/vnd.amazonaws.connect.message.interactive";

fn template(value: Value) -> Template {
    InteractiveMessage::parse(&value.to_string())
        .unwrap()
        .template
}

fn list_picker(content: Value) -> Template {
    template(json!({"templateType": "ListPicker", "version": "1.0", "data": {"content": content}}))
}

#[test]
fn a_choice_is_its_whole_title_as_plain_text() {
    let long = "x".repeat(500);
    let Template::ListPicker(p) =
        list_picker(json!({"title": "Pick", "elements": [{"title": long}]}))
    else {
        panic!()
    };
    let reply = p.select(0, "ListPicker").unwrap();
    assert_eq!(reply.content_type, "text/plain");
    assert_eq!(reply.content, "x".repeat(500), "not truncated");
}

#[test]
fn paging_replies_leave_absent_members_out_and_keep_a_present_null() {
    let Template::ListPicker(p) = list_picker(json!({
        "title": "Pick a service", "listId": "svc", "referenceId": "r1", "preIndex": -1,
        "nextIndex": 5,
        "elements": [{"title": "A"}, {"title": "More", "actionDetail": "SHOW_MORE"}]
    })) else {
        panic!()
    };
    let reply = p.select(1, "ListPicker").unwrap();
    assert_eq!(reply.content_type, RESPONSE);
    assert_eq!(
        reply.content,
        r#"{"version":"1.0","data":{"actionName":"SHOW_MORE","preIndex":-1,"nextIndex":5,"listId":"svc","templateType":"ListPicker","referenceId":"r1"},"action":"SHOW_MORE"}"#
    );
    let Template::ListPicker(p) = list_picker(json!({
        "title": "Pick a service", "preIndex": null,
        "elements": [{"title": "Back", "actionDetail": "PREVIOUS_OPTIONS"}, {"title": "B"}]
    })) else {
        panic!()
    };
    assert_eq!(
        p.select(0, "ListPicker").unwrap().content,
        r#"{"version":"1.0","data":{"actionName":"PREVIOUS_OPTIONS","preIndex":null,"templateType":"ListPicker"},"action":"PREVIOUS_OPTIONS"}"#
    );
    // A Panel says so; a "Show more" without actionDetail is an ordinary choice.
    let Template::Panel(panel) = template(json!({"templateType": "Panel", "version": "1.0",
        "data": {"content": {"title": "T", "elements": [
            {"title": "Show more"}, {"title": "More", "actionDetail": "SHOW_MORE"}]}}}))
    else {
        panic!()
    };
    assert_eq!(panel.select(0, "Panel").unwrap().content, "Show more");
    let paging: Value = serde_json::from_str(&panel.select(1, "Panel").unwrap().content).unwrap();
    assert_eq!(paging["data"]["templateType"], "Panel");
}

#[test]
fn links_send_nothing_and_a_link_without_url_is_a_choice() {
    let Template::Panel(p) = template(json!({"templateType": "Panel", "version": "1.0",
    "data": {"content": {"title": "Need more help?", "elements": [
        {"title": "Talk to us"},
        {"title": "Help centre", "type": "hyperlink", "url": "https://help.example.com"},
        {"title": "Broken link", "type": "hyperlink"},
        {"title": "Same tab", "type": "hyperlink", "url": "https://example.com/a", "target": "_self"}
    ]}}})) else {
        panic!()
    };
    let e = &p.elements;
    assert_eq!(e[1].link(), Some("https://help.example.com"));
    assert_eq!(e[3].link(), Some("https://example.com/a"));
    assert_eq!(e[3].target.as_deref(), Some("_self"));
    assert_eq!(e[2].link(), None);
    assert!(p.select(1, "Panel").is_err() && p.select(3, "Panel").is_err());
    assert_eq!(p.select(2, "Panel").unwrap().content, "Broken link");
    assert_eq!(p.select(0, "Panel").unwrap().content, "Talk to us");
}

#[test]
fn a_quick_reply_is_its_title() {
    let Template::QuickReply(q) = template(json!({"templateType": "QuickReply", "version": "1.0",
        "data": {"content": {"title": "Rate us", "elements": [{"title": "Great"}, {"title": "Poor"}]}}}))
    else {
        panic!()
    };
    let reply = q.select(1).unwrap();
    assert_eq!(
        (reply.content_type.as_str(), reply.content.as_str()),
        ("text/plain", "Poor")
    );
}

#[test]
fn a_time_slot_is_shifted_by_the_offset_and_sent_as_plain_text() {
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
            Value::Null,
            "2025-03-10T09:00+00:00",
            "2025-03-10T09:00+00:00",
        ),
        (json!(0), "2025-03-10T09:00+00:00", "2025-03-10T09:00+00:00"),
        (
            json!(60),
            "2025-03-10T09:00:00.123Z",
            "2025-03-10T10:00:00.12+00:00",
        ),
    ] {
        let mut content = json!({"title": "Pick a time",
            "timeslots": [{"date": date, "duration": "30"}]});
        if !offset.is_null() {
            content["timeZoneOffset"] = offset.clone();
        }
        let Template::TimePicker(t) = template(json!({"templateType": "TimePicker",
            "version": "1.0", "data": {"content": content}}))
        else {
            panic!()
        };
        assert_eq!(t.timeslots[0].duration, Some(30));
        let reply = t.select(0).unwrap();
        assert_eq!(reply.content_type, "text/plain");
        assert_eq!(reply.content, sent, "offset {offset}");
    }
}

#[test]
fn a_carousel_choice_is_json_text_that_reads_as_title_and_choice() {
    let Template::Carousel(c) = template(json!({"templateType": "Carousel", "version": "1.0",
    "data": {"content": {"title": "Where to?", "elements": [
        {"templateType": "Panel", "version": "1.0", "templateIdentifier": "tpl-flights",
         "data": {"content": {"title": "Flights", "elements": [{"title": "Buy ticket"}]}}},
        {"templateType": "ListPicker", "version": "1.0", "templateIdentifier": "tpl-hotels",
         "data": {"content": {"title": "Hotels:", "elements": [{"title": "Book room"}]}}}
    ]}}})) else {
        panic!()
    };
    let flights = c.select(0, 0).unwrap();
    assert_eq!(flights.content_type, "text/plain");
    assert_eq!(
        flights.content,
        r#"{"templateIdentifier":"tpl-flights","listTitle":"Flights","selectionText":"Buy ticket"}"#
    );
    let hotels = c.select(1, 0).unwrap();
    assert_eq!(
        hotels.content,
        r#"{"templateIdentifier":"tpl-hotels","listTitle":"Hotels:","selectionText":"Book room"}"#
    );
    assert_eq!(
        shown_text("text/plain", &flights.content).as_deref(),
        Some("Flights - Buy ticket")
    );
    assert_eq!(
        shown_text("text/plain", &hotels.content).as_deref(),
        Some("Hotels: Book room")
    );
}

/// Fixture A: a Form view whose `viewData` is a string holding a string.
fn view_message() -> String {
    let sections = json!([{"_id": "addr", "Type": "FormSection", "Heading": "New address",
        "Items": [{"Type": "FormInput", "Label": "Street", "Name": "street", "InputType": "text"}]}]);
    let view_data = json!({"Heading": "Update your address", "Sections": sections.to_string(),
        "Next": {"Label": "Save"}});
    json!({"templateType": "ViewResource", "version": "1.0", "data": {"content": {
        "viewId": "arn:aws:connect:us-east-1:aws:view/form:1", "viewToken": "vt-7f3a9c",
        "viewData": view_data.to_string()}}})
    .to_string()
}

#[test]
fn a_views_input_is_read_through_both_string_levels() {
    let content = view_message();
    assert!(is_view(INTERACTIVE, &content));
    assert!(!is_view("text/plain", &content));
    let Template::ViewResource(v) = InteractiveMessage::parse(&content).unwrap().template else {
        panic!()
    };
    assert_eq!(v.view_token.as_deref(), Some("vt-7f3a9c"));
    assert_eq!(
        v.input(),
        Some(
            json!({"Heading": "Update your address", "Sections": [{"_id": "addr",
            "Type": "FormSection", "Heading": "New address", "Items": [{"Type": "FormInput",
            "Label": "Street", "Name": "street", "InputType": "text"}]}],
            "Next": {"Label": "Save"}})
        )
    );
    // A value that is not JSON stays as it came; an object needs no reading.
    let plain = input_of(json!({"A": "not json", "B": "[1]"}));
    assert_eq!(plain, Some(json!({"A": "not json", "B": [1]})));
}

/// The input of a view message carrying `view_data` as an object.
fn input_of(view_data: Value) -> Option<Value> {
    let content = json!({"templateType": "ViewResource", "version": "1.0",
        "data": {"content": {"viewToken": "t", "viewData": view_data}}});
    match InteractiveMessage::parse(&content.to_string())
        .ok()?
        .template
    {
        Template::ViewResource(v) => v.input(),
        _ => None,
    }
}

#[test]
fn a_view_is_answered_with_its_action_or_the_typed_text() {
    let submit = view_action_reply("Submit", Some(json!({"FormData": {"street": "1 Main St"}})));
    assert_eq!(submit.content_type, RESPONSE);
    assert_eq!(
        submit.content,
        r#"{"action":"Submit","data":{"FormData":{"street":"1 Main St"}},"templateType":"ViewResource","version":"1.0"}"#
    );
    assert_eq!(
        view_action_reply("Next", None).content,
        r#"{"action":"Next","data":{},"templateType":"ViewResource","version":"1.0"}"#
    );
    let typed = view_text_reply("my flat is 4B");
    assert_eq!(typed.content_type, RESPONSE);
    assert_eq!(
        typed.content,
        r#"{"action":" ","data":{"content":"my flat is 4B"},"templateType":"ViewResource","version":"1.0"}"#
    );
    // The customer's transcript reads "Submit" and the typed text.
    assert_eq!(
        shown_text(RESPONSE, &submit.content).as_deref(),
        Some("Submit")
    );
    assert_eq!(
        shown_text(RESPONSE, &typed.content).as_deref(),
        Some("my flat is 4B")
    );
    assert!(is_view(RESPONSE, &typed.content));
}

#[test]
fn a_views_answer_carries_its_words_or_the_name_of_its_action() {
    let answer = |action, data| ViewAnswer::parse(&view_action_reply(action, data).content);
    // The Confirmation view's Next carries its label; a Detail, Cards or List action its name.
    assert_eq!(
        answer(
            "Next",
            Some(json!({"actionName": "Next", "Label": "Looks good"}))
        ),
        Some(ViewAnswer::Words("Looks good".into()))
    );
    assert_eq!(
        answer(
            "ActionSelected",
            Some(json!({"actionName": "Track my order"}))
        ),
        Some(ViewAnswer::Words("Track my order".into()))
    );
    // The view's own actions are named only: the interface words them.
    assert_eq!(
        answer("Submit", Some(json!({"FormData": {"street": "1 Main St"}}))),
        Some(ViewAnswer::Action("Submit".into()))
    );
    assert_eq!(
        answer("Back", Some(json!({"actionName": "Back"}))),
        Some(ViewAnswer::Action("Back".into()))
    );
    assert_eq!(
        ViewAnswer::parse(&view_text_reply("Submit").content),
        Some(ViewAnswer::Typed("Submit".into()))
    );
    assert_eq!(
        shown_text(
            RESPONSE,
            &view_action_reply("ActionSelected", Some(json!({"actionName": "Returns"}))).content
        )
        .as_deref(),
        Some("Returns")
    );
    assert_eq!(ViewAnswer::parse(r#"{"templateType":"QuickReply"}"#), None);
    assert_eq!(ViewAnswer::parse("not json"), None);
}

#[test]
fn a_customer_line_reads_as_a_person_would_read_it() {
    assert_eq!(shown_text("text/plain", "hello").as_deref(), Some("hello"));
    assert_eq!(
        shown_text("text/markdown", "**hi**").as_deref(),
        Some("**hi**")
    );
    // JSON text that is not a carousel selection is just text.
    let other = r#"{"listTitle":"A","selectionText":1,"templateIdentifier":"t"}"#;
    assert_eq!(shown_text("text/plain", other).as_deref(), Some(other));
    // A paging reply is not shown.
    let paging = r#"{"version":"1.0","data":{"actionName":"SHOW_MORE"},"action":"SHOW_MORE"}"#;
    assert_eq!(shown_text(RESPONSE, paging), None);
    // Another response, and text that is not JSON, read as they came.
    assert_eq!(shown_text(RESPONSE, "{}").as_deref(), Some("{}"));
    assert_eq!(shown_text(RESPONSE, "oops").as_deref(), Some("oops"));
}
