//! The page around the widget: its title, where its focus is, its address, a popup, object
//! URLs of files, downloads, and warnings in the console.

/// The page's document, if there is one.
fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Says `message` in the browser's console as a warning: for the site's developer.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}

/// The page's title (`document.title`).
pub fn title() -> Option<String> {
    document().map(|d| d.title())
}

/// Sets the page's title.
pub fn set_title(title: &str) {
    if let Some(document) = document() {
        document.set_title(title);
    }
}

/// The element with keyboard focus, followed into shadow roots; `None` when nothing on the
/// page has it (`document.activeElement` is the body or none: a control that had it was
/// removed).
pub fn focused_element() -> Option<web_sys::Element> {
    let d = document()?;
    let mut active = d.active_element()?;
    if d.body().is_some_and(|body| active == *body.as_ref()) {
        return None;
    }
    while let Some(inner) = active.shadow_root().and_then(|s| s.active_element()) {
        active = inner;
    }
    Some(active)
}

/// Whether nothing on the page has keyboard focus, or a disabled control has it (browsers
/// that keep focus on a control disabled under it).
pub fn focus_is_lost() -> bool {
    document().is_some()
        && focused_element().is_none_or(|active| active.matches(":disabled").unwrap_or(false))
}

/// The page's address (`location.href`).
pub fn href() -> Option<String> {
    web_sys::window().and_then(|w| w.location().href().ok())
}

/// Opens `url` in a popup window named `name` with these window `features`. A blocked popup
/// is not an error here: the customer can press again.
pub fn open_popup(url: &str, name: &str, features: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.open_with_url_and_target_and_features(url, name, features);
    }
}

/// A URL the page can show `blob` from, until [`revoke_object_url`].
pub fn object_url(blob: &web_sys::Blob) -> Option<String> {
    web_sys::Url::create_object_url_with_blob(blob).ok()
}

/// Frees a URL made by [`object_url`].
pub fn revoke_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Offers `text` to the customer as a file named `file_name` of type `mime` (a download).
pub fn download(text: &str, mime: &str, file_name: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Some(url) = object_url(&blob) else { return };
    follow_link(&url, file_name, None);
    // The download has taken its copy once the click is handled.
    revoke_object_url(&url);
}

/// Clicks a link to `href` made for the purpose: a download named `download` (empty: the
/// server's name), in the browsing context `target` if given.
fn follow_link(href: &str, download: &str, target: Option<&str>) {
    use wasm_bindgen::JsCast;
    let anchor = document()
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = anchor {
        a.set_href(href);
        a.set_download(download);
        if let Some(target) = target {
            a.set_target(target);
            a.set_rel("noopener noreferrer");
        }
        a.click();
    }
}

/// Downloads the file at `url` (or opens it in a new tab where the browser does not download
/// it from another origin). Called soon after the customer's press, whose user activation
/// lets it through a popup blocker.
pub fn open_download(url: &str) {
    follow_link(url, "", Some("_blank"));
}
