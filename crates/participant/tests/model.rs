//! Proves the crate against the service model in `spec/`: every operation is implemented
//! with the model's name, method, URI, bearer header and required members, and every
//! request, response and nested shape uses the model's member names.
//!
//! Values are generated from the model's shapes (respecting their length and range
//! constraints), so a member the crate misnames, drops or adds fails a round trip.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use connect_participant::operations::*;
use connect_participant::{Endpoint, ErrorKind, HttpResponse};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

const MODEL_FILE: &str = "connectparticipant-2018-09-07.service-2.json";

fn model() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("spec")
        .join(MODEL_FILE);
    let text = std::fs::read_to_string(&path).expect("the crate's copy of the service model");
    serde_json::from_str(&text).expect("the service model is JSON")
}

fn shape<'m>(model: &'m Value, name: &str) -> &'m Value {
    &model["shapes"][name]
}

/// A value of `shape_name` that meets the model's constraints; `required_only` leaves out
/// optional members of the top structure.
fn generate(model: &Value, shape_name: &str, required_only: bool) -> Value {
    let s = shape(model, shape_name);
    let min = s["min"].as_i64();
    let max = s["max"].as_i64();
    match s["type"].as_str().expect("every shape has a type") {
        "string" => {
            if let Some(values) = s["enum"].as_array() {
                return values[0].clone();
            }
            // Readable values where the limits allow, exactly the minimum where they force it.
            let len = 12.min(max.unwrap_or(i64::MAX)).max(min.unwrap_or(1)) as usize;
            let mut text = format!("{shape_name}-value");
            if text.len() < len {
                text.push_str(&"x".repeat(len - text.len()));
            }
            text.truncate(len);
            Value::String(text)
        }
        "integer" | "long" => json!(min.unwrap_or(1).max(1).min(max.unwrap_or(i64::MAX))),
        "boolean" => json!(true),
        "list" => {
            let member = s["member"]["shape"].as_str().expect("list member shape");
            json!([generate(model, member, false)])
        }
        "map" => {
            let value = s["value"]["shape"].as_str().expect("map value shape");
            json!({ "Some-Key": generate(model, value, false) })
        }
        "structure" => {
            let required = required_members(s);
            let mut out = Map::new();
            for (name, member) in s["members"].as_object().expect("members") {
                if member.get("location").is_some() {
                    continue; // headers and URI labels are not JSON members
                }
                if required_only && !required.contains(name.as_str()) {
                    continue;
                }
                let member_shape = member["shape"].as_str().expect("member shape");
                out.insert(name.clone(), generate(model, member_shape, false));
            }
            Value::Object(out)
        }
        other => panic!("shape type {other} is not used by this model"),
    }
}

fn required_members(s: &Value) -> BTreeSet<&str> {
    s["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// What the model says about one operation.
struct ModelOperation<'m> {
    http: &'m Value,
    input: &'m Value,
    input_name: &'m str,
    output_name: &'m str,
}

fn model_operation<'m>(model: &'m Value, name: &str) -> ModelOperation<'m> {
    let op = &model["operations"][name];
    assert!(op.is_object(), "{name} is not in the model");
    let input_name = op["input"]["shape"].as_str().expect("input shape");
    ModelOperation {
        http: &op["http"],
        input: shape(model, input_name),
        input_name,
        output_name: op["output"]["shape"].as_str().expect("output shape"),
    }
}

