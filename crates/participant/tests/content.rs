//! Item content: interactive templates, the replies to them, receipts and events.

use connect_participant::content::{
    parse_session_id, EventType, InteractiveResponse, ItemContent, ReceiptContent,
};
use connect_participant::frames::ServerFrame;
use connect_participant::interactive::{ActionResponse, InteractiveMessage, Template};
use connect_participant::model::{ChatItemType, Item};
use serde_json::{json, Value};

const INTERACTIVE: &str = "application/vnd.amazonaws.connect.message.interactive";
const RESPONSE: &str = "application/vnd.amazonaws.connect.message.interactive.response";

fn list_picker() -> Value {
    json!({
        "templateType": "ListPicker",
        "version": "1.0",
        "data": {
            "replyMessage": {
                "title": "Thanks for selecting!",
                "subtitle": "Produce selected",
                "imageType": "URL",
                "imageData": "https://images.example/fruit.jpg",
                "imageDescription": "Select a produce to buy"
            },
            "content": {
                "title": "What produce would you like to buy?",
                "subtitle": "Tap to select option",
                "imageType": "URL",
                "imageData": "https://images.example/fruit.jpg",
                "imageDescription": "Select a produce to buy",
                "referenceId": "320435df-2e3c-47ea-9206-e64f81dd8e3c",
                "listId": "produce",
                "preIndex": -1,
                "nextIndex": 3,
                "elements": [
                    {"title": "Apple", "subtitle": "$1.00", "imageType": "URL",
                     "imageData": "https://images.example/apple.jpg"},
                    {"title": "<b>Orange</b>", "subtitle": "$1.50"},
                    {"title": "Our catalogue", "type": "hyperlink", "url": "https://shop.example"},
                    {"title": "Show more", "actionDetail": "SHOW_MORE"}
                ]
            }
        }
    })
}

fn parse(value: &Value) -> InteractiveMessage {
    InteractiveMessage::parse(&value.to_string()).unwrap()
}

#[test]
fn list_picker_and_its_replies() {
    let message = parse(&list_picker());
    assert_eq!(message.template_type, "ListPicker");
    assert_eq!(message.version.as_deref(), Some("1.0"));
    assert_eq!(
        message.reply_message.as_ref().unwrap().title.as_deref(),
        Some("Thanks for selecting!")
    );
    let Template::ListPicker(picker) = &message.template else {
        panic!("{:?}", message.template)
    };
    assert_eq!(picker.title, "What produce would you like to buy?");
    assert_eq!(picker.elements.len(), 4);
    assert_eq!(picker.elements[0].subtitle.as_deref(), Some("$1.00"));
    // Markup in a title is data, kept verbatim for the UI to show as text.
    assert_eq!(picker.elements[1].title, "<b>Orange</b>");
    assert_eq!(picker.elements[2].link(), Some("https://shop.example"));
    assert!(picker.elements[3].is_action());

    let reply = picker.select(0, "ListPicker").unwrap();
    assert_eq!(reply.content_type, "text/plain");
    assert_eq!(reply.content, "Apple");

    let more = picker.select(3, "ListPicker").unwrap();
    assert_eq!(more.content_type, RESPONSE);
    let sent: Value = serde_json::from_str(&more.content).unwrap();
    assert_eq!(
        sent,
        json!({
            "version": "1.0",
            "data": {
                "actionName": "SHOW_MORE",
                "preIndex": -1,
                "nextIndex": 3,
                "listId": "produce",
                "templateType": "ListPicker",
                "referenceId": "320435df-2e3c-47ea-9206-e64f81dd8e3c"
            },
            "action": "SHOW_MORE"
        })
    );
    assert_eq!(
        ActionResponse::parse(&more.content)
            .unwrap()
            .data
            .action_name,
        "SHOW_MORE"
    );

    let err = picker.select(9, "ListPicker").unwrap_err();
    assert!(err.to_string().contains("4 options"), "{err}");
}

