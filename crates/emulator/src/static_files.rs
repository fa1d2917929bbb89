//! The static directory served as a CDN serves it: compressed with brotli or gzip as the
//! browser's `Accept-Encoding` asks, `Vary: Accept-Encoding` on everything that could be
//! compressed, and each file compressed once per version (its size and modification time), so a
//! reload costs no compression and a rebuilt file is compressed anew.
//!
//! Brotli at its strongest takes seconds for the widget's wasm: while it runs, a browser that
//! also takes gzip gets gzip (a fraction of a second), and brotli from then on.
//!
//! `ServeDir` resolves paths, types (`application/wasm` for `.wasm`), conditional and range
//! requests; this layer only re-encodes its whole-file `200` answers to `GET`.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    HeaderValue, ACCEPT_ENCODING, ACCEPT_RANGES, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE,
    LAST_MODIFIED, RANGE, VARY,
};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::OnceCell;
use tower_http::services::ServeDir;

/// Smaller files are sent as they are (CloudFront's lower bound): compression would barely
/// pay for its header.
const MIN_BYTES: u64 = 1_000;
/// Larger files are sent as they are (CloudFront's upper bound).
const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// A content coding the browser accepts, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }

    /// The codings `accept` (an `Accept-Encoding` value) takes, brotli first. A coding with
    /// `q=0` is refused; `*` accepts both.
    pub(crate) fn accepted(accept: &str) -> Vec<Encoding> {
        let mut brotli = None;
        let mut gzip = None;
        let mut any = None;
        for item in accept.split(',') {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or("").to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
            let accepted = q.is_some_and(|q| q > 0.0);
            match name.as_str() {
                "br" => brotli = Some(accepted),
                "gzip" | "x-gzip" => gzip = Some(accepted),
                "*" => any = Some(accepted),
                _ => {}
            }
        }
        let ok = |explicit: Option<bool>| explicit.or(any).unwrap_or(false);
        [(brotli, Encoding::Brotli), (gzip, Encoding::Gzip)]
            .into_iter()
            .filter(|(explicit, _)| ok(*explicit))
            .map(|(_, encoding)| encoding)
            .collect()
    }

    /// `bytes` compressed at the strongest setting a site would use for static files.
    pub(crate) fn compress(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Encoding::Brotli => {
                let mut out = Vec::with_capacity(bytes.len() / 3);
                let params = brotli::enc::BrotliEncoderParams {
                    quality: 11,
                    lgwin: 22,
                    size_hint: bytes.len(),
                    ..Default::default()
                };
                // Reading from a slice and writing to a Vec cannot fail.
                brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
                    .expect("in-memory brotli cannot fail");
                out
            }
            Encoding::Gzip => {
                let mut encoder = flate2::write::GzEncoder::new(
                    Vec::with_capacity(bytes.len() / 3),
                    flate2::Compression::best(),
                );
                // Writing to a Vec cannot fail.
                encoder
                    .write_all(bytes)
                    .and_then(|()| encoder.finish())
                    .expect("in-memory gzip cannot fail")
            }
        }
    }
}

/// One file's compressed form, for one version of the file.
struct Entry {
    version: (u64, Option<HeaderValue>),
    bytes: Arc<OnceCell<Bytes>>,
}

/// Compressed files by path and coding; a new version of a file replaces the old entry.
#[derive(Default)]
struct Cache {
    entries: Mutex<HashMap<(String, Encoding), Entry>>,
}

impl Cache {
    /// The cell holding this version's compressed bytes; concurrent requests for the same
    /// file share it, so a file is compressed once.
    fn cell(
        &self,
        path: &str,
        encoding: Encoding,
        version: (u64, Option<HeaderValue>),
    ) -> Arc<OnceCell<Bytes>> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries
            .entry((path.to_owned(), encoding))
            .or_insert_with(|| Entry {
                version: version.clone(),
                bytes: Arc::default(),
            });
        if entry.version != version {
            *entry = Entry {
                version,
                bytes: Arc::default(),
            };
        }
        entry.bytes.clone()
    }
}

/// Serves `dir`, compressed as the request accepts.
pub(crate) fn service(dir: &Path) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(dir))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(Cache::default()),
            compress,
        ))
}

/// Whether a response of this type is worth compressing (images, video and archives are
/// compressed already).
fn compressible(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.starts_with("text/")
        || matches!(
            essence,
            "application/javascript"
                | "application/json"
                | "application/wasm"
                | "application/xml"
                | "image/svg+xml"
        )
}

