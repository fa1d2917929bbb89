//! The AWS-managed Form view, from the inputs its documentation gives it
//! (view-resources-managed-view.html): `Heading`, `SubHeading`, `AttributeBar`, `ErrorText`,
//! `Sections` of `FormSection` (inputs) or `DataSection` (read-only values), with items
//! `FormInput {InputType, Label, Name, DefaultValue, Required}`, `DatePicker`, `TimeInput`
//! and layout wrappers `{LayoutConfiguration, Items}`; `Next {Label}` submits, `Cancel` and
//! `Back` answer with their own names. Submitting answers `Submit` with
//! `{"FormData": {name: value}}`, once every required field is filled and every email or
//! number field reads as one.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use serde_json::{json, Map, Value};
use wasm_bindgen::JsCast;

use super::i18n::Locale;
use super::show_view::{attribute_bar, headings, text, unavailable, ViewCtx};
use super::state::Intent;
use super::{use_dispatch, use_state};

/// Forms drawn so far: each form's field ids are unique on the page.
static FORMS: AtomicUsize = AtomicUsize::new(0);

/// One input of the form.
#[derive(Clone)]
struct Field {
    name: String,
    input_type: &'static str,
    required: bool,
    value: RwSignal<String>,
    /// The message shown under the field, once a submit found it wrong.
    error: RwSignal<Option<String>>,
}

impl Field {
    /// Why the value cannot be sent, if it cannot.
    fn problem(&self, label: &str, locale: Locale) -> Option<String> {
        let value = self.value.get_untracked();
        let value = value.trim();
        if value.is_empty() {
            return self.required.then(|| locale.fmt("view_required", label));
        }
        let wrong = match self.input_type {
            "email" => !value.contains('@') || value.starts_with('@') || value.ends_with('@'),
            "number" => value.parse::<f64>().is_err(),
            _ => false,
        };
        wrong.then(|| locale.fmt("view_invalid", label))
    }
}

/// The `<input type>` for an item: `FormInput`'s `InputType` when it is one the browser
/// draws safely, `date` and `time` for the pickers.
fn input_type(kind: &str, item: &Map<String, Value>) -> Option<&'static str> {
    Some(match kind {
        "DatePicker" => "date",
        "TimeInput" | "TimePicker" => "time",
        "FormInput" => match item
            .get("InputType")
            .and_then(Value::as_str)
            .unwrap_or("text")
        {
            "email" => "email",
            "number" => "number",
            "tel" | "phone" => "tel",
            "password" => "password",
            "url" => "url",
            "date" => "date",
            "time" => "time",
            _ => "text",
        },
        _ => return None,
    })
}

fn is_required(item: &Map<String, Value>) -> bool {
    ["Required", "required", "IsRequired"]
        .iter()
        .any(|k| item.get(*k).and_then(Value::as_bool) == Some(true))
}

/// The items of a section (layout wrappers flattened), drawn; the fields they hold are
/// added to `fields`.
fn items(
    list: Option<&Value>,
    editable: bool,
    view_id: &str,
    fields: &mut Vec<(String, Field)>,
    ctx: ViewCtx,
) -> Vec<AnyView> {
    // What the customer typed before the window was minimized.
    let kept = use_state().form_values.get_untracked();
    let mut out = Vec::new();
    for item in list.and_then(Value::as_array).into_iter().flatten() {
        let Some(item) = item.as_object() else {
            continue;
        };
        let kind = item.get("Type").and_then(Value::as_str).unwrap_or("");
        if kind.is_empty() && item.contains_key("Items") {
            out.extend(items(item.get("Items"), editable, view_id, fields, ctx));
            continue;
        }
        let label = text(item.get("Label"))
            .or_else(|| text(item.get("Name")))
            .unwrap_or_default();
        let name = text(item.get("Name"));
        match (input_type(kind, item), name, editable) {
            (Some(input_type), Some(name), true) => {
                let kept = kept.get(&form_field(ctx, &name)).cloned();
                let field = Field {
                    name: name.clone(),
                    input_type,
                    required: is_required(item),
                    value: RwSignal::new(
                        kept.or_else(|| text(item.get("DefaultValue")))
                            .unwrap_or_default(),
                    ),
                    error: RwSignal::new(None),
                };
                out.push(field_view(&field, &label, view_id, fields.len(), ctx));
                fields.push((label, field));
            }
            // A read-only value: its label and value (or default) as text.
            (_, _, _) if item.contains_key("Value") || item.contains_key("DefaultValue") => {
                let value = text(item.get("Value"))
                    .or_else(|| text(item.get("DefaultValue")))
                    .unwrap_or_default();
                out.push(
                    view! {
                        <div class="cc-view-attr"><dt>{label}</dt><dd>{value}</dd></div>
                    }
                    .into_any(),
                );
            }
            _ => out.push(unavailable(ctx.locale, false)),
        }
    }
    out
}

