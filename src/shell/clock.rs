//! Moments written for people: `Intl.DateTimeFormat` in the widget's locale and the
//! customer's time zone.
//!
//! Building a formatter costs far more than using one, and a long chat writes thousands of
//! times, so each (locale, style) gets one formatter, kept for the life of the page.

use std::cell::RefCell;

use connect_participant::time::Millis;
use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

/// How much of a moment is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The time of day: `14:05`, `2:05 PM`, `2:05 م`.
    Time,
    /// The date and the time of day: `1 Dec 2026, 14:05`.
    DateTime,
}

impl Style {
    fn options(self) -> Object {
        let options = Object::new();
        let set = |k: &str, v: &str| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&options, &k.into(), &v.into());
        };
        match self {
            Style::Time => {
                set("hour", "numeric");
                set("minute", "2-digit");
            }
            Style::DateTime => {
                set("dateStyle", "medium");
                set("timeStyle", "short");
            }
        }
        options
    }
}

thread_local! {
    /// The formatters made so far: `format` functions bound to their formatter.
    static FORMATS: RefCell<Vec<(&'static str, Style, Function)>> = const { RefCell::new(Vec::new()) };
}

/// `at` written as `locale` (one of the widget's BCP 47 tags) writes it, in `style`.
pub fn local_time(locale: &'static str, at: Millis, style: Style) -> String {
    let format = FORMATS.with_borrow_mut(|formats| {
        if let Some((.., format)) = formats
            .iter()
            .find(|(tag, s, _)| *tag == locale && *s == style)
        {
            return format.clone();
        }
        let locales = Array::of1(&locale.into());
        // `format` is a getter returning a function bound to its formatter.
        let format = Intl::DateTimeFormat::new(&locales, &style.options()).format();
        formats.push((locale, style, format.clone()));
        format
    });
    format
        .call1(&JsValue::UNDEFINED, &JsValue::from_f64(at as f64))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}
