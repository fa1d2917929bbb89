//! A ShowView view's definition as DescribeView returns it, read into a tree.
//!
//! DescribeView's `View.Content` holds `Template` and `InputSchema` as JSON **strings**, and
//! `Actions`, the actions the view may answer with (the official interface parses the two
//! strings, `ChatSession.js:647-659`). A template follows the custom-view syntax of the AWS
//! documentation: `{"Head":{"Title","Configuration"},"Body":[component...]}`, a component
//! being `{"_id","Type","Props":{...},"Content":[components or strings]}`. A prop whose value
//! is the string `"$.Name"` is bound to the view's input member `Name` (from the message's
//! `viewData`, [`super::ViewResource::input`]); an action can sit on a component as
//! `Props.Action`. Rendering is the UI's: unknown component types are kept, with their
//! `Type` as it came.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::model::View;

/// A view's definition: its template, input schema and actions.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewDefinition {
    pub template: ViewTemplate,
    /// The JSON Schema of the view's input, as it came.
    pub input_schema: Value,
    /// The actions the view may answer with.
    pub actions: Vec<String>,
}

/// `{"Head","Body"}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewTemplate {
    /// `Head.Title`.
    pub title: Option<String>,
    /// `Head.Configuration` (layout), as it came.
    pub configuration: Option<Value>,
    pub body: Vec<Component>,
}

/// One component: `{"_id","Type","Props","Content"}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Component {
    /// `_id`.
    pub id: Option<String>,
    /// `Type`: `Container`, `Card`, `Button`, `Form`... as it came.
    pub kind: String,
    pub props: Map<String, Value>,
    pub content: Vec<Node>,
}

/// What a component holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Component(Component),
    Text(String),
}

fn decode(reason: impl Into<String>) -> Error {
    Error::Decode {
        what: "view",
        reason: reason.into(),
    }
}

/// A member that is JSON in a string (or, tolerantly, JSON already).
fn embedded(value: Option<&String>, what: &str) -> Result<Value, Error> {
    match value {
        Some(text) => serde_json::from_str(text).map_err(|e| decode(format!("{what}: {e}"))),
        None => Ok(Value::Null),
    }
}

impl ViewDefinition {
    /// Reads DescribeView's `View`. A view without a template, or whose template or schema
    /// is not JSON, is an error.
    pub fn from_view(view: &View) -> Result<ViewDefinition, Error> {
        let content = view.content.as_ref().ok_or_else(|| decode("no Content"))?;
        let template = embedded(content.template.as_ref(), "Template")?;
        if template.is_null() {
            return Err(decode("no Template"));
        }
        Ok(ViewDefinition {
            template: ViewTemplate::from_value(&template)?,
            input_schema: embedded(content.input_schema.as_ref(), "InputSchema")?,
            actions: content.actions.clone().unwrap_or_default(),
        })
    }
}

impl ViewTemplate {
    /// Reads a template's JSON.
    pub fn from_value(value: &Value) -> Result<ViewTemplate, Error> {
        let object = value.as_object().ok_or_else(|| decode("not an object"))?;
        let head = object.get("Head");
        let body = match object.get("Body") {
            Some(Value::Array(items)) => items.iter().filter_map(Component::from_value).collect(),
            Some(single @ Value::Object(_)) => Component::from_value(single).into_iter().collect(),
            _ => Vec::new(),
        };
        Ok(ViewTemplate {
            title: head
                .and_then(|h| h.get("Title"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            configuration: head.and_then(|h| h.get("Configuration")).cloned(),
            body,
        })
    }

    /// Every component with an action (`Props.Action`), depth first.
    pub fn actions(&self) -> Vec<&Component> {
        let mut found = Vec::new();
        for component in &self.body {
            component.collect_actions(&mut found);
        }
        found
    }
}

impl Component {
    /// A component from its JSON; `None` for what is not an object with a `Type`.
    fn from_value(value: &Value) -> Option<Component> {
        let object = value.as_object()?;
        let kind = object.get("Type")?.as_str()?.to_owned();
        let content = match object.get("Content") {
            Some(Value::Array(items)) => items.iter().filter_map(Node::from_value).collect(),
            Some(other) => Node::from_value(other).into_iter().collect(),
            None => Vec::new(),
        };
        Some(Component {
            id: object.get("_id").and_then(Value::as_str).map(str::to_owned),
            kind,
            props: object
                .get("Props")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            content,
        })
    }

    /// The action this component answers with when chosen (`Props.Action`).
    pub fn action(&self) -> Option<&str> {
        self.props.get("Action").and_then(Value::as_str)
    }

    /// Prop `name`, with its `$.` bindings resolved from `input`.
    pub fn prop(&self, name: &str, input: &Value) -> Option<Value> {
        self.props.get(name).map(|v| bind(v, input))
    }

    /// This component with every `$.` binding in its props (and its children's) resolved
    /// from `input`.
    pub fn resolved(&self, input: &Value) -> Component {
        Component {
            id: self.id.clone(),
            kind: self.kind.clone(),
            props: self
                .props
                .iter()
                .map(|(k, v)| (k.clone(), bind(v, input)))
                .collect(),
            content: self
                .content
                .iter()
                .map(|node| match node {
                    Node::Component(c) => Node::Component(c.resolved(input)),
                    Node::Text(t) => Node::Text(t.clone()),
                })
                .collect(),
        }
    }

    fn collect_actions<'a>(&'a self, found: &mut Vec<&'a Component>) {
        if self.action().is_some() {
            found.push(self);
        }
        for node in &self.content {
            if let Node::Component(c) = node {
                c.collect_actions(found);
            }
        }
    }
}

impl Node {
    fn from_value(value: &Value) -> Option<Node> {
        match value {
            Value::String(text) => Some(Node::Text(text.clone())),
            other => Component::from_value(other).map(Node::Component),
        }
    }
}

/// `value` with every string `"$.Name"` (or `"$.A.B"`) in it replaced by that member of
/// `input` (`null` when the input has none).
///
/// ```
/// use connect_participant::interactive::bind;
/// let input = serde_json::json!({"Heading": "No Icon Card", "Next": {"Label": "Save"}});
/// assert_eq!(bind(&"$.Heading".into(), &input), "No Icon Card");
/// assert_eq!(bind(&"$.Next.Label".into(), &input), "Save");
/// assert_eq!(bind(&"Plain text".into(), &input), "Plain text");
/// ```
pub fn bind(value: &Value, input: &Value) -> Value {
    match value {
        Value::String(s) => match s.strip_prefix("$.") {
            Some(path) if !path.is_empty() => path
                .split('.')
                .try_fold(input, |at, member| at.get(member))
                .cloned()
                .unwrap_or(Value::Null),
            _ => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(|v| bind(v, input)).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), bind(v, input)))
                .collect(),
        ),
        other => other.clone(),
    }
}
