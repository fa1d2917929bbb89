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
