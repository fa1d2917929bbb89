//! The server half of the operations: reading a request as the service reads it.
//!
//! [`crate::Operation::from_http_request`] reads a body strictly (a member the model does not
//! have is refused) and checks it with the same [`crate::Operation::validate`] the client
//! uses. What it refuses is a [`Refusal`], a typed outcome a server words for its answer.
//!
//! ```
//! use connect_participant::incoming::Refusal;
//! use connect_participant::{Operation, SendMessage};
//! let request = SendMessage::from_http_request(&[], br#"{"ContentType":"text/plain","Content":"Hi"}"#);
//! assert_eq!(request, Ok(SendMessage::text("Hi")));
//! let unknown = SendMessage::from_http_request(&[], br#"{"Content":"Hi","Extra":1}"#);
//! assert!(matches!(unknown, Err(Refusal::UnknownMember { .. })));
//! ```

use serde::de::{self, DeserializeOwned, Visitor};
use serde_json::{Map, Value};

use crate::error::Error;

/// Why a server refuses a request before acting on it.
///
/// The service answers the first four with its front end's `SerializationException` and the
/// rest with `ValidationException`.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The body is not UTF-8.
    NotUtf8,
    /// The body is not JSON (the parser's reason).
    NotJson(String),
    /// The body is JSON but not an object.
    NotObject,
    /// A member has the wrong type (the parser's reason).
    WrongType(String),
    /// A member the model does not have.
    UnknownMember {
        /// The member as it was sent.
        member: String,
        /// The member whose object holds it; `None` at the top level.
        within: Option<&'static str>,
        /// The members that object may have, in the model's order.
        allowed: &'static [&'static str],
    },
    /// A constraint of the model is broken: what [`crate::Operation::validate`] reports.
    Invalid(Error),
}

/// The JSON members serde reads for `T`, as the model names them (renames applied, skipped
/// fields left out); empty for a type that is not a struct.
pub fn members<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // The introspector fails every read once it has seen the field list: the error is the
    // expected way out, not a failure.
    let _ = T::deserialize(Introspect(&mut fields));
    fields
}

/// A deserializer that only records the field list a derived `Deserialize` hands to
/// `deserialize_struct`.
struct Introspect<'a>(&'a mut &'static [&'static str]);

impl<'de> de::Deserializer<'de> for Introspect<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("fields recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Reads a JSON body strictly: UTF-8, JSON, an object (an empty body is `{}`), only the
/// members of `T` (and, in each of `nested`'s members that holds an object, only the members
/// listed for it), each of the right type.
pub(crate) fn read_body<T: DeserializeOwned>(
    body: &[u8],
    nested: &[(&'static str, &'static [&'static str])],
) -> Result<T, Refusal> {
    let text = std::str::from_utf8(body).map_err(|_| Refusal::NotUtf8)?;
    let value: Value = if text.trim().is_empty() {
        Value::Object(Map::new())
    } else {
        serde_json::from_str(text).map_err(|e| Refusal::NotJson(e.to_string()))?
    };
    let Some(object) = value.as_object() else {
        return Err(Refusal::NotObject);
    };
    check_members(object, members::<T>(), None)?;
    for (name, allowed) in nested {
        if let Some(inner) = object.get(*name).and_then(Value::as_object) {
            check_members(inner, allowed, Some(name))?;
        }
    }
    // Only servers read requests, so the widget's reason to avoid `from_value`
    // (`crate::json`) does not apply; its messages also name no text position.
    serde_json::from_value(value).map_err(|e| Refusal::WrongType(e.to_string()))
}

fn check_members(
    object: &Map<String, Value>,
    allowed: &'static [&'static str],
    within: Option<&'static str>,
) -> Result<(), Refusal> {
    match object.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(member) => Err(Refusal::UnknownMember {
            member: member.clone(),
            within,
            allowed,
        }),
        None => Ok(()),
    }
}
