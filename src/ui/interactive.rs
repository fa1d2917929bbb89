//! Interactive messages: list picker, panel, time picker, quick reply, carousel, view.
//!
//! Every title and subtitle is shown as text. A choice sends the reply the template defines;
//! after one choice the buttons are disabled. Images and links are used only when their URL
//! is http or https; a link option opens in a new tab and sends nothing.

use connect_participant::interactive::{
    InteractiveMessage, Location, Picker, PickerElement, Template,
};
use connect_participant::SendMessage;
use leptos::prelude::*;

use super::i18n::Locale;
use super::state::Intent;
use super::{line_settings, use_dispatch};
use crate::shell::clock::Style;

/// An interactive message, or its raw text when it cannot be read.
#[component]
pub fn InteractiveView(
    /// The message content (JSON).
    content: String,
    /// Whether the customer sent it (then it is not actionable).
    mine: bool,
    /// Whether the customer answered it: set here on a choice, after which the choices are
    /// disabled. It is the line's, so it lasts while the line scrolls out and back.
    answered: RwSignal<bool>,
    /// Whether it can be answered now: only the newest line can (the timeline says which).
    #[prop(into)]
    answerable: Signal<bool>,
) -> impl IntoView {
    let dispatch = use_dispatch();
    let locale = line_settings().0;
    let refocus = super::focus::use_refocus();
    // A page of a long list takes the focus its previous page lost.
    super::focus::settle_on_mount();
    let send = move |reply: Result<SendMessage, connect_participant::Error>, paging: bool| {
        match reply {
            Ok(reply) => {
                answered.set(true);
                dispatch.send(Intent::Send {
                    content_type: reply.content_type,
                    content: reply.content,
                });
                // The chosen button is disabled: focus goes to the message box, or after
                // "show more" to the page that replaces this one.
                refocus.to(if paging {
                    super::focus::CHOICE
                } else {
                    super::focus::COMPOSER
                });
            }
            Err(e) => dispatch.send(Intent::ShowNotice(e.to_string())),
        }
    };
    let disabled = move || mine || answered.get() || !answerable.get();
    let message = match InteractiveMessage::parse(&content) {
        Ok(m) => m,
        // Unreadable: show what arrived, as text.
        Err(_) => return view! { <p>{content}</p> }.into_any(),
    };
    let template_type = message.template_type.clone();
    match message.template {
        Template::ListPicker(p) | Template::Panel(p) => {
            picker(p, template_type, locale, send, disabled).into_any()
        }
        Template::QuickReply(q) => {
            let buttons = q
                .elements
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let q = q.clone();
                    view! {
                        <button type="button" disabled=disabled on:click=move |_| send(q.select(i), false)>
                            {e.title.clone()}
                        </button>
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <p>{q.title.clone()}</p>
                <div class="cc-choices" role="group" aria-label=q.title.clone()>{buttons}</div>
            }
            .into_any()
        }
        Template::TimePicker(t) => {
            let buttons = t
                .timeslots
                .iter()
                .enumerate()
                .map(|(i, slot)| {
                    let t = t.clone();
                    let label = slot_label(&slot.date, slot.duration, locale);
                    view! {
                        <button type="button" disabled=disabled on:click=move |_| send(t.select(i), false)>
                            {label}
                        </button>
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <p>{t.title.clone()}</p>
                {t.subtitle.clone().map(|s| view! { <p class="cc-subtitle">{s}</p> })}
                {t.location.as_ref().map(|l| view! {
                    <p class="cc-location">{locale.fmt("location", &place(l))}</p>
                })}
                <div class="cc-choices" role="group" aria-label=t.title.clone()>{buttons}</div>
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
                            let c = c.clone();
                            let choose = move |option: usize| c.select(card, option);
                            let buttons = options(&p.elements, locale, choose, send, disabled);
                            view! {
                                {image(p.image_type.as_deref(), p.image_data.as_deref(),
                                    p.image_description.as_deref(), &p.title, locale)}
                                <strong>{p.title.clone()}</strong>
                                {p.subtitle.clone().map(|s| view! { <p class="cc-subtitle">{s}</p> })}
                                <div class="cc-choices" role="group" aria-label=p.title.clone()>{buttons}</div>
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
        Template::ViewResource(v) => {
            let input = v.input().unwrap_or(serde_json::Value::Null);
            view! {
                {v.title.clone().map(|t| view! { <p>{t}</p> })}
                {v.subtitle.clone().map(|s| view! { <p class="cc-subtitle">{s}</p> })}
                {match v.view_token.clone() {
                    Some(token) => view! {
                        <super::show_view::ShowView view_token=token input=input mine=mine
                            answerable=answerable answered=answered />
                    }
                    .into_any(),
                    None => super::show_view::unavailable(locale, true),
                }}
            }
            .into_any()
        }
        Template::Unknown => view! { <p>{content}</p> }.into_any(),
    }
}

fn picker(
    p: Picker,
    template_type: String,
    locale: Locale,
    send: impl Fn(Result<SendMessage, connect_participant::Error>, bool) + Copy + 'static,
    disabled: impl Fn() -> bool + Copy + Send + 'static,
) -> impl IntoView {
    let chooser = p.clone();
    let choose = move |i: usize| chooser.select(i, &template_type);
    let buttons = options(&p.elements, locale, choose, send, disabled);
    view! {
        {image(p.image_type.as_deref(), p.image_data.as_deref(), p.image_description.as_deref(), &p.title, locale)}
        <p>{p.title.clone()}</p>
        {p.subtitle.clone().map(|s| view! { <p class="cc-subtitle">{s}</p> })}
        <div class="cc-choices" role="group" aria-label=p.title.clone()>{buttons}</div>
    }
}

/// One button per answer of a picker; a link option is an anchor that opens in a new tab
/// (only for http and https) and sends nothing.
fn options(
    elements: &[PickerElement],
    locale: Locale,
    choose: impl Fn(usize) -> Result<SendMessage, connect_participant::Error> + Clone + 'static,
    send: impl Fn(Result<SendMessage, connect_participant::Error>, bool) + Copy + 'static,
    disabled: impl Fn() -> bool + Copy + Send + 'static,
) -> Vec<AnyView> {
    elements
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let picture = image(
                e.image_type.as_deref(),
                e.image_data.as_deref(),
                e.image_description.as_deref(),
                &e.title,
                locale,
            );
            let subtitle = e
                .subtitle
                .clone()
                .map(|s| view! { <span class="cc-subtitle">{s}</span> });
            match e.link() {
                Some(url) => match web_url(url) {
                    Some(href) => {
                        let target = link_target(e.target.as_deref());
                        let new_tab = (target == "_blank")
                            .then(|| view! { <span class="cc-sr">" " {locale.t("new_tab")}</span> });
                        view! {
                            <a class="cc-choice-link" href=href target=target rel="noopener noreferrer">
                                {picture} {e.title.clone()} " " {subtitle} {new_tab}
                            </a>
                        }
                        .into_any()
                    }
                    // A link that is not http(s): its title as text, nothing to click.
                    None => view! {
                        <span class="cc-choice-link" aria-disabled="true">
                            {picture} {e.title.clone()} " " {subtitle}
                        </span>
                    }
                    .into_any(),
                },
                None => {
                    let choose = choose.clone();
                    let paging = e.is_action();
                    view! {
                        <button type="button" disabled=disabled on:click=move |_| send(choose(i), paging)>
                            {picture} {e.title.clone()} " " {subtitle}
                        </button>
                    }
                    .into_any()
                }
            }
        })
        .collect()
}

/// Where a link option opens: its `target` (ui `InteractiveMessage.js:265-276`) when it is
/// a browsing context keyword or a plain name, else `_blank`, the default.
fn link_target(target: Option<&str>) -> String {
    match target.map(str::trim) {
        Some(t)
            if !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c)) =>
        {
            t.to_owned()
        }
        _ => "_blank".to_owned(),
    }
}

/// A template image: only a URL image (`imageType` absent or `URL`) with an http(s) address,
/// described by `imageDescription`, else by the title.
fn image(
    kind: Option<&str>,
    data: Option<&str>,
    description: Option<&str>,
    title: &str,
    locale: Locale,
) -> Option<AnyView> {
    if kind.is_some_and(|k| !k.eq_ignore_ascii_case("URL")) {
        return None;
    }
    let src = web_url(data?)?;
    let alt = description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .or(Some(title.trim()).filter(|t| !t.is_empty()))
        .unwrap_or(locale.t("image"))
        .to_owned();
    Some(
        view! {
            <img class="cc-choice-img" src=src alt=alt loading="lazy" referrerpolicy="no-referrer"
                style:max-width="100%" style:max-height="160px" style:display="block" />
        }
        .into_any(),
    )
}

/// `url` when it is an absolute http or https address, else `None` (`javascript:`, `data:`,
/// relative paths and anything with control characters or spaces are refused).
pub fn web_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let (scheme, rest) = url.split_once(':')?;
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    (web && rest.starts_with("//") && rest.len() > 2).then(|| url.to_owned())
}

/// A TimePicker location for people: its title, else its coordinates.
fn place(location: &Location) -> String {
    match location.title.as_deref().map(str::trim) {
        Some(title) if !title.is_empty() => title.to_owned(),
        _ => format!("{:.5}, {:.5}", location.latitude, location.longitude),
    }
}

/// A time slot for people: the ISO date as the locale writes a date and time in the customer's
/// time zone, and the length.
pub(super) fn slot_label(date: &str, duration: Option<i64>, locale: Locale) -> String {
    let when = match connect_participant::time::parse_iso8601(date) {
        Some(ms) => crate::shell::clock::local_time(locale.tag(), ms, Style::DateTime),
        None => date.to_owned(),
    };
    // A slot's duration is in minutes.
    match duration {
        Some(minutes) if minutes > 0 => {
            let length = locale.fmt("minutes", &minutes.to_string());
            format!("{when} ({length})")
        }
        _ => when,
    }
}
