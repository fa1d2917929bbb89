//! The optional pre-chat form, validated before the chat starts.

use leptos::prelude::*;

use super::state::{Intent, Phase};
use super::{use_config, use_dispatch, use_state, PreChatField};

/// The form: a name (unless known) and the configured fields; "Start chat" starts.
#[component]
pub fn PreChatForm() -> impl IntoView {
    let state = use_state();
    let dispatch = use_dispatch();
    let config = use_config();
    let locale = config.locale;
    let mut fields: Vec<PreChatField> = Vec::new();
    if config.display_name.is_none() && !config.prechat.iter().any(|f| f.name == "name") {
        fields.push(PreChatField {
            name: "name".into(),
            label: locale.t("name_label").into(),
            required: true,
            input_type: "text".into(),
        });
    }
    fields.extend(config.prechat.iter().cloned());
    // What the customer typed before the window was minimized.
    let kept = state.form_values.get_untracked();
    let values: Vec<RwSignal<String>> = fields
        .iter()
        .map(|f| RwSignal::new(kept.get(&field_key(f)).cloned().unwrap_or_default()))
        .collect();
    // Each field's error, as the key of its words.
    let errors: Vec<RwSignal<Option<&'static str>>> =
        fields.iter().map(|_| RwSignal::new(None)).collect();
    let known_name = config.display_name.clone();
    let refocus = super::focus::use_refocus();
    let submit_fields = fields.clone();
    let submit_values = values.clone();
    let submit_errors = errors.clone();
    let on_submit = move |e: web_sys::SubmitEvent| {
        e.prevent_default();
        let mut ok = true;
        for ((field, value), error) in submit_fields.iter().zip(&submit_values).zip(&submit_errors)
        {
            let text = value.get_untracked();
            let text = text.trim();
            let problem = if text.is_empty() {
                field.required.then_some("required")
            } else if field.input_type == "email" && !is_email(text) {
                Some("invalid_email")
            } else {
                None
            };
            error.set(problem);
            ok &= problem.is_none();
        }
        if !ok {
            return;
        }
        let mut display_name = known_name.clone().unwrap_or_default();
        let mut attributes = Vec::new();
        for (field, value) in submit_fields.iter().zip(&submit_values) {
            let value = value.get_untracked().trim().to_owned();
            if field.name == "name" {
                display_name = value;
            } else if !value.is_empty() {
                attributes.push((field.name.clone(), value));
            }
        }
        // The projection shows Phase::Starting at once, which disables the form.
        dispatch.send(Intent::Start {
            display_name,
            attributes,
        });
        // The message box replaces the form once the chat runs.
        refocus.to(super::focus::COMPOSER);
    };
    let rows = fields
        .into_iter()
        .zip(values)
        .zip(errors)
        .enumerate()
        .map(|(i, ((field, value), error))| {
            let id = format!("cc-field-{i}");
            let error_id = format!("cc-field-{i}-error");
            let label_for = id.clone();
            let key = field_key(&field);
            view! {
                <label for=label_for>
                    {field.label.clone()}
                    <input
                        id=id
                        type=field.input_type.clone()
                        name=field.name.clone()
                        required=field.required
                        aria-invalid=move || error.get().is_some().to_string()
                        aria-describedby=error_id.clone()
                        prop:value=move || value.get()
                        on:input=move |e| {
                            let text = event_target_value(&e);
                            // Changed: checked again at the next submit.
                            if !text.trim().is_empty() {
                                error.set(None);
                            }
                            value.set(text.clone());
                            dispatch.send(Intent::FormValue { field: key.clone(), value: text });
                        }
                    />
                    <span id=error_id class="cc-error">
                        {move || error.get().map(|key| locale.t(key))}
                    </span>
                </label>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <form class="cc-form" on:submit=on_submit novalidate=true>
            {rows}
            <button class="cc-button" type="submit" disabled=move || state.phase.get() == Phase::Starting>
                {locale.t("start")}
            </button>
        </form>
    }
}

/// Whether `text` is an e-mail address by the rule browsers check `type=email` fields with
/// (HTML's "valid e-mail address"): the form is `novalidate`, so its errors speak the
/// widget's language rather than the browser's.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    local_ok && domain.split('.').all(label_ok)
}

/// The key a field's value is kept under in the state ([`Intent::FormValue`]).
fn field_key(field: &PreChatField) -> String {
    format!("prechat/{}", field.name)
}