/// Checks one operation against the model. `set_uri` fills the request's URI members.
fn check_operation<O>(model: &Value, set_uri: fn(&mut O, &str))
where
    O: Operation + DeserializeOwned,
    O::Output: Serialize,
{
    let endpoint = Endpoint::custom("https://participant.connect.us-east-1.amazonaws.com");
    let m = model_operation(model, O::NAME);
    let name = O::NAME;

    // Method and URI.
    assert_eq!(O::METHOD.as_str(), m.http["method"], "{name}: method");
    assert_eq!(O::URI, m.http["requestUri"], "{name}: URI");

    // The bearer header: the only header member, required, named as AUTH says.
    let members = m.input["members"].as_object().expect("members");
    let headers: Vec<(&String, &Value)> = members
        .iter()
        .filter(|(_, v)| v["location"] == "header")
        .collect();
    assert_eq!(headers.len(), 1, "{name}: one header member");
    let (header_member, header) = headers[0];
    assert_eq!(
        header["locationName"], "X-Amz-Bearer",
        "{name}: header name"
    );
    let expected_member = match O::AUTH {
        Auth::ParticipantToken => "ParticipantToken",
        Auth::ConnectionToken => "ConnectionToken",
    };
    assert_eq!(header_member, expected_member, "{name}: which token");
    let required = required_members(m.input);
    assert!(
        required.contains(header_member.as_str()),
        "{name}: token required"
    );

    // A request with only the required members builds, with the header and the body.
    let uri_members: Vec<&String> = members
        .iter()
        .filter(|(_, v)| v["location"] == "uri")
        .map(|(k, _)| k)
        .collect();
    let minimal_json = generate(model, m.input_name, true);
    let mut minimal: O = serde_json::from_value(minimal_json.clone())
        .unwrap_or_else(|e| panic!("{name}: the required members deserialize: {e}"));
    for member in &uri_members {
        let value = generate(model, members[*member]["shape"].as_str().unwrap(), false);
        set_uri(&mut minimal, value.as_str().unwrap());
    }
    let http = minimal
        .to_http_request(&endpoint, "token-value")
        .unwrap_or_else(|e| panic!("{name}: a request with its required members builds: {e}"));
    assert_eq!(http.header("X-Amz-Bearer"), Some("token-value"), "{name}");
    match http.body.as_deref() {
        Some(body) => {
            let sent: Value = serde_json::from_str(body).unwrap();
            assert_eq!(sent, minimal_json, "{name}: minimal body");
        }
        None => assert_eq!(minimal_json, json!({}), "{name}: a bodiless request"),
    }
    for member in &uri_members {
        assert!(
            !http.url.contains(&format!("{{{member}}}")),
            "{name}: {member} filled in the path"
        );
    }

    // Without the token, or with one longer than the model allows, it does not build.
    assert!(
        minimal.to_http_request(&endpoint, "").is_err(),
        "{name}: a missing {header_member} must fail"
    );
    let token_shape = shape(model, header["shape"].as_str().expect("header shape"));
    if let Some(max) = token_shape["max"].as_u64() {
        let longest = "t".repeat(max as usize);
        assert!(
            minimal.to_http_request(&endpoint, &longest).is_ok(),
            "{name}"
        );
        assert!(
            minimal
                .to_http_request(&endpoint, &format!("{longest}t"))
                .is_err(),
            "{name}: a {header_member} over {max} characters must fail"
        );
    }

    // Each required body member left out: the request cannot be read or does not build.
    for member in required
        .iter()
        .filter(|m| members[**m].get("location").is_none())
    {
        let mut partial = minimal_json.clone();
        partial.as_object_mut().unwrap().remove(*member);
        if let Ok(mut request) = serde_json::from_value::<O>(partial) {
            for uri in &uri_members {
                let value = generate(model, members[*uri]["shape"].as_str().unwrap(), false);
                set_uri(&mut request, value.as_str().unwrap());
            }
            assert!(
                request.to_http_request(&endpoint, "token-value").is_err(),
                "{name}: a request without {member} must fail"
            );
        }
    }
    // Each required URI member left empty: the request does not build.
    for member in &uri_members {
        let mut request: O = serde_json::from_value(minimal_json.clone()).unwrap();
        set_uri(&mut request, "");
        assert!(
            request.to_http_request(&endpoint, "token-value").is_err(),
            "{name}: a request without {member} must fail"
        );
    }

    // Every body member, at every depth, keeps the model's name through a round trip.
    let full_json = generate(model, m.input_name, false);
    let full: O = serde_json::from_value(full_json.clone())
        .unwrap_or_else(|e| panic!("{name}: the full request deserializes: {e}"));
    let body_keys: BTreeSet<String> = match full.body() {
        Some(body) => {
            let sent: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(sent, full_json, "{name}: full body round trip");
            sent.as_object().unwrap().keys().cloned().collect()
        }
        None => BTreeSet::new(),
    };
    let model_keys: BTreeSet<String> = members
        .iter()
        .filter(|(_, v)| v.get("location").is_none())
        .map(|(k, _)| k.clone())
        .collect();
    assert_eq!(body_keys, model_keys, "{name}: JSON members");

    // The output: every member the model lists is read and written back unchanged.
    let output_json = generate(model, m.output_name, false);
    let response = HttpResponse::new(200, output_json.to_string());
    let output = O::from_http_response(&response)
        .unwrap_or_else(|e| panic!("{name}: the full output parses: {e}"));
    assert_eq!(
        serde_json::to_value(&output).unwrap(),
        output_json,
        "{name}: output round trip"
    );
}

fn no_uri<O>(_: &mut O, _: &str) {}

/// Checks one operation against the model.
type Check = fn(&Value);

