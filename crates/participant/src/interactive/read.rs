//! The templates read out of the content's parsed JSON, member by member, as a derived
//! `Deserialize` would read them (see [`Members`]): the content is parsed once, into the
//! [`Value`] kept as [`super::InteractiveMessage::raw`], and no visitor is compiled per
//! template type. Each type's `Deserialize` takes the same route (`try_from = "Value"`).

use serde_json::Value;

use super::{
    Location, Picker, PickerElement, QuickReply, QuickReplyElement, ReplyMessage, TimePicker,
    Timeslot, ViewResource,
};
use crate::json::{deserialize_from_json, read_members, FromJson, Members};

deserialize_from_json!(
    Picker,
    PickerElement,
    TimePicker,
    Location,
    Timeslot,
    QuickReply,
    QuickReplyElement,
);

read_members! {
    ReplyMessage {
        title: "title",
        subtitle: "subtitle",
        image_type: "imageType",
        image_data: "imageData",
        image_description: "imageDescription",
    }
    ViewResource {
        title: "title",
        subtitle: "subtitle",
        view_token: "viewToken",
        view_id: "viewId",
        view_data: "viewData",
    }
}

impl FromJson for Picker {
    fn from_json(value: &Value) -> Result<Self, String> {
        let m = Members::of(value)?;
        let echoed = |name| m.present(name).cloned();
        Ok(Picker {
            title: m.text("title")?,
            subtitle: m.optional_text("subtitle")?,
            image_type: m.optional_text("imageType")?,
            image_data: m.optional_text("imageData")?,
            image_description: m.optional_text("imageDescription")?,
            elements: m.list("elements", PickerElement::from_json)?,
            reference_id: echoed("referenceId"),
            list_id: echoed("listId"),
            pre_index: echoed("preIndex"),
            next_index: echoed("nextIndex"),
        })
    }
}

impl FromJson for PickerElement {
    fn from_json(value: &Value) -> Result<Self, String> {
        let m = Members::of(value)?;
        Ok(PickerElement {
            title: m.text("title")?,
            subtitle: m.optional_text("subtitle")?,
            image_type: m.optional_text("imageType")?,
            image_data: m.optional_text("imageData")?,
            image_description: m.optional_text("imageDescription")?,
            action_detail: m.optional_text("actionDetail")?,
            kind: m.optional_text("type")?,
            url: m.optional_text("url")?,
            target: m.optional_text("target")?,
        })
    }
}

impl FromJson for TimePicker {
    fn from_json(value: &Value) -> Result<Self, String> {
        let m = Members::of(value)?;
        Ok(TimePicker {
            title: m.text("title")?,
            subtitle: m.optional_text("subtitle")?,
            time_zone_offset: m.present("timeZoneOffset").and_then(lenient_offset),
            location: m
                .optional("location", |v| Some(Location::from_json(v)))?
                .transpose()?,
            timeslots: m.list("timeslots", Timeslot::from_json)?,
        })
    }
}

impl FromJson for Location {
    fn from_json(value: &Value) -> Result<Self, String> {
        let m = Members::of(value)?;
        Ok(Location {
            latitude: m.required("latitude", Value::as_f64)?,
            longitude: m.required("longitude", Value::as_f64)?,
            title: m.optional_text("title")?,
            radius: m.optional("radius", Value::as_f64)?,
        })
    }
}

impl FromJson for Timeslot {
    fn from_json(value: &Value) -> Result<Self, String> {
        let m = Members::of(value)?;
        Ok(Timeslot {
            date: m.text("date")?,
            duration: m
                .present("duration")
                .and_then(lenient_number)
                .map(|n| n as i64),
        })
    }
}

impl FromJson for QuickReply {
    fn from_json(value: &Value) -> Result<Self, String> {
        let m = Members::of(value)?;
        Ok(QuickReply {
            title: m.text("title")?,
            elements: m.list("elements", QuickReplyElement::from_json)?,
        })
    }
}

impl FromJson for QuickReplyElement {
    fn from_json(value: &Value) -> Result<Self, String> {
        Ok(QuickReplyElement {
            title: Members::of(value)?.text("title")?,
        })
    }
}

/// `timeZoneOffset` as the official interface reads it: `None` when JavaScript finds it
/// falsy (`null`, `0`, `""`), so the slot is sent unchanged; a non-empty string is coerced
/// (`"0"` is a shift by nothing, `"-30"` by -30 minutes).
fn lenient_offset(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64().filter(|n| *n != 0.0),
        Value::String(s) if !s.is_empty() => s.trim().parse().ok(),
        _ => None,
    }
}

/// A number that may come as a JSON string (`"30"`), as JavaScript would coerce it; `None`
/// when `null` or not a number.
fn lenient_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok().filter(|n: &f64| n.is_finite()),
        _ => None,
    }
}
