//! The static directory is served compressed as the browser accepts, as a CDN would.

use std::io::Read;
use std::path::PathBuf;

use connect_emulator::{AgentMode, Config, Emulator};

/// Bytes that compress well but not trivially, like code.
fn code_like(len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut n: u32 = 7;
    while out.len() < len {
        n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        out.extend_from_slice(format!("fn f{}() {{ g({}); }}\n", n % 97, n % 13).as_bytes());
    }
    out.truncate(len);
    out
}

struct Site {
    dir: PathBuf,
    emulator: Emulator,
    page: String,
    http: reqwest::Client,
}

impl Site {
    async fn start(files: &[(&str, &[u8])]) -> Site {
        let dir = std::env::temp_dir().join(format!(
            "connect-emulator-compress-{}",
            uuid::Uuid::new_v4()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        let emulator = Emulator::start(Config {
            agent: AgentMode::None,
            static_dir: Some(dir.clone()),
            ..Config::default()
        })
        .await
        .unwrap();
        let page = emulator.urls().page_url.clone().expect("a page port");
        Site {
            dir,
            emulator,
            page,
            http: reqwest::Client::new(),
        }
    }

    async fn get(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.http.get(format!("{}{path}", self.page));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        request.send().await.unwrap()
    }

    async fn stop(self) {
        self.emulator.shutdown().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn wasm_and_js_are_sent_as_brotli_or_gzip_as_accepted_with_vary() {
    let wasm = code_like(200_000);
    let js = code_like(5_000);
    let site = Site::start(&[("w_bg.wasm", &wasm), ("w.js", &js)]).await;

    // The first answer may be gzip while brotli is being prepared; brotli follows.
    let both = [("accept-encoding", "gzip, deflate, br, zstd")];
    let first = site.get("/w_bg.wasm", &both).await;
    let encoding = header(&first, "content-encoding").unwrap();
    let body = first.bytes().await.unwrap();
    match encoding.as_str() {
        "gzip" => assert_eq!(gunzip(&body), wasm),
        other => assert_eq!(other, "br"),
    }
    let mut br = site.get("/w_bg.wasm", &both).await;
    for _ in 0..200 {
        if header(&br, "content-encoding").as_deref() == Some("br") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        br = site.get("/w_bg.wasm", &both).await;
    }
    assert_eq!(br.status(), 200);
    assert_eq!(
        header(&br, "content-type").as_deref(),
        Some("application/wasm")
    );
    assert_eq!(header(&br, "content-encoding").as_deref(), Some("br"));
    assert!(header(&br, "vary").unwrap().contains("accept-encoding"));
    let length: usize = header(&br, "content-length").unwrap().parse().unwrap();
    let body = br.bytes().await.unwrap();
    assert_eq!(body.len(), length);
    assert!(body.len() < wasm.len() / 4, "{} bytes", body.len());
    assert_eq!(unbrotli(&body), wasm);

    let gz = site
        .get("/w.js", &[("accept-encoding", "gzip, deflate")])
        .await;
    assert_eq!(header(&gz, "content-encoding").as_deref(), Some("gzip"));
    assert!(header(&gz, "content-type").unwrap().contains("javascript"));
    assert_eq!(gunzip(&gz.bytes().await.unwrap()), js);

    // A browser that takes brotli alone waits for it.
    let only = site.get("/w.js", &[("accept-encoding", "br")]).await;
    assert_eq!(header(&only, "content-encoding").as_deref(), Some("br"));
    assert_eq!(unbrotli(&only.bytes().await.unwrap()), js);
    site.stop().await;
}

#[tokio::test]
async fn without_accept_encoding_or_for_a_range_the_file_is_sent_as_it_is() {
    let wasm = code_like(50_000);
    let site = Site::start(&[("w_bg.wasm", &wasm)]).await;

    let plain = site.get("/w_bg.wasm", &[]).await;
    assert_eq!(header(&plain, "content-encoding"), None);
    // Still varies: another client's Accept-Encoding gets another answer.
    assert!(header(&plain, "vary").unwrap().contains("accept-encoding"));
    assert_eq!(plain.bytes().await.unwrap(), wasm);

    let refused = site
        .get("/w_bg.wasm", &[("accept-encoding", "br;q=0, gzip;q=0")])
        .await;
    assert_eq!(header(&refused, "content-encoding"), None);
    assert_eq!(refused.bytes().await.unwrap(), wasm);

    let range = site
        .get(
            "/w_bg.wasm",
            &[("accept-encoding", "br"), ("range", "bytes=0-99")],
        )
        .await;
    assert_eq!(range.status(), 206);
    assert_eq!(header(&range, "content-encoding"), None);
    assert_eq!(range.bytes().await.unwrap(), wasm[..100]);
    site.stop().await;
}

#[tokio::test]
async fn small_files_and_images_are_not_compressed() {
    let png = code_like(20_000);
    let site = Site::start(&[("tiny.js", b"export const a = 1;\n"), ("p.png", &png)]).await;
    let tiny = site.get("/tiny.js", &[("accept-encoding", "br")]).await;
    assert_eq!(header(&tiny, "content-encoding"), None);
    assert_eq!(&tiny.bytes().await.unwrap()[..], b"export const a = 1;\n");
    let image = site.get("/p.png", &[("accept-encoding", "br")]).await;
    assert_eq!(header(&image, "content-encoding"), None);
    assert_eq!(header(&image, "vary"), None);
    assert_eq!(image.bytes().await.unwrap(), png);
    site.stop().await;
}

#[tokio::test]
async fn a_rewritten_file_is_compressed_anew() {
    let first = code_like(30_000);
    let site = Site::start(&[("app.js", &first)]).await;
    let got = site.get("/app.js", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gunzip(&got.bytes().await.unwrap()), first);

    // A rebuild writes a file of another length (the modification time may not move within
    // the file system's resolution).
    let second = code_like(31_000);
    std::fs::write(site.dir.join("app.js"), &second).unwrap();
    let got = site.get("/app.js", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gunzip(&got.bytes().await.unwrap()), second);
    site.stop().await;
}