#[test]
fn every_operation_of_the_model_is_implemented() {
    let model = model();
    let checks: Vec<(&str, Check)> = vec![
        ("CancelParticipantAuthentication", |m| {
            check_operation::<CancelParticipantAuthentication>(m, no_uri)
        }),
        ("CompleteAttachmentUpload", |m| {
            check_operation::<CompleteAttachmentUpload>(m, no_uri)
        }),
        ("CreateParticipantConnection", |m| {
            check_operation::<CreateParticipantConnection>(m, no_uri)
        }),
        ("DescribeView", |m| {
            check_operation::<DescribeView>(m, |r, v| r.view_token = v.to_owned())
        }),
        ("DisconnectParticipant", |m| {
            check_operation::<DisconnectParticipant>(m, no_uri)
        }),
        ("GetAttachment", |m| {
            check_operation::<GetAttachment>(m, no_uri)
        }),
        ("GetAuthenticationUrl", |m| {
            check_operation::<GetAuthenticationUrl>(m, no_uri)
        }),
        ("GetTranscript", |m| {
            check_operation::<GetTranscript>(m, no_uri)
        }),
        ("SendEvent", |m| check_operation::<SendEvent>(m, no_uri)),
        ("SendMessage", |m| check_operation::<SendMessage>(m, no_uri)),
        ("StartAttachmentUpload", |m| {
            check_operation::<StartAttachmentUpload>(m, no_uri)
        }),
    ];
    let implemented: BTreeSet<&str> = checks.iter().map(|(n, _)| *n).collect();
    let in_model: BTreeSet<&str> = model["operations"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        implemented, in_model,
        "operations implemented vs. in the model"
    );
    for (_, check) in checks {
        check(&model);
    }
}

#[test]
fn every_exception_of_the_model_is_known_with_its_status() {
    let model = model();
    let exceptions: Vec<(&String, &Value)> = model["shapes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, s)| s["exception"] == true)
        .collect();
    assert_eq!(exceptions.len(), 7);
    for (name, s) in exceptions {
        let kind = ErrorKind::from(name.as_str());
        assert!(
            !matches!(kind, ErrorKind::Unknown(_)),
            "{name} is not a known ErrorKind"
        );
        assert_eq!(
            u64::from(kind.status()),
            s["error"]["httpStatusCode"].as_u64().unwrap(),
            "{name}: status"
        );
        assert_eq!(
            ErrorKind::from_status(kind.status()),
            kind,
            "{name}: from_status"
        );
    }
    assert_eq!(ErrorKind::KNOWN.len(), 7);
}

#[test]
fn every_enum_value_of_the_model_is_known() {
    use connect_participant::model::*;
    fn known<E: Serialize>(values: &[E]) -> BTreeSet<String> {
        values
            .iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }
    let model = model();
    let cases: Vec<(&str, BTreeSet<String>)> = vec![
        ("ArtifactStatus", known(ArtifactStatus::KNOWN)),
        ("ChatItemType", known(ChatItemType::KNOWN)),
        ("ConnectionType", known(ConnectionType::KNOWN)),
        ("ResourceType", known(ResourceType::KNOWN)),
        ("ScanDirection", known(ScanDirection::KNOWN)),
        ("SortKey", known(SortKey::KNOWN)),
        ("ParticipantRole", known(ParticipantRole::KNOWN)),
        (
            "MessageProcessingStatus",
            known(MessageProcessingStatus::KNOWN),
        ),
        ("MeetingFeatureStatus", known(MeetingFeatureStatus::KNOWN)),
        ("ContentDisposition", known(ContentDisposition::KNOWN)),
    ];
    let enums_in_model: BTreeSet<&str> = model["shapes"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, s)| s.get("enum").is_some())
        .map(|(n, _)| n.as_str())
        .collect();
    let covered: BTreeSet<&str> = cases.iter().map(|(n, _)| *n).collect();
    assert_eq!(covered, enums_in_model, "enums covered vs. in the model");
    for (name, ours) in cases {
        let theirs: BTreeSet<String> = shape(&model, name)["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert!(
            theirs.is_subset(&ours),
            "{name}: missing {:?}",
            theirs.difference(&ours).collect::<Vec<_>>()
        );
    }
}

/// `../../../shared/spec` from the crate, when the repository sits next to it.
fn shared_spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec")
}

#[test]
fn the_copies_match_the_shared_spec_when_present() {
    for file in [
        MODEL_FILE,
        "connectparticipant-2018-09-07.endpoint-rule-set-1.json",
    ] {
        compare_with_shared(file);
    }
}

fn compare_with_shared(file: &str) {
    let shared = shared_spec_dir().join(file);
    let Ok(theirs) = std::fs::read(&shared) else {
        println!(
            "note: {} is absent; the crate's copy was not compared",
            shared.display()
        );
        return;
    };
    let ours = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("spec")
            .join(file),
    )
    .expect("the crate's copy");
    assert!(
        ours == theirs,
        "spec/{file} differs from {}",
        shared.display()
    );
}
