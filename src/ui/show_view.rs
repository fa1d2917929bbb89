//! ShowView: a view fetched with DescribeView, rendered natively (no remote script, no HTML).
//!
//! The official interface hands the view to Amazon's remote `connect-view-renderer` (ui
//! `InteractiveMessage.js:167-189`); here the template is read into a tree by the protocol
//! crate ([`ViewDefinition`]) and drawn by Leptos: the AWS-managed Form, Confirmation,
//! Cards, Detail and List from the inputs their documentation gives them
//! ([`super::view_form`], [`super::view_managed`]), a custom view's components
//! ([`super::view_custom`]). Every `$.` binding is filled from the message's `viewData`
//! ([`ViewResource::input`]). Text is text, never HTML.
//!
//! An action sends the protocol crate's envelope ([`view_action_reply`]), shown in the
//! customer's line as the action's name. The view is drawn only while it is the newest line
//! and unanswered; after that it collapses to its heading (the official interface removes it
//! altogether, `ChatSession.js:777-781`; the heading keeps the conversation readable). A view
//! that cannot be drawn says so, and the composer still answers it (the session wraps typed
//! text as the view's `" "` action).

use connect_participant::interactive::{view_action_reply, Component, ViewDefinition};
use connect_participant::model::View;
use leptos::prelude::*;
use serde_json::{json, Map, Value};

use super::i18n::Locale;
use super::state::Intent;
use super::{use_config, use_dispatch, use_state};

/// What every part of a drawn view shares: whether it can still be answered, how to answer,
/// the actions the view declares, and the locale.
#[derive(Clone, Copy)]
pub struct ViewCtx {
    /// The view can be answered now.
    pub active: Signal<bool>,
    /// Sends `(action, data)` as the view's answer.
    pub reply: Callback<(String, Value)>,
    pub locale: Locale,
    /// The view token: its form's values are kept under it while the window is minimized.
    pub token: StoredValue<String>,
}

impl ViewCtx {
    /// Whether the view's controls are disabled.
    pub fn disabled(self) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
        let active = self.active;
        move || !active.get()
    }

    /// A button that answers with `action` and `data`.
    pub fn action_button(self, label: String, action: &str, data: Value) -> AnyView {
        let action = action.to_owned();
        view! {
            <button type="button" class="cc-view-action" disabled=self.disabled()
                on:click=move |_| self.reply.run((action.clone(), data.clone()))>
                {label}
            </button>
        }
        .into_any()
    }

    /// The `{Label}` button of an input member such as `Back` or `Cancel`, answering with the
    /// member's name and `{"actionName": name}`; nothing when the input has no such member.
    pub fn member_button(self, props: &Map<String, Value>, name: &str) -> Option<AnyView> {
        let member = props.get(name).filter(|v| v.is_object())?;
        let label = text(member.get("Label")).unwrap_or_else(|| name.to_owned());
        Some(self.action_button(label, name, json!({ "actionName": name })))
    }
}

/// What stands for a view once it is folded, and in the transcript: its heading, else the
/// word "Form".
pub fn summary(input: &Value, locale: Locale) -> String {
    text(input.get("Heading")).unwrap_or_else(|| locale.t("view_form").to_owned())
}

/// A prop as text: a string, or a number or boolean written out; `None` for anything else.
pub fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A section's text: a string, `{"TemplateString"}`, or a list of either.
pub fn paragraphs(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().flat_map(|v| paragraphs(Some(v))).collect(),
        Some(Value::Object(o)) => text(o.get("TemplateString"))
            .or_else(|| text(o.get("Content")))
            .into_iter()
            .collect(),
        other => text(other).into_iter().collect(),
    }
}

/// `Heading` and `SubHeading` (or `Description`) of a view.
pub fn headings(props: &Map<String, Value>) -> AnyView {
    let heading = text(props.get("Heading"));
    let sub = text(props.get("SubHeading")).or_else(|| text(props.get("Description")));
    view! {
        {heading.map(|h| view! { <h3 class="cc-view-heading">{h}</h3> })}
        {sub.map(|s| view! { <p class="cc-subtitle">{s}</p> })}
    }
    .into_any()
}

