//! Files: checked before upload, progress, cancel and retry, scanning, download, thumbnails.

use connect_chat_widget::ui::i18n::Locale;
use connect_chat_widget::ui::message_list::MessageList;
use connect_chat_widget::ui::state::{Intent, LineKind, Role, UploadState, UploadView};
use connect_chat_widget::ui::uploads::{check_file, UploadList};
use connect_chat_widget::ui::UiConfig;
use connect_participant::attachments::AttachmentRules;
use connect_participant::model::{ArtifactStatus, AttachmentItem};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use super::{line, mount, running, tick};

#[wasm_bindgen_test]
fn files_are_checked_before_upload() {
    let rules = AttachmentRules::default();
    let file = |name: &str, mime: &str, size: usize| {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::new_with_length(size as u32));
        let bag = web_sys::FilePropertyBag::new();
        bag.set_type(mime);
        web_sys::File::new_with_u8_array_sequence_and_options(&parts, name, &bag).unwrap()
    };
    let en = Locale::En;
    assert!(check_file(en, &rules, &file("photo.png", "image/png", 10)).is_ok());
    let err = check_file(
        en,
        &rules,
        &file("tool.exe", "application/x-msdownload", 10),
    )
    .unwrap_err();
    assert!(
        err.starts_with("“tool.exe”:") && err.contains(".png"),
        "{err}"
    );
    let small = AttachmentRules {
        max_size_bytes: 5,
        ..AttachmentRules::default()
    };
    let err = check_file(en, &small, &file("a.txt", "text/plain", 6)).unwrap_err();
    assert!(err.contains("at most 5 bytes"), "{err}");
}

#[wasm_bindgen_test]
async fn uploads_show_progress_cancel_and_retry() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let upload = |token: &str, state: UploadState| UploadView {
                token: token.into(),
                name: format!("{token}.pdf"),
                size: 100,
                progress: 0.5,
                state,
                thumbnail: None,
            };
            state.add_upload(upload("up", UploadState::Uploading));
            state.add_upload(upload(
                "bad",
                UploadState::Failed {
                    reason: "The upload did not reach the server".into(),
                    retry: true,
                },
            ));
            state.add_upload(upload(
                "full",
                UploadState::Failed {
                    reason: "Too many attachments".into(),
                    retry: false,
                },
            ));
        },
        || view! { <UploadList /> },
    );
    tick().await;
    let progress = m.find("progress").unwrap();
    assert_eq!(progress.get_attribute("value").as_deref(), Some("50"));
    assert!(m.text().contains("did not reach the server"));
    let buttons = m.all(".cc-upload button");
    assert_eq!(
        buttons.len(),
        4,
        "cancel; a failure's retry and dismiss; only dismiss where a retry cannot help"
    );
    for button in &buttons {
        button.unchecked_ref::<web_sys::HtmlElement>().click();
    }
    let intents = m.intents.borrow();
    assert!(matches!(&intents[0], Intent::CancelUpload { token } if token == "up"));
    assert!(matches!(&intents[1], Intent::RetryUpload { token } if token == "bad"));
    assert!(matches!(&intents[2], Intent::CancelUpload { token } if token == "bad"));
    assert!(matches!(&intents[3], Intent::CancelUpload { token } if token == "full"));
}

#[wasm_bindgen_test]
async fn attachments_rejected_scanning_and_download() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let attachment = |key: &str, status: ArtifactStatus| {
                let mut l = line(key, Role::Agent, "Ada", "", "", key.len() as i64);
                l.kind = LineKind::Attachment;
                l.attachments = vec![AttachmentItem {
                    content_type: Some("application/pdf".into()),
                    attachment_id: Some(format!("id-{key}")),
                    attachment_name: Some(format!("{key}.pdf")),
                    status: Some(status),
                }];
                l
            };
            state.set_lines(vec![
                attachment("r", ArtifactStatus::Rejected),
                attachment("sc", ArtifactStatus::InProgress),
                attachment("okk", ArtifactStatus::Approved),
            ]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    let text = m.text();
    assert!(text.contains("Blocked by the security scan"), "{text}");
    assert!(text.contains("Being checked"), "{text}");
    m.find(".cc-attachment button").expect("download").click();
    let downloads: Vec<String> = m
        .intents
        .borrow()
        .iter()
        .filter_map(|i| match i {
            Intent::Download { attachment_id } => Some(attachment_id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(downloads, ["id-okk"]);
    m.write
        .add_attachment_url("id-okk".into(), "http://127.0.0.1:9/file.pdf".into());
    tick().await;
    let a = m.find(".cc-attachment a").expect("a link");
    assert_eq!(
        a.get_attribute("href").as_deref(),
        Some("http://127.0.0.1:9/file.pdf")
    );
    assert_eq!(
        a.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
}

#[wasm_bindgen_test]
async fn approved_images_ask_for_a_thumbnail_url_and_show_it() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            let mut l = line("img", Role::Agent, "Ada", "", "", 1);
            l.kind = LineKind::Attachment;
            l.attachments = vec![AttachmentItem {
                content_type: Some("image/png".into()),
                attachment_id: Some("id-img".into()),
                attachment_name: Some("photo.png".into()),
                status: Some(ArtifactStatus::Approved),
            }];
            state.set_lines(vec![l]);
        },
        || view! { <MessageList /> },
    );
    tick().await;
    assert!(m
        .intents
        .borrow()
        .iter()
        .any(|i| matches!(i, Intent::Preview { attachment_id } if attachment_id == "id-img")));
    m.write
        .add_attachment_url("id-img".into(), "http://127.0.0.1:9/photo.png".into());
    tick().await;
    let img = m.find("img.cc-thumb").expect("a thumbnail");
    assert_eq!(
        img.get_attribute("src").as_deref(),
        Some("http://127.0.0.1:9/photo.png")
    );
    assert_eq!(img.get_attribute("alt").as_deref(), Some("photo.png"));
}

#[wasm_bindgen_test]
async fn an_upload_moves_on_in_place() {
    let m = mount(
        UiConfig::default(),
        |state| {
            running(state);
            state.add_upload(UploadView {
                token: "up".into(),
                name: "up.pdf".into(),
                size: 100,
                progress: 0.1,
                state: UploadState::Uploading,
                thumbnail: None,
            });
        },
        || view! { <UploadList /> },
    );
    tick().await;
    let row = m.find(".cc-upload").unwrap();
    let progress = m.find("progress").unwrap();
    m.write.set_upload_progress("up", 0.75);
    tick().await;
    assert!(m.find("progress").unwrap().is_same_node(Some(&progress)));
    assert_eq!(progress.get_attribute("value").as_deref(), Some("75"));
    m.write.set_upload_state("up", UploadState::Done);
    tick().await;
    assert!(m.find(".cc-upload").unwrap().is_same_node(Some(&row)));
    assert!(m.find("progress").is_none());
    assert!(row
        .text_content()
        .unwrap()
        .contains("Uploaded, being checked"));
}