/// The key a field's value is kept under in the state ([`Intent::FormValue`]).
fn form_field(ctx: ViewCtx, name: &str) -> String {
    format!("view/{}/{name}", ctx.token.get_value())
}

fn field_view(field: &Field, label: &str, view_id: &str, index: usize, ctx: ViewCtx) -> AnyView {
    let dispatch = use_dispatch();
    let key = form_field(ctx, &field.name);
    let id = format!("cc-view-{view_id}-{index}");
    let error_id = format!("{id}-error");
    let Field {
        input_type,
        required,
        value,
        error,
        ..
    } = field.clone();
    let described = error_id.clone();
    view! {
        <div class="cc-view-field">
            <label for=id.clone()>
                {label.to_owned()}
                {required.then(|| view! { <span aria-hidden="true">" *"</span> })}
            </label>
            <input id=id type=input_type name=field.name.clone() required=required
                prop:value=move || value.get()
                aria-invalid=move || error.with(|e| e.is_some().then_some("true"))
                aria-describedby=move || error.with(|e| e.is_some().then(|| described.clone()))
                disabled=ctx.disabled()
                on:input=move |e| {
                    let text = event_target_value(&e);
                    value.set(text.clone());
                    error.set(None);
                    dispatch.send(Intent::FormValue { field: key.clone(), value: text });
                } />
            {move || error.get().map(|e| view! {
                <span class="cc-view-error" id=error_id.clone() role="alert">{e}</span>
            })}
        </div>
    }
    .into_any()
}

/// The Form view.
pub fn form(props: &Map<String, Value>, ctx: ViewCtx) -> AnyView {
    let view_id = FORMS.fetch_add(1, Ordering::Relaxed).to_string();
    let mut fields = Vec::new();
    let sections = props
        .get("Sections")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .map(|section| {
            let editable = section.get("Type").and_then(Value::as_str) != Some("DataSection")
                && section.get("isEditable").and_then(Value::as_bool) != Some(false);
            let heading = text(section.get("Heading"));
            let parts = items(section.get("Items"), editable, &view_id, &mut fields, ctx);
            view! {
                <fieldset class="cc-view-section">
                    {heading.map(|h| view! { <legend>{h}</legend> })}
                    {parts}
                </fieldset>
            }
        })
        .collect::<Vec<_>>();
    let error_text = props.get("ErrorText").filter(|v| v.is_object()).map(|e| {
        let header = text(e.get("Header"));
        let content = text(e.get("Content"));
        view! { <div class="cc-view-error" role="alert"><strong>{header}</strong> " " {content}</div> }
    });
    let submit_label = props
        .get("Next")
        .and_then(|n| text(n.get("Label")))
        .unwrap_or_else(|| ctx.locale.t("view_submit").to_owned());
    let root = NodeRef::<leptos::html::Div>::new();
    let fields = StoredValue::new(fields);
    let submit = move || {
        let mut valid = true;
        fields.with_value(|fields| {
            for (label, field) in fields {
                let problem = field.problem(label, ctx.locale);
                valid &= problem.is_none();
                field.error.set(problem);
            }
        });
        if !valid {
            // Move focus to the first field to mend.
            let first = root
                .get_untracked()
                .and_then(|r| r.query_selector("[aria-invalid=true]").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(input) = first {
                let _ = input.focus();
            }
            return;
        }
        let data: Map<String, Value> = fields.with_value(|fields| {
            fields
                .iter()
                .map(|(_, f)| (f.name.clone(), json!(f.value.get_untracked())))
                .collect()
        });
        ctx.reply
            .run(("Submit".to_owned(), json!({ "FormData": data })));
    };
    view! {
        // Enter in a field submits, as it would in a form of the page's own.
        <div class="cc-view-form" node_ref=root on:keydown=move |e: web_sys::KeyboardEvent| {
            let in_field = e
                .target()
                .is_some_and(|t| t.has_type::<web_sys::HtmlInputElement>());
            if e.key() == "Enter" && in_field && !untrack(ctx.disabled()) {
                e.prevent_default();
                submit();
            }
        }>
            {headings(props)}
            {attribute_bar(props)}
            {error_text}
            {sections}
            <div class="cc-choices">
                <button type="button" class="cc-view-action cc-primary" disabled=ctx.disabled()
                    on:click=move |_| submit()>
                    {submit_label}
                </button>
                {ctx.member_button(props, "Cancel")}
                {ctx.member_button(props, "Back")}
            </div>
        </div>
    }
    .into_any()
}
