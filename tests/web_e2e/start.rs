//! Starting a chat while the start-chat backend fails: a busy backend is asked again, then the
//! customer is told in their language, with the form as they filled it. A backend that failed
//! after creating the contact gives that contact to the retry, which carries the same
//! `ClientToken`.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::{
    control, control_get, emulator, listen, mount_fresh, submit_prechat, wait_for, widget_text,
    FetchLog,
};

/// Mounts the widget open in `locale`, with a required e-mail field after the name.
fn mount(base: &str, locale: &str) -> (connect_chat_widget::ChatHandle, web_sys::Element) {
    mount_fresh(serde_json::json!({
        "startChatUrl": format!("{base}/start-chat"),
        "participantEndpoint": base,
        "open": true,
        "locale": locale,
        "preChatFields": [{"name": "email", "label": "E-Mail", "required": true, "type": "email"}],
    }))
}

fn inputs(host: &web_sys::Element) -> Vec<web_sys::HtmlInputElement> {
    let all = host
        .shadow_root()
        .unwrap()
        .query_selector_all(".cc-form input")
        .unwrap();
    (0..all.length())
        .filter_map(|i| all.get(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// Types `name` and an e-mail address into the pre-chat form.
fn fill(host: &web_sys::Element, name: &str) {
    for (input, value) in inputs(host).iter().zip([name, "lena@example.com"]) {
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    }
}

fn values(host: &web_sys::Element) -> Vec<String> {
    inputs(host).iter().map(|i| i.value()).collect()
}

fn start_calls(log: &FetchLog) -> usize {
    log.calls()
        .iter()
        .filter(|(url, _)| url.ends_with("/start-chat"))
        .count()
}

#[wasm_bindgen_test]
async fn a_throttled_start_is_asked_again_then_told_in_the_customers_language_with_the_form_kept() {
    let Some(base) = emulator() else { return };
    control(
        base,
        "/faults",
        serde_json::json!({"operation": "StartChat", "count": 10, "error": "ThrottlingException"}),
    )
    .await;
    let log = FetchLog::install();
    let (handle, host) = mount(base, "de");
    let (errors, _keep) = listen(&handle, "error");
    fill(&host, "Lena");
    submit_prechat(&host);
    wait_for(
        &host,
        "Der Chat konnte nicht gestartet werden. Der Dienst ist ausgelastet; bitte versuchen Sie es gleich noch einmal.",
        "the localized failure",
    )
    .await;
    let text = widget_text(&host);
    assert!(
        !text.contains("429") && !text.contains("HTTP") && !text.contains("Injected"),
        "no developer text on screen: {text}"
    );
    assert_eq!(start_calls(&log), 4, "the first try and three more");
    assert_eq!(values(&host), ["Lena", "lena@example.com"], "the form kept");
    let heard = errors.borrow().clone();
    assert!(
        heard.len() == 1
            && heard[0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("429")),
        "the site owner hears the status: {heard:?}"
    );
    // The backend recovers: Start again, with nothing to type again.
    control(base, "/faults", serde_json::json!({"clear": true})).await;
    submit_prechat(&host);
    wait_for(&host, "emulator's agent", "the agent's greeting").await;
    assert!(
        !widget_text(&host).contains("Der Chat konnte nicht gestartet werden"),
        "the notice closes once the chat runs"
    );
    handle.destroy();
    drop(log);
}

#[wasm_bindgen_test]
async fn a_start_throttled_twice_starts_on_the_third_try_without_a_notice() {
    let Some(base) = emulator() else { return };
    control(
        base,
        "/faults",
        serde_json::json!({"operation": "StartChat", "count": 2, "error": "ThrottlingException"}),
    )
    .await;
    let log = FetchLog::install();
    let (handle, host) = mount(base, "en");
    fill(&host, "Lena");
    submit_prechat(&host);
    wait_for(&host, "emulator's agent", "the agent's greeting").await;
    assert_eq!(start_calls(&log), 3);
    let shadow = host.shadow_root().unwrap();
    assert!(
        shadow.query_selector(".cc-notice").unwrap().is_none(),
        "{}",
        widget_text(&host)
    );
    handle.destroy();
    drop(log);
}

#[wasm_bindgen_test]
async fn a_refused_start_is_not_asked_again() {
    let Some(base) = emulator() else { return };
    control(
        base,
        "/faults",
        serde_json::json!({"operation": "StartChat", "count": 1, "error": "AccessDeniedException"}),
    )
    .await;
    let log = FetchLog::install();
    let (handle, host) = mount(base, "fr");
    fill(&host, "Lena");
    submit_prechat(&host);
    wait_for(
        &host,
        "La discussion n'a pas pu démarrer. Le service a refusé la demande.",
        "the localized refusal",
    )
    .await;
    assert_eq!(start_calls(&log), 1, "a 403 would be the same again");
    assert_eq!(values(&host), ["Lena", "lena@example.com"]);
    control(base, "/faults", serde_json::json!({"clear": true})).await;
    handle.destroy();
    drop(log);
}

/// The emulator's contacts whose customer is named `name`.
async fn contacts_of(base: &str, name: &str) -> Vec<serde_json::Value> {
    let all = control_get(base, "/contacts").await;
    let customer_named = |c: &&serde_json::Value| {
        c["Participants"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["Role"] == "CUSTOMER" && p["DisplayName"] == name)
    };
    all["Contacts"]
        .as_array()
        .expect("a Contacts list")
        .iter()
        .filter(customer_named)
        .cloned()
        .collect()
}

/// The backend creates the contact, then answers 500 (`count` times).
async fn fail_after_creating(base: &str, count: u32) {
    control(
        base,
        "/faults",
        serde_json::json!({"operation": "StartChat", "count": count,
            "error": "InternalServerException", "after": true}),
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_start_that_failed_after_creating_the_contact_is_retried_into_that_contact() {
    let Some(base) = emulator() else { return };
    fail_after_creating(base, 1).await;
    let log = FetchLog::install();
    let (handle, host) = mount(base, "en");
    fill(&host, "Ida Once");
    submit_prechat(&host);
    wait_for(&host, "emulator's agent", "the agent's greeting").await;
    assert_eq!(start_calls(&log), 2, "the failed try and its retry");
    let contacts = contacts_of(base, "Ida Once").await;
    assert_eq!(contacts.len(), 1, "one contact: {contacts:?}");
    let customer = contacts[0]["Participants"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["Role"] == "CUSTOMER");
    assert_eq!(
        customer.map(|p| &p["Connected"]),
        Some(&serde_json::Value::Bool(true)),
        "the customer is in that contact: {contacts:?}"
    );
    handle.destroy();
    drop(log);
}

#[wasm_bindgen_test]
async fn every_try_of_one_start_is_one_contact_and_a_new_start_is_another() {
    let Some(base) = emulator() else { return };
    fail_after_creating(base, 4).await;
    let log = FetchLog::install();
    let (handle, host) = mount(base, "en");
    fill(&host, "Ida Twice");
    submit_prechat(&host);
    wait_for(&host, "The chat could not start.", "the failure").await;
    assert_eq!(start_calls(&log), 4);
    assert_eq!(
        contacts_of(base, "Ida Twice").await.len(),
        1,
        "four tries with one token"
    );
    // The customer presses Start again: a new start, so a new contact, and the chat runs.
    submit_prechat(&host);
    wait_for(&host, "emulator's agent", "the agent's greeting").await;
    assert_eq!(start_calls(&log), 5);
    assert_eq!(contacts_of(base, "Ida Twice").await.len(), 2);
    handle.destroy();
    drop(log);
}
