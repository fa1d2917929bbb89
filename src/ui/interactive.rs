//! Interactive messages: list picker, panel, time picker, quick reply, carousel, view.
//!
//! Every title and subtitle is shown as text. A choice sends the reply the template defines;
//! after one choice the buttons are disabled.

use connect_participant::interactive::{InteractiveMessage, Picker, Template};
use connect_participant::SendMessage;
use leptos::prelude::*;

use super::state::Intent;
use super::{use_dispatch, use_state};

/// An interactive message, or its raw text when it cannot be read.
#[component]
pub fn InteractiveView(
    /// The message content (JSON).
    content: String,
    /// Whether the customer sent it (then it is not actionable).
    mine: bool,
) -> impl IntoView {
    let dispatch = use_dispatch();
    let state = use_state();
    let chosen = RwSignal::new(false);
    let send = move |reply: Result<SendMessage, connect_participant::Error>| match reply {
        Ok(reply) => {
            chosen.set(true);
            dispatch.send(Intent::Send {
                content_type: reply.content_type,
                content: reply.content,
            });
        }
        Err(e) => state.notice.set(Some(e.to_string())),
    };
    let disabled = move || mine || chosen.get();
    let message = match InteractiveMessage::parse(&content) {
        Ok(m) => m,
        // Unreadable: show what arrived, as text.
        Err(_) => return view! { <p>{content}</p> }.into_any(),
    };
    let template_type = message.template_type.clone();
    match message.template {
        Template::ListPicker(p) | Template::Panel(p) => {
            picker(p, template_type, send, disabled).into_any()
        }
        Template::QuickReply(q) => {
            let buttons = q
                .elements
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let q = q.clone();
                    view! {
                        <button type="button" disabled=disabled on:click=move |_| send(q.select(i))>
                            {e.title.clone()}
                        </button>
                    }
                })
                .collect::<Vec<_>>();
            view! { <p>{q.title.clone()}</p> <div class="cc-choices">{buttons}</div> }.into_any()
        }
        Template::TimePicker(t) => {
            let buttons = t
                .timeslots
                .iter()
                .enumerate()
                .map(|(i, slot)| {
                    let t = t.clone();
                    let label = slot_label(&slot.date, slot.duration);
                    view! {
                        <button type="button" disabled=disabled on:click=move |_| send(t.select(i))>
                            {label}
                        </button>
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <p>{t.title.clone()}</p>
                {t.subtitle.clone().map(|s| view! { <p class="cc-subtitle">{s}</p> })}
                <div class="cc-choices">{buttons}</div>
            }
            .into_any()
        }
        Template::Carousel(c) => {
            let cards = c
                .elements
                .iter()
                .enumerate()
                .map(|(card, element)| {
                    let body = match &element.template {
                        Template::ListPicker(p) | Template::Panel(p) => {
                            let buttons = p
                                .elements
                                .iter()
                                .enumerate()
                                .map(|(option, e)| {
                                    let c = c.clone();
                                    view! {
                                        <button type="button" disabled=disabled
                                            on:click=move |_| send(c.select(card, option))>
                                            {e.title.clone()}
                                        </button>
                                    }
                                })
                                .collect::<Vec<_>>();
                            view! {
                                <strong>{p.title.clone()}</strong>
                                {p.subtitle.clone().map(|s| view! { <p class="cc-subtitle">{s}</p> })}
                                <div class="cc-choices">{buttons}</div>
                            }
                            .into_any()
                        }
                        _ => ().into_any(),
                    };
                    view! { <div class="cc-card">{body}</div> }
                })
                .collect::<Vec<_>>();
            view! { <p>{c.title.clone()}</p> <div class="cc-carousel">{cards}</div> }.into_any()
        }
        Template::ViewResource(v) => view! {
            <p>{v.title.clone().unwrap_or_default()}</p>
            {v.subtitle.clone().map(|s| view! { <p class="cc-subtitle">{s}</p> })}
            {v.view_token.clone().map(|token| view! { <super::show_view::ShowView view_token=token mine=mine /> })}
        }
        .into_any(),
        Template::Unknown => view! { <p>{content}</p> }.into_any(),
    }
}

fn picker(
    p: Picker,
    template_type: String,
    send: impl Fn(Result<SendMessage, connect_participant::Error>) + Copy + 'static,
    disabled: impl Fn() -> bool + Copy + Send + 'static,
) -> impl IntoView {
    let buttons = p
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let p = p.clone();
            let template_type = template_type.clone();
            view! {
                <button type="button" disabled=disabled
                    on:click=move |_| send(p.select(i, &template_type))>
                    {e.title.clone()}
                    {e.subtitle.clone().map(|s| view! { <span class="cc-subtitle">" — " {s}</span> })}
                </button>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <p>{p.title.clone()}</p>
        {p.subtitle.clone().map(|s| view! { <p class="cc-subtitle">{s}</p> })}
        <div class="cc-choices" role="group">{buttons}</div>
    }
}

/// A time slot for people: the ISO date as the browser's local date and time, and the length.
fn slot_label(date: &str, duration: Option<i64>) -> String {
    let when = match connect_participant::time::parse_iso8601(date) {
        Some(ms) => {
            let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
            format!(
                "{:04}-{:02}-{:02} {}",
                d.get_full_year(),
                d.get_month() + 1,
                d.get_date(),
                super::clock_time(ms)
            )
        }
        None => date.to_owned(),
    };
    match duration {
        Some(seconds) if seconds > 0 => format!("{when} ({} min)", seconds / 60),
        _ => when,
    }
}
