//! Moments written for people: `Intl.DateTimeFormat` in the widget's locale and the
//! customer's time zone.
//!
//! Building a formatter costs far more than using one, and a long chat writes thousands of
//! times, so each (locale, style) gets one formatter, kept for the life of the page.

use std::cell::RefCell;

use connect_participant::time::Millis;
use js_sys::{Array, Function, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

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

thread_local! {
    /// The moments written lately, by minute: both styles stop at the minute, the lines of a
    /// conversation mostly share a few, and a formatter call costs a long chat's first
    /// render and every window its scrolling draws.
    static WRITTEN: RefCell<Vec<(&'static str, Style, Millis, String)>> = const { RefCell::new(Vec::new()) };
}

/// How many written moments [`WRITTEN`] keeps.
const WRITTEN_KEPT: usize = 16;

/// `at` written as `locale` (one of the widget's BCP 47 tags) writes it, in `style`.
pub fn local_time(locale: &'static str, at: Millis, style: Style) -> String {
    let minute = at.div_euclid(60_000);
    let known = WRITTEN.with_borrow(|written| {
        written
            .iter()
            .find(|(tag, s, m, _)| *tag == locale && *s == style && *m == minute)
            .map(|(.., text)| text.clone())
    });
    if let Some(text) = known {
        return text;
    }
    let text = format(locale, at, style);
    WRITTEN.with_borrow_mut(|written| {
        if written.len() == WRITTEN_KEPT {
            written.remove(0);
        }
        written.push((locale, style, minute, text.clone()));
    });
    text
}

/// Makes `locale`'s formatter for the time of day in a task of its own, soon: the first
/// `Intl.DateTimeFormat` of a page loads the browser's locale data (about 20 ms), which is
/// better spent while a chat's first requests are on the network than before its first lines
/// are drawn. Called once those requests are out.
pub fn prepare_soon(locale: &'static str) {
    let prepare = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = format(locale, 0, Style::Time);
    });
    if let Some(window) = web_sys::window() {
        // A failed setTimeout leaves the formatter to be made when first used.
        let _ = window.set_timeout_with_callback(prepare.unchecked_ref());
    }
}

/// `at` written by the formatter for `locale` and `style`.
fn format(locale: &'static str, at: Millis, style: Style) -> String {
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
