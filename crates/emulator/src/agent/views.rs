//! Show view: the ViewResource message a flow's Show view block sends, and the views
//! DescribeView answers with.
//!
//! The AWS-managed views (Form, Confirmation, Cards, Detail, List) take the input keys the
//! AWS documentation gives them (view-resources-managed-view.html); their templates are not
//! published, so each is one top-level component named after the view with every input bound
//! by `$.`. The custom view is the documentation's own (view-resources-custom-view.html): a
//! Container holding two Cards, and a Skip button. `Template` and `InputSchema` are JSON
//! strings, as the service model has them.

use connect_participant::model::{View, ViewContent};
use serde_json::{json, Value};

use crate::state::new_id;

/// One of the views `/view` can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    Form,
    Confirmation,
    Cards,
    Detail,
    List,
    Custom,
}

/// What a Show view block puts in its message and DescribeView answers for it.
pub struct ShownView {
    /// `data.content.viewId`.
    pub view_id: String,
    /// `data.content.viewData`: the view's input, an object or a JSON string.
    pub view_data: Value,
    pub view: View,
}

impl ViewKind {
    /// Every view, in the order `/help` names them.
    pub const ALL: [ViewKind; 6] = [
        ViewKind::Form,
        ViewKind::Confirmation,
        ViewKind::Cards,
        ViewKind::Detail,
        ViewKind::List,
        ViewKind::Custom,
    ];

    /// The view's name in `/view NAME`.
    pub fn name(self) -> &'static str {
        match self {
            ViewKind::Form => "form",
            ViewKind::Confirmation => "confirmation",
            ViewKind::Cards => "cards",
            ViewKind::Detail => "detail",
            ViewKind::List => "list",
            ViewKind::Custom => "custom",
        }
    }

    pub fn parse(name: &str) -> Option<ViewKind> {
        ViewKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The view, its id and the input the block passes.
    pub fn shown(self) -> ShownView {
        let (title, actions, schema, input) = match self {
            ViewKind::Form => (
                "Form",
                &["Back", "Cancel", "Edit", "Next", "Previous", "Submit"][..],
                json!({ "type": "object", "required": ["Sections"], "properties": {
                    "Heading": { "type": "string" }, "SubHeading": { "type": "string" },
                    "Sections": { "type": "array" }, "Next": { "type": "object" },
                    "Cancel": { "type": "object" }, "Back": { "type": "object" },
                    "ErrorText": { "type": "object" }, "AttributeBar": { "type": "array" } } }),
                form_input(),
            ),
            ViewKind::Confirmation => (
                "Confirmation",
                &["Next"][..],
                json!({ "type": "object", "required": ["Next"], "properties": {
                    "Heading": { "type": "string" }, "SubHeading": { "type": "string" },
                    "Graphic": { "type": "object" }, "Next": { "type": "object" } } }),
                json!({ "Heading": "Your address is updated.",
                    "SubHeading": "Anything else we can help with?",
                    "Graphic": { "Include": true }, "Next": { "Label": "Done" } }),
            ),
            ViewKind::Cards => (
                "Cards",
                &["ActionSelected", "Back", "NoMatchFound"][..],
                json!({ "type": "object", "required": ["Cards"], "properties": {
                    "Heading": { "type": "string" }, "Cards": { "type": "array" },
                    "NoMatchFound": { "type": "object" }, "Back": { "type": "object" } } }),
                json!({ "Heading": "What can we help with?", "Cards": [
                    { "Summary": { "Id": "billing", "Icon": "Wallet Closed", "Heading": "Billing" },
                      "Detail": { "Heading": "Billing", "Description": "Questions about a bill",
                                  "Actions": ["Pay a bill", "Dispute a charge"] } },
                    { "Summary": { "Id": "delivery", "Icon": "Airplane", "Heading": "Delivery",
                                   "Status": "1 parcel on the way" },
                      "Detail": { "Heading": "Delivery",
                                  "Sections": { "TemplateString": "Parcel 1234 arrives Thursday." },
                                  "Actions": ["Track parcel"] } } ],
                    "NoMatchFound": { "Label": "Something else" } }),
            ),
            ViewKind::Detail => (
                "Detail",
                &["ActionSelected", "Back"][..],
                json!({ "type": "object", "required": ["Sections"], "properties": {
                    "Heading": { "type": "string" }, "Description": { "type": "string" },
                    "Sections": { "type": "array" }, "Actions": { "type": "array" },
                    "AttributeBar": { "type": "array" }, "Back": { "type": "object" } } }),
                json!({ "Heading": "Order 1234", "Description": "Shipped on 3 March",
                    "AttributeBar": [
                        { "Label": "Status", "Value": "Shipped" },
                        { "Label": "Carrier", "Value": "Example Post", "LinkType": "external",
                          "Url": "https://track.example.com/1234" } ],
                    "Sections": [{ "TemplateString": "Arrives Thursday." },
                                 "Signature needed on delivery."],
                    "Actions": ["Track parcel", "Talk to an agent"] }),
            ),
            ViewKind::List => (
                "List",
                &["ActionSelected", "Back"][..],
                json!({ "type": "object", "required": ["Items"], "properties": {
                    "Heading": { "type": "string" }, "SubHeading": { "type": "string" },
                    "Items": { "type": "array" }, "Back": { "type": "object" } } }),
                json!({ "Heading": "Your orders", "SubHeading": "Pick one", "Items": [
                    { "Heading": "Order 1234", "Description": "Shipped", "Id": "order_1234" },
                    { "Heading": "Order 1299", "Description": "Processing", "Id": "order_1299" },
                    { "Heading": "Returns policy", "Description": "Read only, not selectable" } ] }),
            ),
            ViewKind::Custom => return custom(),
        };
        let id = self.name();
        let props: serde_json::Map<String, Value> = schema["properties"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.keys())
            .chain(std::iter::once(&"AttributeBar".to_owned()))
            .map(|k| (k.clone(), json!(format!("$.{k}"))))
            .collect();
        let mut head = json!({ "Title": title });
        if self == ViewKind::Form {
            head["Configuration"] = json!({ "Layout": { "Columns": ["12"] } });
        }
        let template = json!({
            "Head": head,
            "Body": [{ "_id": id, "Type": title, "Props": props, "Content": [] }],
        });
        let arn = format!("arn:aws:connect:us-east-1:aws:view/{id}");
        ShownView {
            view_id: format!("{arn}:1"),
            view_data: input,
            view: view(id, arn, title, actions, &schema, &template),
        }
    }
}