#[test]
fn panel_quick_reply_and_time_picker() {
    let panel = parse(&json!({
        "templateType": "Panel", "version": "1.0",
        "data": {"content": {
            "title": "How can I help you?", "subtitle": "Tap to select option",
            "elements": [{"title": "Check self-service options"}, {"title": "Talk to an agent"}]
        }}
    }));
    let Template::Panel(p) = &panel.template else {
        panic!()
    };
    assert_eq!(p.select(1, "Panel").unwrap().content, "Talk to an agent");

    let quick = parse(&json!({
        "templateType": "QuickReply", "version": "1.0",
        "data": {"content": {"title": "How was your experience?",
                             "elements": [{"title": "Great"}, {"title": "Good"}, {"title": "Poor"}]}}
    }));
    let Template::QuickReply(q) = &quick.template else {
        panic!()
    };
    assert_eq!(q.elements.len(), 3);
    assert_eq!(q.select(2).unwrap().content, "Poor");
    assert!(q.select(3).is_err());

    let time = parse(&json!({
        "templateType": "TimePicker", "version": "1.0",
        "data": {
            "replyMessage": {"title": "Thanks for selecting"},
            "content": {
                "title": "Schedule appointment", "subtitle": "Tap to select option",
                "timeZoneOffset": -420,
                "location": {"latitude": 47.616299, "longitude": -122.33084, "title": "Oscar", "radius": 1},
                "timeslots": [
                    {"date": "2026-11-26T18:00+00:00", "duration": 60},
                    {"date": "2026-11-26T19:00+00:00", "duration": 60}
                ]
            }
        }
    }));
    let Template::TimePicker(t) = &time.template else {
        panic!()
    };
    assert_eq!(t.time_zone_offset, Some(-420.0));
    assert_eq!(t.location.as_ref().unwrap().title.as_deref(), Some("Oscar"));
    // The slot, shifted by the offset's minutes (added).
    let reply = t.select(1).unwrap();
    assert_eq!(
        (reply.content_type.as_str(), reply.content.as_str()),
        ("text/plain", "2026-11-26T12:00:00.00+00:00")
    );
}

#[test]
fn carousel_of_panels() {
    let panel = |id: &str, title: &str| {
        json!({
            "templateIdentifier": id, "templateType": "Panel", "version": "1.0",
            "data": {"content": {"title": title, "elements": [{"title": "Book"}, {"title": "Details"}]}}
        })
    };
    let carousel = parse(&json!({
        "templateType": "Carousel", "version": "1.0",
        "data": {"content": {
            "title": "Popular destinations",
            "elements": [panel("paris", "Paris"), panel("rome", "Rome")]
        }}
    }));
    let Template::Carousel(c) = &carousel.template else {
        panic!()
    };
    assert_eq!(c.title, "Popular destinations");
    assert_eq!(c.elements.len(), 2);
    assert_eq!(c.elements[1].template_identifier.as_deref(), Some("rome"));
    let reply = c.select(1, 0).unwrap();
    assert_eq!(reply.content_type, "text/plain");
    assert_eq!(
        serde_json::from_str::<Value>(&reply.content).unwrap(),
        json!({"templateIdentifier": "rome", "listTitle": "Rome", "selectionText": "Book"})
    );
    assert!(c.select(2, 0).is_err());
    assert!(c.select(0, 5).is_err());

    // A carousel nested in a carousel is refused.
    let nested = json!({
        "templateType": "Carousel", "version": "1.0",
        "data": {"content": {"title": "x", "elements": [
            {"templateType": "Carousel", "data": {"content": {"title": "y", "elements": []}}}
        ]}}
    });
    assert!(InteractiveMessage::parse(&nested.to_string()).is_err());
}

