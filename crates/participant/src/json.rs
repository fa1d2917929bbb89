//! Reading typed data out of JSON that was first parsed loosely.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Reads `T` from an already parsed JSON `value` by reading its text again.
///
/// `serde_json::from_value` is the direct route, but it compiles a second deserializer for
/// every type read that way. In the widget's wasm that copy costs more bytes than re-reading
/// a few hundred bytes of text costs time, so every typed read goes through `from_str`.
pub(crate) fn from_value<T: DeserializeOwned>(value: &Value) -> serde_json::Result<T> {
    serde_json::from_str(&value.to_string())
}

/// An enum value as serde's derive writes it (externally tagged): a unit variant as its name
/// (`"Network"`), any other as an object of one member (`{"TooLong":{"limit":5,"length":7}}`).
/// Gives the variant's name and what it holds (`Null` for a unit variant).
///
/// Enums read back from stored JSON take this route ([`FromJson`]): a derived `Deserialize`
/// for an enum compiles a visitor per variant, several kilobytes of wasm, where `Value` is
/// read anyway.
pub(crate) fn variant(value: &Value) -> Result<(&str, &Value), String> {
    match value {
        Value::String(name) => Ok((name, &Value::Null)),
        Value::Object(members) if members.len() == 1 => members
            .iter()
            .next()
            .map(|(name, inner)| (name.as_str(), inner))
            .ok_or_else(|| "no variant".into()),
        _ => Err("not an enum variant".into()),
    }
}

/// The members of a JSON object, read as a derived `Deserialize` reads a struct's fields:
/// an absent or `null` member is `None` for an optional field and missing for a required
/// one; members not asked for are ignored.
///
/// Types read out of a parsed [`Value`] by hand take this route: a derived `Deserialize`
/// compiles a visitor per type and a copy of `Option<T>`'s reading per field type.
pub(crate) struct Members<'a>(&'a Map<String, Value>);

impl<'a> Members<'a> {
    /// The members of `value`, which must be an object.
    pub(crate) fn of(value: &'a Value) -> Result<Members<'a>, String> {
        value
            .as_object()
            .map(Members)
            .ok_or_else(|| "not an object".to_owned())
    }

    /// Member `name`, whatever it holds (`null` included); `None` when absent.
    pub(crate) fn present(&self, name: &str) -> Option<&'a Value> {
        self.0.get(name)
    }

    /// Member `name` read by `read`: `None` when absent or `null`, an error when `read`
    /// refuses what it holds.
    pub(crate) fn optional<T>(
        &self,
        name: &str,
        read: impl FnOnce(&'a Value) -> Option<T>,
    ) -> Result<Option<T>, String> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => read(value)
                .map(Some)
                .ok_or_else(|| format!("invalid type of `{name}`")),
        }
    }

    /// Member `name` read by `read`; an error when absent or `null`.
    pub(crate) fn required<T>(
        &self,
        name: &str,
        read: impl FnOnce(&'a Value) -> Option<T>,
    ) -> Result<T, String> {
        self.optional(name, read)?
            .ok_or_else(|| format!("missing field `{name}`"))
    }

    /// Member `name` as a string; required.
    pub(crate) fn text(&self, name: &str) -> Result<String, String> {
        self.required(name, string)
    }

    /// Member `name` as a string, if given.
    pub(crate) fn optional_text(&self, name: &str) -> Result<Option<String>, String> {
        self.optional(name, string)
    }

    /// Member `name` as a whole number that fits `N`; required.
    pub(crate) fn count<N: TryFrom<u64>>(&self, name: &str) -> Result<N, String> {
        self.required(name, |v| v.as_u64().and_then(|n| N::try_from(n).ok()))
    }

    /// Member `name` as a list of strings; required.
    pub(crate) fn texts(&self, name: &str) -> Result<Vec<String>, String> {
        self.list(name, |item| {
            string(item).ok_or_else(|| format!("a non-string in `{name}`"))
        })
    }

    /// Member `name` as a list, each item read by `read`; required.
    pub(crate) fn list<T>(
        &self,
        name: &str,
        read: impl FnMut(&'a Value) -> Result<T, String>,
    ) -> Result<Vec<T>, String> {
        self.required(name, Value::as_array)?
            .iter()
            .map(read)
            .collect()
    }
}

fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// A type read out of a parsed JSON value as its `Deserialize` reads it.
pub(crate) trait FromJson: Sized {
    fn from_json(value: &Value) -> Result<Self, String>;
}

impl Members<'_> {
    /// Member `name` as a `T`: `None` when absent or `null`.
    pub(crate) fn get<T: FromJson>(&self, name: &str) -> Result<Option<T>, String> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => T::from_json(value)
                .map(Some)
                .map_err(|e| format!("`{name}`: {e}")),
        }
    }
}