fn view(
    id: &str,
    arn: String,
    name: &str,
    actions: &[&str],
    schema: &Value,
    template: &Value,
) -> View {
    View {
        id: Some(id.to_owned()),
        arn: Some(arn),
        name: Some(name.to_owned()),
        version: Some(1),
        content: Some(ViewContent {
            input_schema: Some(schema.to_string()),
            template: Some(template.to_string()),
            actions: Some(actions.iter().map(|a| (*a).to_owned()).collect()),
        }),
    }
}

/// The Form's input as a JSON string whose `Sections` is itself a JSON string: the official
/// UI parses `viewData` when it is a string, then each top-level string value again (ui
/// `datamodel/Utils.js:163-193`), so both levels occur.
fn form_input() -> Value {
    let sections = json!([{ "_id": "addr", "Type": "FormSection", "Heading": "New address",
        "Items": [
            { "Type": "FormInput", "Label": "Street", "Name": "street", "InputType": "text" },
            { "Type": "FormInput", "Label": "Postcode", "Name": "postcode", "InputType": "text",
              "DefaultValue": "98101" } ] }]);
    let input = json!({ "Heading": "Update your address", "Sections": sections.to_string(),
        "Next": { "Label": "Save" }, "Cancel": { "Label": "Cancel" } });
    json!(input.to_string())
}

/// The custom view of the AWS documentation: two cards in a container and a Skip button,
/// the second card's heading bound to the input.
fn custom() -> ShownView {
    let card = |id: &str, card_id: &str, heading: &str, icon: Option<&str>| {
        let mut props = json!({ "Id": card_id, "Heading": heading, "Status": "Status Field",
            "Description": format!("This is the {card_id} card."), "Action": "CardSelected" });
        if let Some(icon) = icon {
            props["Icon"] = json!(icon);
        }
        json!({ "_id": id, "Type": "Card", "Props": props, "Content": [] })
    };
    let template = json!({
        "Head": { "Title": "CustomerManagedFormView",
                  "Configuration": { "Layout": { "Columns": ["10", "2"] } } },
        "Body": [
            { "_id": "FormContainer", "Type": "Container", "Props": {}, "Content": [
                card("cafe_card", "CafeCard", "CafeCard", Some("Cafe")),
                card("no_icon_card", "NoIconCard", "$.NoIconCardHeading", None) ] },
            { "_id": "button", "Type": "Button", "Props": { "Action": "Skip" }, "Content": ["Skip"] },
        ],
    });
    let schema = json!({ "type": "object", "properties": {
        "NoIconCardHeading": { "type": "string" } } });
    let id = new_id();
    let arn = format!(
        "arn:aws:connect:us-east-1:{}:instance/{}/view/{id}",
        crate::ACCOUNT_ID,
        crate::INSTANCE_ID
    );
    ShownView {
        view_id: format!("{arn}:1"),
        view_data: json!({ "NoIconCardHeading": "No Icon Card" }),
        view: view(
            &id,
            arn,
            "CustomerManagedCardsNoContainer",
            &["CardSelected", "Skip"],
            &schema,
            &template,
        ),
    }
}

/// The message content of a Show view block showing `shown` under `view_token`.
pub fn message(shown: &ShownView, view_token: &str) -> String {
    super::templates::interactive(
        "ViewResource",
        json!({ "viewId": shown.view_id, "viewToken": view_token, "viewData": shown.view_data }),
    )
}
