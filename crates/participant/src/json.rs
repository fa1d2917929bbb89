//! Reading typed data out of JSON that was first parsed loosely.

use serde::de::DeserializeOwned;
use serde_json::Value;

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
/// Enums read back from stored JSON take this route (`#[serde(try_from = "Value")]`): a
/// derived `Deserialize` for an enum compiles a visitor per variant, several kilobytes of
/// wasm, where `Value` is read anyway.
pub(crate) fn variant(value: Value) -> Result<(String, Value), &'static str> {
    match value {
        Value::String(name) => Ok((name, Value::Null)),
        Value::Object(members) if members.len() == 1 => {
            Ok(members.into_iter().next().ok_or("no variant")?)
        }
        _ => Err("not an enum variant"),
    }
}

/// The member `name` of `object` as a string.
pub(crate) fn text(object: &Value, name: &str) -> Result<String, &'static str> {
    match object.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        _ => Err("a member is not a string"),
    }
}

/// The member `name` of `object` as a string, `None` when absent or `null`.
pub(crate) fn optional_text(object: &Value, name: &str) -> Result<Option<String>, &'static str> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => text(object, name).map(Some),
    }
}

/// The member `name` of `object` as a list of strings.
pub(crate) fn texts(object: &Value, name: &str) -> Result<Vec<String>, &'static str> {
    object
        .get(name)
        .and_then(Value::as_array)
        .ok_or("a member is not a list")?
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_owned)
                .ok_or("a list item is not a string")
        })
        .collect()
}

/// The member `name` of `object` as a whole number that fits `N`.
pub(crate) fn count<N: TryFrom<u64>>(object: &Value, name: &str) -> Result<N, &'static str> {
    object
        .get(name)
        .and_then(Value::as_u64)
        .and_then(|n| N::try_from(n).ok())
        .ok_or("a member is not a count")
}

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
