//! The AWS-managed Confirmation, Cards, Detail and List views, from the inputs their
//! documentation gives them (view-resources-managed-view.html). What they answer:
//! - Confirmation: `Next` with `{"actionName":"Next","Label":<label>}`;
//! - Cards: a card's summary opens its detail, whose actions answer `ActionSelected` with
//!   `{"actionName":<action>}`; `NoMatchFound` and `Back` answer with their own names;
//! - Detail: its `Actions` answer `ActionSelected` with `{"actionName":<action>}`;
//! - List: an item with an `Id` answers `ActionSelected` with `{"actionName":<Id>}`; an item
//!   without one is read only.

use leptos::prelude::*;
use serde_json::{json, Map, Value};

use super::show_view::{attribute_bar, headings, paragraphs, text, ViewCtx};

/// `ActionSelected` buttons, one per action name in `actions`.
fn selected_actions(actions: Option<&Value>, ctx: ViewCtx) -> Vec<AnyView> {
    actions
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| text(Some(a)))
        .map(|a| ctx.action_button(a.clone(), "ActionSelected", json!({ "actionName": a })))
        .collect()
}

fn section_text(value: Option<&Value>) -> Vec<AnyView> {
    paragraphs(value)
        .into_iter()
        .map(|p| view! { <p class="cc-view-text">{p}</p> }.into_any())
        .collect()
}

/// The Confirmation view.
pub fn confirmation(props: &Map<String, Value>, ctx: ViewCtx) -> AnyView {
    let graphic = props
        .get("Graphic")
        .and_then(|g| g.get("Include"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let label = props
        .get("Next")
        .and_then(|n| text(n.get("Label")))
        .unwrap_or_else(|| ctx.locale.t("view_next").to_owned());
    let next = ctx.action_button(
        label.clone(),
        "Next",
        json!({ "actionName": "Next", "Label": label }),
    );
    view! {
        <div class="cc-view-confirmation">
            {graphic.then(|| view! { <span class="cc-view-graphic" aria-hidden="true">"✓"</span> })}
            {headings(props)}
            {attribute_bar(props)}
            <div class="cc-choices">{next}</div>
        </div>
    }
    .into_any()
}

/// The Cards view: summaries, then the chosen card's detail and its actions.
pub fn cards(props: &Map<String, Value>, ctx: ViewCtx) -> AnyView {
    let cards: Vec<Value> = props
        .get("Cards")
        .or_else(|| props.get("Sections"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let cards = StoredValue::new(cards);
    let open = RwSignal::new(None::<usize>);
    let no_match = props.get("NoMatchFound").is_some();
    let back = props.get("Back").is_some();
    let members = StoredValue::new(props.clone());
    // The pressed card or Back goes with the view it was in: focus goes to the other one.
    let refocus = super::focus::use_refocus();
    let open_card = move |card: Option<usize>| {
        let target = match card {
            Some(_) => ".cc-view-detail .cc-link-button".to_owned(),
            None => format!(
                ".cc-view-cards > :nth-child({})",
                open.get_untracked().unwrap_or(0) + 1
            ),
        };
        open.set(card);
        refocus.to(&target);
    };
    let summaries = move || {
        let buttons = cards.with_value(|cards| {
            cards
                .iter()
                .enumerate()
                .map(|(i, card)| {
                    let summary = card.get("Summary").unwrap_or(card);
                    let heading = text(summary.get("Heading")).unwrap_or_default();
                    let status = text(summary.get("Status"));
                    let description = text(summary.get("Description"));
                    view! {
                        <button type="button" class="cc-view-card" disabled=ctx.disabled()
                            on:click=move |_| open_card(Some(i))>
                            <strong>{heading}</strong>
                            {status.map(|s| view! { <span class="cc-view-status">{s}</span> })}
                            {description.map(|d| view! { <span class="cc-subtitle">{d}</span> })}
                        </button>
                    }
                })
                .collect::<Vec<_>>()
        });
        let others = members.with_value(|p| {
            (
                no_match
                    .then(|| ctx.member_button(p, "NoMatchFound"))
                    .flatten(),
                back.then(|| ctx.member_button(p, "Back")).flatten(),
            )
        });
        view! {
            <div class="cc-view-cards">{buttons}</div>
            <div class="cc-choices">{others.0}{others.1}</div>
        }
        .into_any()
    };
    let detail = move |i: usize| {
        let detail = cards.with_value(|c| c.get(i).and_then(|c| c.get("Detail")).cloned());
        let detail = detail.unwrap_or(Value::Null);
        let heading = text(detail.get("Heading"));
        let description = text(detail.get("Description"));
        view! {
            <div class="cc-view-detail">
                {heading.map(|h| view! { <h4 class="cc-view-heading">{h}</h4> })}
                {description.map(|d| view! { <p class="cc-subtitle">{d}</p> })}
                {section_text(detail.get("Sections"))}
                <div class="cc-choices">
                    {selected_actions(detail.get("Actions"), ctx)}
                    <button type="button" class="cc-link-button" disabled=ctx.disabled()
                        on:click=move |_| open_card(None)>
                        {ctx.locale.t("view_back")}
                    </button>
                </div>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="cc-view-cardset">
            {headings(props)}
            {attribute_bar(props)}
            {move || match open.get() {
                Some(i) => detail(i),
                None => summaries(),
            }}
        </div>
    }
    .into_any()
}

/// The Detail view.
pub fn detail(props: &Map<String, Value>, ctx: ViewCtx) -> AnyView {
    view! {
        <div class="cc-view-detail">
            {headings(props)}
            {attribute_bar(props)}
            {section_text(props.get("Sections"))}
            <div class="cc-choices">
                {selected_actions(props.get("Actions"), ctx)}
                {ctx.member_button(props, "Back")}
            </div>
        </div>
    }
    .into_any()
}

/// The List view.
pub fn list(props: &Map<String, Value>, ctx: ViewCtx) -> AnyView {
    let items = props
        .get("Items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|item| {
            let heading = text(item.get("Heading")).unwrap_or_default();
            let description = text(item.get("Description"));
            let body = view! {
                <strong>{heading}</strong>
                {description.map(|d| view! { <span class="cc-subtitle">{d}</span> })}
            };
            match text(item.get("Id")) {
                Some(id) => view! {
                    <li>
                        <button type="button" class="cc-view-card" disabled=ctx.disabled()
                            on:click=move |_| ctx.reply.run((
                                "ActionSelected".to_owned(),
                                json!({ "actionName": id }),
                            ))>
                            {body}
                        </button>
                    </li>
                }
                .into_any(),
                None => view! { <li class="cc-view-item">{body}</li> }.into_any(),
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="cc-view-list">
            {headings(props)}
            {attribute_bar(props)}
            <ul class="cc-view-items">{items}</ul>
            <div class="cc-choices">{ctx.member_button(props, "Back")}</div>
        </div>
    }
    .into_any()
}
