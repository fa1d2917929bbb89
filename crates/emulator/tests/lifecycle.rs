//! Start-up, the saved state across restarts, the static directory and the binary.

mod common;

use std::time::Duration;

use common::*;
use connect_emulator::{AgentMode, Config};
use connect_participant::*;
use serde_json::{json, Value};

#[tokio::test]
async fn data_dir_keeps_contacts_and_tokens_across_restarts() {
    let dir = std::env::temp_dir().join(format!("connect-emulator-test-{}", uuid::Uuid::new_v4()));
    let config = || Config {
        data_dir: Some(dir.clone()),
        ..fast_config(AgentMode::None)
    };
    let h = Harness::start(config()).await;
    let chat = h.start_chat("Ann").await;
    h.call(&SendMessage::text("remember me"), &chat.connection_token)
        .await
        .unwrap();
    // An uploaded, approved attachment.
    let upload = h
        .call(
            &StartAttachmentUpload {
                content_type: "text/plain".into(),
                attachment_size_in_bytes: 4,
                attachment_name: "kept.txt".into(),
                client_token: "kept".into(),
            },
            &chat.connection_token,
        )
        .await
        .unwrap();
    let meta = upload.upload_metadata.unwrap();
    let mut put = h.http.put(meta.url.unwrap());
    for (k, v) in meta.headers_to_include.unwrap() {
        if k != "Content-Length" {
            put = put.header(k, v);
        }
    }
    assert_eq!(put.body("kept").send().await.unwrap().status(), 200);
    let attachment_id = upload.attachment_id.unwrap();
    h.call(
        &CompleteAttachmentUpload {
            attachment_ids: vec![attachment_id.clone()],
            client_token: "kept".into(),
        },
        &chat.connection_token,
    )
    .await
    .unwrap();
    h.wait_item(&chat.contact_id, |i| i["Type"] == "ATTACHMENT")
        .await;
    h.emulator.shutdown().await;
    let h = Harness::start(config()).await;
    let items = h.transcript(&chat.contact_id).await;
    assert!(
        items.iter().any(|i| i["Content"] == "remember me"),
        "{items:?}"
    );
    let got = h
        .call(
            &GetAttachment {
                attachment_id,
                ..GetAttachment::default()
            },
            &chat.connection_token,
        )
        .await
        .unwrap();
    let body = h.http.get(got.url.unwrap()).send().await.unwrap();
    assert_eq!(body.text().await.unwrap(), "kept");
    h.call(&SendMessage::text("and me"), &chat.connection_token)
        .await
        .unwrap();
    h.emulator.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn start_up_line_names_every_url() {
    let h = Harness::new().await;
    let line: Value = serde_json::from_str(&h.emulator.urls_json()).unwrap();
    for key in ["participant_url", "websocket_base", "s3_url", "control_url"] {
        assert!(line[key].as_str().unwrap().contains("127.0.0.1:"), "{key}");
    }
    assert!(line.get("page_url").is_none());
}

#[tokio::test]
async fn static_directory_is_served_on_its_own_origin_with_the_console() {
    let dir =
        std::env::temp_dir().join(format!("connect-emulator-static-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<p>demo page</p>").unwrap();
    let config = Config {
        static_dir: Some(dir.clone()),
        ..fast_config(AgentMode::None)
    };
    let h = Harness::start(config).await;
    let page_url = h
        .emulator
        .urls()
        .page_url
        .clone()
        .expect("page_url with a static dir");
    assert_ne!(page_url, h.emulator.urls().participant_url);
    let body = h
        .http
        .get(format!("{page_url}/index.html"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "<p>demo page</p>");
    let console = h
        .http
        .get(format!("{page_url}/agent"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(console.contains(&h.emulator.urls().control_url));
    let urls: Value = h
        .http
        .get(format!("{page_url}/emulator.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        urls["participant_url"],
        h.emulator.urls().participant_url.as_str()
    );
    let missing = h
        .http
        .get(format!("{page_url}/nope.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn unreadable_saved_state_is_a_clear_start_up_error() {
    let dir = std::env::temp_dir().join(format!("connect-emulator-bad-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("state.json"), "{ not json").unwrap();
    let config = Config {
        data_dir: Some(dir.clone()),
        ..fast_config(AgentMode::None)
    };
    let err = connect_emulator::Emulator::start(config)
        .await
        .err()
        .expect("refused");
    assert!(
        matches!(err, connect_emulator::EmulatorError::State { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("state.json"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The binary's contract: flags and one JSON line on stdout.
#[tokio::test]
async fn binary_prints_one_json_line_and_refuses_a_missing_static_dir() {
    use std::io::BufRead;
    let bin = env!("CARGO_BIN_EXE_connect-emulator");
    let mut child = std::process::Command::new(bin)
        .args(["--port", "0", "--agent", "none", "--host", "127.0.0.1"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let read = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .map(|_| line)
    });
    let line = match tokio::time::timeout(Duration::from_secs(15), read).await {
        Ok(line) => line.unwrap().unwrap(),
        Err(_) => {
            let _ = child.kill();
            panic!("no start-up line within 15 s");
        }
    };
    let urls: Value = serde_json::from_str(&line).unwrap();
    let participant = urls["participant_url"].as_str().unwrap().to_owned();
    assert!(participant.starts_with("http://127.0.0.1:"));
    assert_eq!(urls["control_url"], format!("{participant}/_emulator"));
    let contacts: Value = reqwest::get(format!("{participant}/_emulator/contacts"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(contacts["Contacts"], json!([]));
    child.kill().unwrap();
    child.wait().unwrap();

    let status = std::process::Command::new(bin)
        .args(["--static", "/no/such/dir"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}