fn expected<T>(read: Option<T>, what: &str) -> Result<T, String> {
    read.ok_or_else(|| format!("expected {what}"))
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, String> {
        expected(string(value), "a string")
    }
}

/// Any JSON, as it came.
impl FromJson for Value {
    fn from_json(value: &Value) -> Result<Self, String> {
        Ok(value.clone())
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, String> {
        expected(value.as_bool(), "a boolean")
    }
}

impl FromJson for u32 {
    fn from_json(value: &Value) -> Result<Self, String> {
        expected(value.as_u64().and_then(|n| n.try_into().ok()), "a u32")
    }
}

impl FromJson for i32 {
    fn from_json(value: &Value) -> Result<Self, String> {
        expected(value.as_i64().and_then(|n| n.try_into().ok()), "an i32")
    }
}

impl FromJson for i64 {
    fn from_json(value: &Value) -> Result<Self, String> {
        expected(value.as_i64(), "an i64")
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, String> {
        expected(value.as_array(), "a list")?
            .iter()
            .map(T::from_json)
            .collect()
    }
}

impl FromJson for BTreeMap<String, String> {
    fn from_json(value: &Value) -> Result<Self, String> {
        expected(value.as_object(), "an object")?
            .iter()
            .map(|(k, v)| Ok((k.clone(), String::from_json(v)?)))
            .collect()
    }
}

/// `TryFrom<Value>` through [`FromJson`], so that `#[serde(try_from = "Value")]` makes a
/// type's `Deserialize` read it the same way.
macro_rules! deserialize_from_json {
    ($($name:ident),+ $(,)?) => {$(
        impl TryFrom<serde_json::Value> for $name {
            type Error = String;

            fn try_from(value: serde_json::Value) -> Result<Self, String> {
                <$name as $crate::json::FromJson>::from_json(&value)
            }
        }
    )+};
}

/// [`FromJson`] for structs whose members are all optional, and their `Deserialize`
/// through it (with `#[serde(try_from = "Value")]`): `Type { field: "Member", ... }`.
macro_rules! read_members {
    ($($name:ident { $($field:ident: $member:literal),+ $(,)? })+) => {$(
        impl $crate::json::FromJson for $name {
            fn from_json(value: &serde_json::Value) -> Result<Self, String> {
                let m = $crate::json::Members::of(value)?;
                Ok($name { $($field: m.get($member)?,)+ })
            }
        }

        $crate::json::deserialize_from_json!($name);
    )+};
}

pub(crate) use {deserialize_from_json, read_members};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_from_value_reads() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct T {
            a: f64,
            b: Option<Vec<String>>,
        }
        let value = serde_json::json!({ "a": 0.1, "b": ["x\"y", "é"], "c": null });
        assert_eq!(
            from_value::<T>(&value).unwrap(),
            serde_json::from_value::<T>(value.clone()).unwrap()
        );
        assert!(from_value::<T>(&serde_json::json!({ "b": [] })).is_err());
    }
}
