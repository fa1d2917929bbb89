//! The page around the widget: its title, its address, a popup, and object URLs of files.

/// The page's document, if there is one.
fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
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
