//! The S3 side of attachments: SigV4 query-string presigning, and a small bucket that only
//! accepts requests whose presigned signature and expiry check out.
//!
//! The signer follows AWS Signature Version 4 for S3 presigned URLs (`UNSIGNED-PAYLOAD`);
//! the test below checks it against the example in AWS's documentation.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State as AxState};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use connect_participant::time::{format_iso8601, parse_iso8601, Millis};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::state::now_ms;
use crate::App;

/// The bucket every attachment goes to.
pub const BUCKET: &str = "amazon-connect-attachments-emulator";

/// Signs and verifies presigned S3 URLs with one set of credentials.
#[derive(Debug, Clone)]
pub struct Signer {
    pub access_key: String,
    pub secret_key: String,
    pub region: String,
    /// `http://127.0.0.1:PORT`, the S3 port's base URL.
    pub base_url: String,
}

/// Percent-encodes as SigV4 requires: everything but unreserved characters, and `/` too
/// unless `keep_slash`.
pub fn uri_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space, as query strings may carry it).
pub fn percent_decode(s: &str) -> String {
    fn hex_value(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                if let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                    out.push(hi * 16 + lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `20130524T000000Z` for a time in milliseconds.
pub fn amz_date(millis: Millis) -> String {
    let iso = format_iso8601(millis);
    // 2013-05-24T00:00:00.000Z -> 20130524T000000Z
    let (date_time, _) = iso.split_once('.').unwrap_or((&iso, ""));
    format!("{}Z", date_time.replace(['-', ':'], ""))
}

fn parse_amz_date(s: &str) -> Option<Millis> {
    // ASCII first: the slices below must fall on character boundaries.
    if s.len() != 16 || !s.is_ascii() || !s.ends_with('Z') || s.as_bytes()[8] != b'T' {
        return None;
    }
    let iso = format!(
        "{}-{}-{}T{}:{}:{}.000Z",
        &s[0..4],
        &s[4..6],
        &s[6..8],
        &s[9..11],
        &s[11..13],
        &s[13..15]
    );
    parse_iso8601(&iso)
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn canonical_query(params: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (uri_encode(k, false), uri_encode(v, false)))
        .collect();
    encoded.sort();
    encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

impl Signer {
    fn scope(&self, date: &str) -> String {
        format!("{date}/{}/s3/aws4_request", self.region)
    }

    /// The signature of a canonical request.
    fn sign(
        &self,
        method: &str,
        path: &str,
        query: &[(String, String)],
        headers: &BTreeMap<String, String>,
        amz_date: &str,
    ) -> String {
        let canonical_headers: String = headers
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}:{}\n",
                    v.split_whitespace().collect::<Vec<_>>().join(" ")
                )
            })
            .collect();
        let signed_headers = headers.keys().cloned().collect::<Vec<_>>().join(";");
        let canonical_request = format!(
            "{method}\n{path}\n{}\n{canonical_headers}\n{signed_headers}\nUNSIGNED-PAYLOAD",
            canonical_query(query)
        );
        let date = &amz_date[..8];
        let string_to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{}\n{}",
            self.scope(date),
            hex::encode(Sha256::digest(canonical_request.as_bytes()))
        );
        let mut key = hmac(format!("AWS4{}", self.secret_key).as_bytes(), date);
        for part in [self.region.as_str(), "s3", "aws4_request"] {
            key = hmac(&key, part);
        }
        hex::encode(hmac(&key, &string_to_sign))
    }

    /// A presigned URL for `method` on `key` in [`BUCKET`], signing `headers` (and `host`)
    /// and carrying the extra `query` parameters.
    pub fn presign(
        &self,
        method: &str,
        key: &str,
        headers: &BTreeMap<String, String>,
        query: &[(String, String)],
        now: Millis,
        expires_secs: u64,
    ) -> String {
        let host = self
            .base_url
            .split_once("://")
            .map(|(_, h)| h)
            .unwrap_or(&self.base_url)
            .to_owned();
        let path = format!("/{BUCKET}/{}", uri_encode(key, true));
        self.presign_path(method, &host, &path, headers, query, now, expires_secs)
            .into_url(&self.base_url)
    }

    #[allow(clippy::too_many_arguments)]
    fn presign_path(
        &self,
        method: &str,
        host: &str,
        path: &str,
        headers: &BTreeMap<String, String>,
        query: &[(String, String)],
        now: Millis,
        expires_secs: u64,
    ) -> Presigned {
        let mut lower: BTreeMap<String, String> = headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        lower.insert("host".into(), host.to_owned());
        let date = amz_date(now);
        let mut params: Vec<(String, String)> = query.to_vec();
        params.push(("X-Amz-Algorithm".into(), "AWS4-HMAC-SHA256".into()));
        params.push((
            "X-Amz-Credential".into(),
            format!("{}/{}", self.access_key, self.scope(&date[..8])),
        ));
        params.push(("X-Amz-Date".into(), date.clone()));
        params.push(("X-Amz-Expires".into(), expires_secs.to_string()));
        params.push((
            "X-Amz-SignedHeaders".into(),
            lower.keys().cloned().collect::<Vec<_>>().join(";"),
        ));
        let signature = self.sign(method, path, &params, &lower, &date);
        Presigned {
            path: path.to_owned(),
            query: format!("{}&X-Amz-Signature={signature}", canonical_query(&params)),
        }
    }

    /// Checks a presigned request: credentials, signature over the signed headers as the
    /// request carries them, and expiry.
    pub fn verify(
        &self,
        method: &str,
        uri: &Uri,
        headers: &HeaderMap,
        now: Millis,
    ) -> Result<(), S3Error> {
        let raw_query = uri.query().unwrap_or("");
        let mut params: Vec<(String, String)> = raw_query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        let take = |params: &[(String, String)], name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let missing = || {
            S3Error::new(
                403,
                "AccessDenied",
                "Query-string authentication is required",
            )
        };
        let signature = take(&params, "X-Amz-Signature").ok_or_else(missing)?;
        let algorithm = take(&params, "X-Amz-Algorithm").ok_or_else(missing)?;
        let credential = take(&params, "X-Amz-Credential").ok_or_else(missing)?;
        let date = take(&params, "X-Amz-Date").ok_or_else(missing)?;
        let expires = take(&params, "X-Amz-Expires").ok_or_else(missing)?;
        let signed = take(&params, "X-Amz-SignedHeaders").ok_or_else(missing)?;
        if algorithm != "AWS4-HMAC-SHA256" {
            return Err(S3Error::new(
                400,
                "AuthorizationQueryParametersError",
                "Unsupported X-Amz-Algorithm",
            ));
        }
        let issued = parse_amz_date(&date).ok_or_else(|| {
            S3Error::new(
                400,
                "AuthorizationQueryParametersError",
                "X-Amz-Date is not yyyyMMddTHHmmssZ",
            )
        })?;
        if credential != format!("{}/{}", self.access_key, self.scope(&date[..8])) {
            return Err(S3Error::new(
                403,
                "InvalidAccessKeyId",
                "The credential is not known to this bucket",
            ));
        }
        let expires: i64 = expires
            .parse()
            .ok()
            .filter(|e| (1..=604_800).contains(e))
            .ok_or_else(|| {
                S3Error::new(
                    400,
                    "AuthorizationQueryParametersError",
                    "X-Amz-Expires must be 1..604800",
                )
            })?;
        let mut signed_headers = BTreeMap::new();
        for name in signed.split(';') {
            let value = headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .trim()
                .to_owned();
            signed_headers.insert(name.to_owned(), value);
        }
        params.retain(|(k, _)| k != "X-Amz-Signature");
        let expected = self.sign(method, uri.path(), &params, &signed_headers, &date);
        if !constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
            return Err(S3Error::new(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            ));
        }
        if now > issued + expires * 1000 {
            return Err(S3Error::new(403, "AccessDenied", "Request has expired"));
        }
        Ok(())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