#[test]
fn view_resource_and_unknown_templates() {
    let view = parse(&json!({
        "templateType": "ViewResource", "version": "1.0",
        "data": {"content": {
            "viewId": "arn:aws:connect:us-west-2:123456789012:instance/i-1/view/form:1",
            "viewToken": "vt-123",
            "viewData": "{\"Heading\":\"Your details\"}"
        }}
    }));
    let Template::ViewResource(v) = &view.template else {
        panic!()
    };
    assert_eq!(v.view_token.as_deref(), Some("vt-123"));
    assert!(v.view_id.as_deref().unwrap().ends_with("view/form:1"));
    assert_eq!(v.input(), Some(json!({"Heading": "Your details"})));

    let raw = json!({"templateType": "ApplePay", "version": "1.0", "data": {"content": {"x": 1}}});
    let unknown = parse(&raw);
    assert_eq!(unknown.template, Template::Unknown);
    assert_eq!(unknown.template_type, "ApplePay");
    assert_eq!(unknown.raw, raw);
}

#[test]
fn malformed_templates_are_errors() {
    for bad in [
        "",
        "not json",
        "[]",
        r#"{"version":"1.0"}"#,
        r#"{"templateType":7}"#,
        r#"{"templateType":"ListPicker","data":{}}"#,
        r#"{"templateType":"ListPicker","data":{"content":{"elements":[]}}}"#,
        r#"{"templateType":"ListPicker","data":{"content":{"title":"t","elements":[{"subtitle":"no title"}]}}}"#,
        r#"{"templateType":"TimePicker","data":{"content":{"title":"t"}}}"#,
        r#"{"templateType":"QuickReply","data":{"content":{"title":"t","elements":"x"}}}"#,
        r#"{"templateType":"Carousel","data":{"content":{"elements":[]}}}"#,
        r#"{"templateType":"ListPicker","data":{"replyMessage":[1],"content":{"title":"t","elements":[]}}}"#,
    ] {
        let err = InteractiveMessage::parse(bad).unwrap_err();
        assert!(
            matches!(err, connect_participant::Error::Decode { .. }),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn template_members_read_as_serde_reads_fields() {
    let picker = json!({
        "title": "t", "subtitle": null, "imageType": null, "preIndex": null, "nextIndex": 2,
        "elements": [{"title": "a", "type": null, "url": "https://x.example", "extra": [1]}]
    });
    let message = parse(&json!({
        "templateType": "ListPicker", "data": {"replyMessage": null, "content": picker.clone()}
    }));
    assert_eq!(message.reply_message, None);
    let Template::ListPicker(p) = &message.template else {
        panic!("a list picker")
    };
    assert_eq!(
        (p.subtitle.as_deref(), p.image_type.as_deref()),
        (None, None)
    );
    // Paging members are kept as present (`null` included) or absent.
    assert_eq!(
        (p.pre_index.clone(), p.next_index.clone(), p.list_id.clone()),
        (Some(Value::Null), Some(json!(2)), None)
    );
    assert_eq!(p.elements[0].kind, None);
    assert_eq!(p.elements[0].url.as_deref(), Some("https://x.example"));
    // Deserialize reads the same way.
    assert_eq!(
        &serde_json::from_value::<connect_participant::interactive::Picker>(picker).unwrap(),
        p
    );

    let time = parse(&json!({
        "templateType": "TimePicker", "data": {"content": {
            "title": "When?", "timeZoneOffset": "-30",
            "location": {"latitude": 47, "longitude": -122.5, "radius": null},
            "timeslots": [{"date": "2026-01-02T10:00+00:00", "duration": "60"},
                          {"date": "2026-01-02T11:00+00:00", "duration": 30},
                          {"date": "2026-01-02T12:00+00:00", "duration": null}]
        }}
    }));
    let Template::TimePicker(t) = &time.template else {
        panic!("a time picker")
    };
    assert_eq!(t.time_zone_offset, Some(-30.0));
    let location = t.location.as_ref().unwrap();
    assert_eq!((location.latitude, location.longitude), (47.0, -122.5));
    assert_eq!(location.radius, None);
    let durations: Vec<_> = t.timeslots.iter().map(|s| s.duration).collect();
    assert_eq!(durations, [Some(60), Some(30), None]);

    // A member of the wrong type is refused, as serde refuses it.
    for bad in [
        json!({"templateType": "ListPicker", "data": {"content": {"title": "t", "subtitle": 5, "elements": []}}}),
        json!({"templateType": "ListPicker", "data": {"content": {"title": "t", "elements": [{"title": "a", "url": true}]}}}),
        json!({"templateType": "ListPicker", "data": {"content": {"title": "t", "elements": {}}}}),
        json!({"templateType": "ListPicker", "data": {"replyMessage": "x", "content": {"title": "t", "elements": []}}}),
        json!({"templateType": "TimePicker", "data": {"content": {"title": "t", "timeslots": [], "location": {"latitude": "1", "longitude": 2}}}}),
        json!({"templateType": "TimePicker", "data": {"content": {"title": "t", "timeslots": [{"duration": 5}]}}}),
        json!({"templateType": "QuickReply", "data": {"content": {"title": "t", "elements": ["Yes"]}}}),
        json!({"templateType": "ViewResource", "data": {"content": {"viewToken": 7}}}),
        json!({"templateType": "Panel", "data": {"content": null}}),
    ] {
        let err = InteractiveMessage::parse(&bad.to_string()).unwrap_err();
        assert!(
            matches!(err, connect_participant::Error::Decode { .. }),
            "{bad}: {err:?}"
        );
    }
}

fn item(content_type: &str, content: Option<&str>) -> Item {
    Item {
        content_type: Some(content_type.into()),
        content: content.map(str::to_owned),
        ..Item::default()
    }
}

#[test]
fn item_content_by_type() {
    assert_eq!(
        item("text/plain", Some("hello")).parsed_content().unwrap(),
        ItemContent::Text {
            text: "hello".into(),
            markdown: false
        }
    );
    assert_eq!(
        item("text/markdown; charset=UTF-8", Some("**hi**"))
            .parsed_content()
            .unwrap(),
        ItemContent::Text {
            text: "**hi**".into(),
            markdown: true
        }
    );
    assert_eq!(
        item("application/json", Some(r#"{"a":1}"#))
            .parsed_content()
            .unwrap(),
        ItemContent::Json(json!({"a": 1}))
    );
    let interactive = list_picker().to_string();
    match item(INTERACTIVE, Some(&interactive))
        .parsed_content()
        .unwrap()
    {
        ItemContent::Interactive(m) => assert_eq!(m.template_type, "ListPicker"),
        other => panic!("{other:?}"),
    }
    let action =
        r#"{"version":"1.0","data":{"actionName":"SHOW_MORE","nextIndex":5},"action":"SHOW_MORE"}"#;
    match item(RESPONSE, Some(action)).parsed_content().unwrap() {
        ItemContent::InteractiveResponse(InteractiveResponse::Action(a)) => {
            assert_eq!(a.data.next_index, Some(json!(5)))
        }
        other => panic!("{other:?}"),
    }
    match item(RESPONSE, Some(r#"{"something":"else"}"#))
        .parsed_content()
        .unwrap()
    {
        ItemContent::InteractiveResponse(InteractiveResponse::Raw(v)) => {
            assert_eq!(v["something"], "else")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        item("application/x-new", Some("?"))
            .parsed_content()
            .unwrap(),
        ItemContent::Other {
            content_type: Some("application/x-new".into()),
            content: Some("?".into())
        }
    );
    assert!(item("application/json", Some("{"))
        .parsed_content()
        .is_err());
    assert!(item(INTERACTIVE, Some("{}")).parsed_content().is_err());
}

#[test]
fn events_receipts_and_authentication() {
    let delivered = item(
        "application/vnd.amazonaws.connect.event.message.delivered",
        Some(r#"{"messageId":"m-42"}"#),
    );
    assert_eq!(
        delivered.parsed_content().unwrap(),
        ItemContent::Receipt {
            event: EventType::MessageDelivered,
            message_id: "m-42".into()
        }
    );
    assert!(item(
        "application/vnd.amazonaws.connect.event.message.read",
        Some("{}")
    )
    .parsed_content()
    .is_err());
    assert_eq!(
        ReceiptContent {
            message_id: "m-1".into()
        }
        .to_json(),
        r#"{"messageId":"m-1"}"#
    );

    let auth = item(
        "application/vnd.amazonaws.connect.event.authentication.initiated",
        Some(r#"{"SessionId":"0d8b6a4c-2f3e-4b5a-9c1d-7e6f5a4b3c2d"}"#),
    );
    assert_eq!(
        auth.parsed_content().unwrap(),
        ItemContent::AuthenticationInitiated {
            session_id: "0d8b6a4c-2f3e-4b5a-9c1d-7e6f5a4b3c2d".into()
        }
    );
    assert_eq!(parse_session_id(r#"{"sessionId":"s"}"#).unwrap(), "s");
    assert!(parse_session_id("{}").is_err());

    let joined = item(
        "application/vnd.amazonaws.connect.event.participant.joined",
        None,
    );
    assert_eq!(
        joined.parsed_content().unwrap(),
        ItemContent::Event(EventType::ParticipantJoined)
    );
    let future = item("application/vnd.amazonaws.connect.event.brand.new", None);
    assert_eq!(
        future.parsed_content().unwrap(),
        ItemContent::Event(EventType::Unknown(
            "application/vnd.amazonaws.connect.event.brand.new".into()
        ))
    );
    let attachment = Item {
        kind: Some(ChatItemType::Attachment),
        ..Item::default()
    };
    assert_eq!(
        attachment.parsed_content().unwrap(),
        ItemContent::Attachment
    );
    // Receipts on the socket: a MESSAGEMETADATA item, whatever its content type says.
    let metadata: Item = serde_json::from_value(json!({
        "Type": "MESSAGEMETADATA",
        "ContentType": "application/vnd.amazonaws.connect.event.message.metadata",
        "MessageMetadata": {"MessageId": "m-42", "Receipts": [
            {"ReadTimestamp": "2026-11-24T14:00:02.000Z", "RecipientParticipantId": "p-agent"}
        ]}
    }))
    .unwrap();
    assert_eq!(metadata.parsed_content().unwrap(), ItemContent::Metadata);
    assert_eq!(
        metadata.message_metadata.unwrap().message_id.as_deref(),
        Some("m-42")
    );
}

#[test]
fn an_interactive_message_through_a_frame() {
    // The item is a JSON string inside the frame, and its Content a JSON string inside that.
    let item = json!({
        "AbsoluteTime": "2026-11-24T14:00:00.000Z",
        "Content": list_picker().to_string(),
        "ContentType": INTERACTIVE,
        "Id": "i-9", "Type": "MESSAGE", "ParticipantRole": "SYSTEM", "DisplayName": "BOT"
    });
    let frame = json!({"topic": "aws/chat", "contentType": "application/json", "content": item.to_string()});
    let ServerFrame::Chat(item) = ServerFrame::parse(&frame.to_string()).unwrap() else {
        panic!("a chat frame")
    };
    match item.parsed_content().unwrap() {
        ItemContent::Interactive(m) => assert!(matches!(m.template, Template::ListPicker(_))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_chat_frame_reads_its_item_as_a_string_or_as_an_object() {
    let item = json!({
        "Id": "i-1", "Type": "MESSAGE", "ParticipantRole": "AGENT", "DisplayName": "Eve",
        "ContentType": "text/plain", "Content": "hello",
        "MessageMetadata": {"MessageId": "i-1", "Receipts": [{"ReadTimestamp": "t"}]}
    });
    let read = |content: Value| {
        let frame =
            json!({"topic": "aws/chat", "contentType": "application/json", "content": content});
        match ServerFrame::parse(&frame.to_string()).unwrap() {
            ServerFrame::Chat(item) => *item,
            other => panic!("{other:?}"),
        }
    };
    let from_string = read(Value::String(item.to_string()));
    assert_eq!(from_string.id.as_deref(), Some("i-1"));
    assert_eq!(from_string.display_name.as_deref(), Some("Eve"));
    assert_eq!(read(item), from_string);
    assert!(ServerFrame::parse(r#"{"topic":"aws/chat","content":{"Id":7}}"#).is_err());
}