/// The attribute bar: `[{Label, Value, Url?}]`, a link only for an http(s) `Url`.
pub fn attribute_bar(props: &Map<String, Value>) -> Option<AnyView> {
    let items = props.get("AttributeBar")?.as_array()?;
    let rows = items
        .iter()
        .filter_map(|item| {
            let label = text(item.get("Label"))?;
            let value = text(item.get("Value")).unwrap_or_default();
            let url = text(item.get("Url")).and_then(|u| super::interactive::web_url(&u));
            let value = match url {
                Some(href) => view! {
                    <a href=href target="_blank" rel="noopener noreferrer">{value}</a>
                }
                .into_any(),
                None => view! { <span>{value}</span> }.into_any(),
            };
            Some(view! { <div class="cc-view-attr"><dt>{label}</dt><dd>{value}</dd></div> })
        })
        .collect::<Vec<_>>();
    (!rows.is_empty()).then(|| view! { <dl class="cc-view-attrs">{rows}</dl> }.into_any())
}

/// A line saying a part of the view (or all of it) cannot be shown here.
pub fn unavailable(locale: Locale, whole: bool) -> AnyView {
    let key = if whole {
        "view_unavailable"
    } else {
        "view_part_unavailable"
    };
    view! { <p class="cc-view-note" role="note">{locale.t(key)}</p> }.into_any()
}

/// Whether `input` has every member the view's InputSchema requires.
fn has_required(schema: &Value, input: &Value) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .all(|name| input.get(name).is_some_and(|v| !v.is_null()))
}

/// The view drawn from its definition and input; the fallback line when nothing of it can be.
pub fn render(view: &View, input: &Value, ctx: ViewCtx) -> AnyView {
    let Ok(definition) = ViewDefinition::from_view(view) else {
        return unavailable(ctx.locale, true);
    };
    if definition.template.body.is_empty() || !has_required(&definition.input_schema, input) {
        return unavailable(ctx.locale, true);
    }
    let parts = definition
        .template
        .body
        .iter()
        .map(|c| component(&c.resolved(input), ctx))
        .collect::<Vec<_>>();
    // A view's words are the flow's, in whatever language it was written: they run in their
    // own direction, not the window's (an English form in an Arabic window reads left to right).
    view! {
        <div class="cc-view" role="group" dir="auto" aria-label=definition.template.title>{parts}</div>
    }
    .into_any()
}

/// One component: a managed view by its type, else a custom view's component.
pub fn component(c: &Component, ctx: ViewCtx) -> AnyView {
    match c.kind.as_str() {
        "Form" => super::view_form::form(&c.props, ctx),
        "Confirmation" => super::view_managed::confirmation(&c.props, ctx),
        "Cards" => super::view_managed::cards(&c.props, ctx),
        "Detail" => super::view_managed::detail(&c.props, ctx),
        "List" => super::view_managed::list(&c.props, ctx),
        _ => super::view_custom::custom(c, ctx),
    }
}

/// A ShowView view: fetched once it can be answered, drawn while it can, then its heading.
#[component]
pub fn ShowView(
    /// The token from the interactive message.
    view_token: String,
    /// The view's input (`viewData`, read as the official interface reads it).
    input: Value,
    /// Whether the customer sent the message (then it is not actionable).
    mine: bool,
    /// Whether the view is the newest line.
    #[prop(into)]
    answerable: Signal<bool>,
    /// Whether the customer answered it: set here by an action.
    answered: RwSignal<bool>,
) -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let locale = use_config().locale;
    let active = Signal::derive(move || !mine && answerable.get() && !answered.get());
    let refocus = super::focus::use_refocus();
    let reply = Callback::new(move |(action, data): (String, Value)| {
        answered.set(true);
        // Answered, the view folds to its heading: the message box goes on.
        refocus.to(super::focus::COMPOSER);
        let reply = view_action_reply(&action, Some(data));
        dispatch.send(Intent::Send {
            content_type: reply.content_type,
            content: reply.content,
        });
    });
    let ctx = ViewCtx {
        active,
        reply,
        locale,
        token: StoredValue::new(view_token.clone()),
    };
    let fetch_token = view_token.clone();
    Effect::new(move |_| {
        let known = state.views.with(|v| v.contains_key(&fetch_token));
        if active.get() && !known {
            dispatch.send(Intent::DescribeView {
                view_token: fetch_token.clone(),
            });
        }
    });
    let summary = summary(&input, locale);
    move || {
        if !active.get() {
            let summary = summary.clone();
            return Some(view! { <p class="cc-view-summary">{summary}</p> }.into_any());
        }
        let token = view_token.clone();
        let view = state.views.with(|v| v.get(&token).cloned())?;
        Some(render(&view, &input, ctx))
    }
}
