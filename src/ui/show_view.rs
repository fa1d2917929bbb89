//! ShowView: a view fetched with DescribeView, rendered natively (no remote script or HTML).
//!
//! The view's template is JSON (`{"Head":{"Title"},"Body":[{"_id","Type","Props"}]}`). Text
//! components show as text and input components as labelled fields; the view's actions are
//! buttons. Choosing an action sends an interactive response
//! `{"templateType":"ViewResource","version":"1.0","data":{"viewToken","action","output"}}`
//! with the fields' values. Components this version does not know show their label only.

use leptos::prelude::*;
use serde_json::{json, Value};

use super::state::Intent;
use super::{use_dispatch, use_state};

/// One field of the form: its id and label.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Title(String),
    Text(String),
    Input { id: String, label: String },
}

/// The parts of a view template, in order; unreadable templates give no parts.
pub fn parts(template: &str) -> Vec<Part> {
    let Ok(value) = serde_json::from_str::<Value>(template) else {
        return Vec::new();
    };
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let mut out = Vec::new();
    if let Some(title) = text(value.pointer("/Head/Title")) {
        out.push(Part::Title(title));
    }
    for component in value
        .get("Body")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let kind = component.get("Type").and_then(Value::as_str).unwrap_or("");
        let props = component.get("Props");
        let prop = |name: &str| text(props.and_then(|p| p.get(name)));
        let id = text(component.get("_id")).unwrap_or_default();
        if kind.contains("Input") || kind.contains("Field") {
            let label = prop("Label").unwrap_or_else(|| id.clone());
            out.push(Part::Input { id, label });
        } else if let Some(t) = prop("Content")
            .or_else(|| prop("Text"))
            .or_else(|| prop("Label"))
        {
            out.push(Part::Text(t));
        }
    }
    out
}

/// A ShowView view, fetched on first display.
#[component]
pub fn ShowView(
    /// The token from the interactive message.
    view_token: String,
    /// Whether the customer sent the message (then it is not actionable).
    mine: bool,
    /// Whether the customer answered the message: set here by an action, after which the
    /// view is disabled.
    answered: RwSignal<bool>,
) -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    if !state.views.with_untracked(|v| v.contains_key(&view_token)) && !mine {
        dispatch.send(Intent::DescribeView {
            view_token: view_token.clone(),
        });
    }
    move || {
        let token = view_token.clone();
        let view = state.views.with(|v| v.get(&token).cloned())?;
        let content = view.content.unwrap_or_default();
        let parts = parts(content.template.as_deref().unwrap_or(""));
        let values: Vec<(String, RwSignal<String>)> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Input { id, .. } => Some((id.clone(), RwSignal::new(String::new()))),
                _ => None,
            })
            .collect();
        let rendered = parts
            .into_iter()
            .map(|part| match part {
                Part::Title(t) => view! { <strong>{t}</strong> }.into_any(),
                Part::Text(t) => view! { <p>{t}</p> }.into_any(),
                Part::Input { id, label } => {
                    let value = values.iter().find(|(i, _)| *i == id).map(|(_, v)| *v);
                    view! {
                        <label class="cc-view-field">
                            {label}
                            <input type="text" disabled=move || answered.get() || mine
                                on:input=move |e| { if let Some(v) = value { v.set(event_target_value(&e)); } } />
                        </label>
                    }
                    .into_any()
                }
            })
            .collect::<Vec<_>>();
        let buttons = content
            .actions
            .unwrap_or_default()
            .into_iter()
            .map(|action| {
                let values = values.clone();
                let token = token.clone();
                let label = action.clone();
                view! {
                    <button type="button" disabled=move || answered.get() || mine on:click=move |_| {
                        let output: serde_json::Map<String, Value> = values
                            .iter()
                            .map(|(id, v)| (id.clone(), json!(v.get_untracked())))
                            .collect();
                        answered.set(true);
                        dispatch.send(Intent::Send {
                            content_type: connect_participant::content::INTERACTIVE_RESPONSE.into(),
                            content: json!({
                                "templateType": "ViewResource", "version": "1.0",
                                "data": { "viewToken": token, "action": action, "output": output },
                            })
                            .to_string(),
                        });
                    }>
                        {label}
                    </button>
                }
            })
            .collect::<Vec<_>>();
        Some(view! {
            <div class="cc-view">{rendered}<div class="cc-choices">{buttons}</div></div>
        })
    }
}
