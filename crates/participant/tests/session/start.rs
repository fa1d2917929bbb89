//! The start-chat request to the site owner's backend.

use super::*;

#[test]
fn the_start_chat_request_is_the_json_a_backend_expects() {
    let request = StartChatRequest {
        display_name: "Lena \"L\" Ø".into(),
        attributes: [
            ("zone".to_owned(), "eu".to_owned()),
            ("Customer".to_owned(), "1".to_owned()),
        ]
        .into(),
        client_token: None,
    };
    let http = request.to_http_request("https://shop.example/start-chat");
    assert_eq!(http.method, Method::Post);
    assert_eq!(http.url, "https://shop.example/start-chat");
    assert_eq!(http.header("Content-Type"), Some("application/json"));
    // As the widget wrote it by hand before: no token, no `ClientToken` member.
    let expected = serde_json::json!({
        "ParticipantDetails": { "DisplayName": "Lena \"L\" Ø" },
        "Attributes": { "zone": "eu", "Customer": "1" },
    })
    .to_string();
    assert_eq!(http.body.as_deref(), Some(expected.as_str()));
    assert_eq!(
        StartChatRequest::from_json(&expected).unwrap(),
        request,
        "a backend reads what the widget writes"
    );
    let without = StartChatRequest::from_json(r#"{"ParticipantDetails":{"DisplayName":"A"}}"#);
    assert!(without.unwrap().attributes.is_empty());
    assert!(StartChatRequest::from_json(r#"{"Attributes":{}}"#).is_err());
}

#[test]
fn the_client_token_is_written_as_client_token_and_read_back() {
    let request = StartChatRequest {
        display_name: "Lena".into(),
        attributes: Default::default(),
        client_token: Some("0c5e1b8a-3d4f-4a6b-9e2c-7f1d8a9b0c3e".into()),
    };
    let http = request.to_http_request("https://shop.example/start-chat");
    let body = http.body.as_deref().unwrap();
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        json["ClientToken"], "0c5e1b8a-3d4f-4a6b-9e2c-7f1d8a9b0c3e",
        "StartChatContact's member name, so a backend can pass it on as it is"
    );
    assert_eq!(StartChatRequest::from_json(body).unwrap(), request);
    let none = StartChatRequest::from_json(r#"{"ParticipantDetails":{"DisplayName":"A"}}"#);
    assert_eq!(none.unwrap().client_token, None);
}