/// The cell's bytes, compressing `plain` into it first unless another request did.
async fn compress_once(cell: Arc<OnceCell<Bytes>>, encoding: Encoding, plain: Bytes) -> Bytes {
    cell.get_or_init(|| async move {
        let packed = tokio::task::spawn_blocking(move || encoding.compress(&plain)).await;
        // The closure cannot panic (compress only writes to memory), so the task completes.
        Bytes::from(packed.expect("compression task completes"))
    })
    .await
    .clone()
}

async fn compress(State(cache): State<Arc<Cache>>, request: Request, next: Next) -> Response {
    let accepted = request
        .headers()
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(Encoding::accepted)
        .unwrap_or_default();
    let whole_get = request.method() == Method::GET && !request.headers().contains_key(RANGE);
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;

    let typed = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(compressible);
    if !typed {
        return response;
    }
    // The answer depends on Accept-Encoding even when it is sent as it is.
    response
        .headers_mut()
        .append(VARY, HeaderValue::from_static("accept-encoding"));
    let length = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let (false, true, StatusCode::OK, Some(length)) =
        (accepted.is_empty(), whole_get, response.status(), length)
    else {
        return response;
    };
    if !(MIN_BYTES..=MAX_BYTES).contains(&length) {
        return response;
    }

    let version = (length, response.headers().get(LAST_MODIFIED).cloned());
    let (mut parts, body) = response.into_parts();
    let plain = match axum::body::to_bytes(body, MAX_BYTES as usize).await {
        Ok(plain) => plain,
        Err(e) => {
            eprintln!("connect-emulator: could not read {path}: {e}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut chosen = None;
    for (i, &encoding) in accepted.iter().enumerate() {
        let cell = cache.cell(&path, encoding, version.clone());
        if let Some(bytes) = cell.get() {
            chosen = Some((encoding, bytes.clone()));
            break;
        }
        let init = compress_once(cell, encoding, plain.clone());
        if encoding == Encoding::Brotli && i + 1 < accepted.len() {
            // Prepared for the next request; this one takes the next coding.
            tokio::spawn(init);
            continue;
        }
        chosen = Some((encoding, init.await));
        break;
    }
    let Some((encoding, compressed)) = chosen else {
        return Response::from_parts(parts, Body::from(plain));
    };
    parts
        .headers
        .insert(CONTENT_ENCODING, HeaderValue::from_static(encoding.token()));
    parts
        .headers
        .insert(CONTENT_LENGTH, compressed.len().into());
    // Byte ranges would count in the compressed form; whole files only.
    parts.headers.remove(ACCEPT_RANGES);
    Response::from_parts(parts, Body::from(compressed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_preferred_then_gzip_and_q_zero_refuses() {
        use Encoding::{Brotli, Gzip};
        let n = Encoding::accepted;
        assert_eq!(n("gzip, deflate, br, zstd"), [Brotli, Gzip]);
        assert_eq!(n("gzip, deflate"), [Gzip]);
        assert_eq!(n("br;q=0, gzip;q=0.5"), [Gzip]);
        assert_eq!(n("BR;Q=0.1"), [Brotli]);
        assert_eq!(n("identity"), []);
        assert_eq!(n(""), []);
        assert_eq!(n("*"), [Brotli, Gzip]);
        assert_eq!(n("*, br;q=0"), [Gzip]);
        assert_eq!(n("gzip;q=0, *;q=0"), []);
    }

    #[test]
    fn only_text_like_types_are_compressed() {
        assert!(compressible("application/wasm"));
        assert!(compressible("text/javascript; charset=utf-8"));
        assert!(compressible("application/javascript"));
        assert!(!compressible("image/png"));
        assert!(!compressible("application/octet-stream"));
    }

    #[test]
    fn a_new_version_of_a_file_gets_a_new_cell() {
        let cache = Cache::default();
        let v1 = (10, Some(HeaderValue::from_static("a")));
        let v2 = (11, Some(HeaderValue::from_static("a")));
        let first = cache.cell("/x.js", Encoding::Gzip, v1.clone());
        assert!(Arc::ptr_eq(
            &first,
            &cache.cell("/x.js", Encoding::Gzip, v1.clone())
        ));
        assert!(!Arc::ptr_eq(
            &first,
            &cache.cell("/x.js", Encoding::Brotli, v1)
        ));
        assert!(!Arc::ptr_eq(
            &first,
            &cache.cell("/x.js", Encoding::Gzip, v2)
        ));
    }
}
