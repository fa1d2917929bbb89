//! The attachment PUT to a presigned URL, over XMLHttpRequest for upload progress.
//!
//! The request carries exactly the headers the service listed (they are signed), except
//! `Content-Length`, which the browser computes from the body and refuses to let a page set.
//! Any HTTP status is reported as a response; the session checks it before completing the
//! upload.

use std::rc::Rc;

use connect_participant::HttpResponse;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Blob, Event, ProgressEvent, XmlHttpRequest};

use crate::error::WidgetError;

/// What an upload reports.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadEvent {
    /// Bytes sent so far, of `total`.
    Progress { loaded: f64, total: f64 },
    /// Finished: the server's answer, or why there was none.
    Done(Result<HttpResponse, WidgetError>),
}

/// Headers a page may not set; the browser writes them itself.
fn browser_controlled(name: &str) -> bool {
    ["content-length", "host", "connection"]
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
}

/// A running PUT. Dropping it aborts the request and reports nothing more.
pub struct Upload {
    xhr: XmlHttpRequest,
    _on_progress: Closure<dyn FnMut(ProgressEvent)>,
    _on_loadend: Closure<dyn FnMut(Event)>,
}

impl Upload {
    /// PUTs `body` to `url` with `headers`; `on_event` hears progress and the end.
    pub fn start(
        url: &str,
        headers: &[(String, String)],
        body: &Blob,
        on_event: impl Fn(UploadEvent) + 'static,
    ) -> Result<Upload, WidgetError> {
        let xhr = XmlHttpRequest::new().map_err(|e| WidgetError::from_js("XMLHttpRequest", e))?;
        xhr.open_with_async("PUT", url, true)
            .map_err(|e| WidgetError::from_js("XMLHttpRequest.open", e))?;
        for (name, value) in headers {
            if browser_controlled(name) {
                continue;
            }
            xhr.set_request_header(name, value)
                .map_err(|e| WidgetError::from_js("XMLHttpRequest.setRequestHeader", e))?;
        }
        let on_event = Rc::new(on_event);
        let f = on_event.clone();
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            f(UploadEvent::Progress {
                loaded: e.loaded(),
                total: e.total(),
            })
        });
        let f = on_event;
        let request = xhr.clone();
        let on_loadend = Closure::<dyn FnMut(Event)>::new(move |_| {
            let status = request.status().unwrap_or(0);
            let result = if status == 0 {
                // Status 0: no answer at all (network, CORS, or abort()).
                Err(WidgetError::Network(
                    "the upload did not reach the server".into(),
                ))
            } else {
                Ok(HttpResponse {
                    status,
                    headers: Vec::new(),
                    body: request.response_text().ok().flatten().unwrap_or_default(),
                })
            };
            f(UploadEvent::Done(result))
        });
        let upload = xhr
            .upload()
            .map_err(|e| WidgetError::from_js("XMLHttpRequest.upload", e))?;
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        xhr.set_onloadend(Some(on_loadend.as_ref().unchecked_ref()));
        xhr.send_with_opt_blob(Some(body))
            .map_err(|e| WidgetError::from_js("XMLHttpRequest.send", e))?;
        Ok(Upload {
            xhr,
            _on_progress: on_progress,
            _on_loadend: on_loadend,
        })
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        if let Ok(upload) = self.xhr.upload() {
            upload.set_onprogress(None);
        }
        self.xhr.set_onloadend(None);
        // Aborting a finished request does nothing.
        let _ = self.xhr.abort();
    }
}