struct Presigned {
    path: String,
    query: String,
}

impl Presigned {
    fn into_url(self, base_url: &str) -> String {
        format!("{base_url}{}?{}", self.path, self.query)
    }
}

/// An S3 error, answered as S3 does (XML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Error {
    pub status: u16,
    pub code: &'static str,
    pub message: &'static str,
}

impl S3Error {
    pub fn new(status: u16, code: &'static str, message: &'static str) -> S3Error {
        S3Error {
            status,
            code,
            message,
        }
    }
}

impl IntoResponse for S3Error {
    fn into_response(self) -> Response {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message><RequestId>{}</RequestId></Error>",
            self.code,
            self.message,
            crate::state::new_id()
        );
        (
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::FORBIDDEN),
            [("content-type", "application/xml")],
            body,
        )
            .into_response()
    }
}

/// The S3 port's routes: `/{bucket}/{key...}` for PUT, GET and HEAD.
pub fn routes() -> Router<App> {
    Router::new().route("/{bucket}/{*key}", any(object))
}

async fn object(
    AxState(app): AxState<App>,
    Path((bucket, key)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if bucket != BUCKET {
        return S3Error::new(404, "NoSuchBucket", "The specified bucket does not exist")
            .into_response();
    }
    let verb = method.as_str().to_owned();
    // A HEAD is signed as a GET by some clients; accept either signature.
    let verified = app
        .signer
        .verify(&verb, &uri, &headers, now_ms())
        .or_else(|e| {
            if method == Method::HEAD {
                app.signer.verify("GET", &uri, &headers, now_ms())
            } else {
                Err(e)
            }
        });
    if let Err(e) = verified {
        return e.into_response();
    }
    match method {
        Method::PUT => {
            let content_type = headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("application/octet-stream")
                .to_owned();
            let etag = format!("\"{}\"", &hex::encode(Sha256::digest(&body))[..32]);
            crate::store_object(&app, key, body.to_vec(), content_type).await;
            let mut response = StatusCode::OK.into_response();
            if let Ok(v) = HeaderValue::from_str(&etag) {
                response.headers_mut().insert("etag", v);
            }
            response
        }
        Method::GET | Method::HEAD => {
            let Some((bytes, content_type)) = app.lock().objects.get(&key).cloned() else {
                return S3Error::new(404, "NoSuchKey", "The specified key does not exist.")
                    .into_response();
            };
            let disposition = uri.query().and_then(|q| {
                q.split('&').find_map(|p| {
                    p.strip_prefix("response-content-disposition=")
                        .map(percent_decode)
                })
            });
            let mut response = if method == Method::HEAD {
                let mut r = StatusCode::OK.into_response();
                if let Ok(v) = HeaderValue::from_str(&bytes.len().to_string()) {
                    r.headers_mut().insert("content-length", v);
                }
                r
            } else {
                (StatusCode::OK, bytes).into_response()
            };
            if let Ok(v) = HeaderValue::from_str(&content_type) {
                response.headers_mut().insert("content-type", v);
            }
            if let Some(Ok(v)) = disposition.map(|d| HeaderValue::from_str(&d)) {
                response.headers_mut().insert("content-disposition", v);
            }
            response
        }
        _ => S3Error::new(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Signer {
        Signer {
            access_key: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            region: "us-east-1".into(),
            base_url: "https://examplebucket.s3.amazonaws.com".into(),
        }
    }

    #[test]
    fn presign_matches_the_aws_documentation_example() {
        // "Authenticating Requests: Using Query Parameters" in the S3 API reference.
        let at = parse_amz_date("20130524T000000Z").unwrap();
        let url = example().presign_path(
            "GET",
            "examplebucket.s3.amazonaws.com",
            "/test.txt",
            &BTreeMap::new(),
            &[],
            at,
            86400,
        );
        assert!(
            url.query.ends_with(
                "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
            ),
            "{}",
            url.query
        );
    }

    #[test]
    fn amz_dates_round_trip() {
        let at = parse_amz_date("20240229T235959Z").unwrap();
        assert_eq!(amz_date(at), "20240229T235959Z");
        assert_eq!(parse_amz_date("2024-02-29"), None);
        assert_eq!(parse_amz_date("20240\u{e9}2T235959Z"), None);
    }

    #[test]
    fn verify_accepts_its_own_urls_and_rejects_changes() {
        let mut signer = example();
        signer.base_url = "http://127.0.0.1:9000".into();
        let now = 1_700_000_000_000;
        let mut signed = BTreeMap::new();
        signed.insert("Content-Length".to_owned(), "5".to_owned());
        signed.insert("x-amz-meta-contact_id".to_owned(), "c 1".to_owned());
        let url = signer.presign("PUT", "a/b c", &signed, &[], now, 60);
        let uri: Uri = url
            .trim_start_matches("http://127.0.0.1:9000")
            .parse()
            .unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("127.0.0.1:9000"));
        headers.insert("content-length", HeaderValue::from_static("5"));
        headers.insert("x-amz-meta-contact_id", HeaderValue::from_static("c 1"));
        assert_eq!(signer.verify("PUT", &uri, &headers, now + 1000), Ok(()));
        assert_eq!(
            signer
                .verify("PUT", &uri, &headers, now + 61_000)
                .unwrap_err()
                .message,
            "Request has expired"
        );
        assert_eq!(
            signer.verify("GET", &uri, &headers, now).unwrap_err().code,
            "SignatureDoesNotMatch"
        );
        headers.insert("content-length", HeaderValue::from_static("6"));
        assert_eq!(
            signer.verify("PUT", &uri, &headers, now).unwrap_err().code,
            "SignatureDoesNotMatch"
        );
    }

    #[test]
    fn percent_decoding_handles_escapes_and_truncation() {
        assert_eq!(percent_decode("a%2Fb+c%"), "a/b c%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
