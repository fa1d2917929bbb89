//! ShowView views: DescribeView's definition read into a tree, bindings to the input, and
//! the actions components answer with.

use connect_participant::interactive::{bind, Node, ViewDefinition};
use connect_participant::model::{View, ViewContent};
use serde_json::{json, Value};

/// A DescribeView `View` as the service sends it: Template and InputSchema as JSON strings.
fn described(actions: &[&str], schema: Value, template: Value) -> View {
    View {
        id: Some("form".into()),
        arn: Some("arn:aws:connect:us-east-1:aws:view/form".into()),
        name: Some("Form".into()),
        version: Some(1),
        content: Some(ViewContent {
            input_schema: Some(schema.to_string()),
            template: Some(template.to_string()),
            actions: Some(actions.iter().map(|a| (*a).to_owned()).collect()),
        }),
    }
}

#[test]
fn a_managed_form_view_reads_with_its_bindings() {
    let view = described(
        &["Back", "Cancel", "Edit", "Next", "Previous", "Submit"],
        json!({"type": "object", "required": ["Sections"], "properties": {"Heading": {"type": "string"}}}),
        json!({"Head": {"Title": "Form", "Configuration": {"Layout": {"Columns": ["12"]}}},
            "Body": [{"_id": "form", "Type": "Form", "Props": {"Heading": "$.Heading",
                "Sections": "$.Sections", "Next": "$.Next", "Cancel": "$.Cancel"}, "Content": []}]}),
    );
    let definition = ViewDefinition::from_view(&view).unwrap();
    assert_eq!(definition.actions.len(), 6);
    assert_eq!(definition.input_schema["required"], json!(["Sections"]));
    let template = &definition.template;
    assert_eq!(template.title.as_deref(), Some("Form"));
    assert_eq!(
        template.configuration,
        Some(json!({"Layout": {"Columns": ["12"]}}))
    );
    let form = &template.body[0];
    assert_eq!(
        (form.id.as_deref(), form.kind.as_str()),
        (Some("form"), "Form")
    );
    let input = json!({"Heading": "Update your address", "Sections": [{"_id": "addr"}],
        "Next": {"Label": "Save"}});
    assert_eq!(
        form.prop("Heading", &input),
        Some(json!("Update your address"))
    );
    assert_eq!(form.prop("Next", &input), Some(json!({"Label": "Save"})));
    // A member the input lacks is null.
    assert_eq!(form.prop("Cancel", &input), Some(Value::Null));
}

#[test]
fn a_custom_view_nests_components_and_carries_actions() {
    let card = |id: &str, heading: &str| {
        json!({"_id": id, "Type": "Card", "Props": {"Id": id, "Heading": heading,
            "Status": "Status Field", "Action": "CardSelected"}, "Content": []})
    };
    let view = described(
        &["CardSelected", "Skip"],
        json!({"type": "object", "properties": {"NoIconCardHeading": {"type": "string"}}}),
        json!({"Head": {"Title": "CustomerManagedFormView",
            "Configuration": {"Layout": {"Columns": ["10", "2"]}}},
        "Body": [
            {"_id": "FormContainer", "Type": "Container", "Props": {}, "Content": [
                card("CafeCard", "CafeCard"), card("NoIconCard", "$.NoIconCardHeading")]},
            {"_id": "button", "Type": "Button", "Props": {"Action": "Skip"}, "Content": ["Skip"]},
            {"_id": "odd", "Type": "Hologram", "Props": {}, "Content": "Still text"}
        ]}),
    );
    let template = ViewDefinition::from_view(&view).unwrap().template;
    let container = &template.body[0];
    assert_eq!(container.kind, "Container");
    let Node::Component(second) = &container.content[1] else {
        panic!("{:?}", container.content)
    };
    let input = json!({"NoIconCardHeading": "No Icon Card"});
    let resolved = second.resolved(&input);
    assert_eq!(resolved.props["Heading"], "No Icon Card");
    let button = &template.body[1];
    assert_eq!(button.action(), Some("Skip"));
    assert_eq!(button.content, [Node::Text("Skip".into())]);
    // Unknown component types are kept as they came, their text too.
    assert_eq!(template.body[2].kind, "Hologram");
    assert_eq!(template.body[2].content, [Node::Text("Still text".into())]);
    let actions: Vec<_> = template
        .actions()
        .iter()
        .map(|c| (c.id.clone().unwrap(), c.action().unwrap().to_owned()))
        .collect();
    assert_eq!(
        actions,
        [
            ("CafeCard".into(), "CardSelected".into()),
            ("NoIconCard".into(), "CardSelected".into()),
            ("button".into(), "Skip".into())
        ]
    );
}

#[test]
fn a_view_without_a_readable_template_is_an_error() {
    let mut view = described(&[], json!({}), json!({}));
    assert!(ViewDefinition::from_view(&view).is_ok());
    view.content.as_mut().unwrap().template = Some("{not json".into());
    assert!(ViewDefinition::from_view(&view).is_err());
    view.content.as_mut().unwrap().template = None;
    assert!(ViewDefinition::from_view(&view).is_err());
    assert!(ViewDefinition::from_view(&View::default()).is_err());
    // Bindings reach into arrays and objects; "$." alone is text.
    let input = json!({"A": 1});
    assert_eq!(
        bind(&json!(["$.A", {"x": "$.A"}, "$."]), &input),
        json!([1, {"x": 1}, "$."])
    );
}
