//! A custom view's components, in the syntax of the AWS documentation
//! (view-resources-custom-view.html): `Container` holds components, `Card`
//! (`Id, Heading, Icon, Status, Description, Action`) answers its `Action` with
//! `{"Heading","Id"}`, `Button` (`Action`, its text as `Content`) answers with
//! `{"action":"Button"}`, and text components show their text. A component this version does
//! not know still shows its text and its children, after a line saying part of the view
//! cannot be shown here; it is never the reason the whole view is refused.

use connect_participant::interactive::{Component, Node};
use leptos::prelude::*;
use serde_json::json;

use super::show_view::{component, text, unavailable, ViewCtx};

/// The component's string content, joined.
fn own_text(c: &Component) -> Option<String> {
    let joined = c
        .content
        .iter()
        .filter_map(|n| match n {
            Node::Text(t) => Some(t.as_str()),
            Node::Component(_) => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.trim().is_empty()).then_some(joined)
}

/// The component's children that are components, drawn.
fn children(c: &Component, ctx: ViewCtx) -> Vec<AnyView> {
    c.content
        .iter()
        .filter_map(|n| match n {
            Node::Component(child) => Some(component(child, ctx)),
            Node::Text(_) => None,
        })
        .collect()
}

/// A custom view's component.
pub fn custom(c: &Component, ctx: ViewCtx) -> AnyView {
    let prop = |name: &str| text(c.props.get(name));
    match c.kind.as_str() {
        "Container" | "Section" | "Grid" | "Column" | "Row" => {
            let label = own_text(c).map(|t| view! { <p class="cc-view-text">{t}</p> });
            view! { <div class="cc-view-container">{label}{children(c, ctx)}</div> }.into_any()
        }
        "Card" => {
            let heading = prop("Heading").unwrap_or_default();
            let status = prop("Status");
            let description = prop("Description");
            let body = view! {
                <strong>{heading.clone()}</strong>
                {status.map(|s| view! { <span class="cc-view-status">{s}</span> })}
                {description.map(|d| view! { <span class="cc-subtitle">{d}</span> })}
            };
            match c.action() {
                Some(action) => {
                    let action = action.to_owned();
                    let data = json!({ "Heading": heading, "Id": prop("Id").unwrap_or_default() });
                    view! {
                        <button type="button" class="cc-view-card" disabled=ctx.disabled()
                            on:click=move |_| ctx.reply.run((action.clone(), data.clone()))>
                            {body}
                        </button>
                    }
                    .into_any()
                }
                None => view! { <div class="cc-view-card">{body}</div> }.into_any(),
            }
        }
        "Button" => {
            let label = own_text(c)
                .or_else(|| prop("Label"))
                .or_else(|| c.action().map(str::to_owned))
                .unwrap_or_default();
            match c.action() {
                Some(action) => ctx.action_button(label, action, json!({ "action": "Button" })),
                None => unavailable(ctx.locale, false),
            }
        }
        "Text" | "TextContent" | "Paragraph" | "Heading" | "Header" | "Title" | "Label" => {
            let words = own_text(c)
                .or_else(|| prop("Content"))
                .or_else(|| prop("Text"))
                .or_else(|| prop("Heading"))
                .or_else(|| prop("Label"))
                .unwrap_or_default();
            view! { <p class="cc-view-text">{words}</p> }.into_any()
        }
        _ => unknown(c, ctx),
    }
}

/// A component this version does not know: a note, then its text and children.
fn unknown(c: &Component, ctx: ViewCtx) -> AnyView {
    let words = own_text(c)
        .or_else(|| text(c.props.get("Heading")))
        .or_else(|| text(c.props.get("Label")))
        .or_else(|| c.props.get("Content").and_then(|v| text(Some(v))));
    view! {
        {unavailable(ctx.locale, false)}
        {words.map(|t| view! { <p class="cc-view-text">{t}</p> })}
        {children(c, ctx)}
    }
    .into_any()
}
