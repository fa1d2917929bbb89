//! connect-chat: a chat widget for Amazon Connect, in Rust and WebAssembly.
//!
//! For now the widget mounts a placeholder; the browser shell lives in `shell`, the Leptos
//! components in `ui`.

pub mod error;
pub mod shell;
pub mod ui;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The placeholder shown until the chat window exists.
#[component]
fn Placeholder() -> impl IntoView {
    view! { <p class="connect-chat-placeholder">"connect-chat"</p> }
}

/// Mounts the widget into `element`.
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement) {
    let handle = leptos::mount::mount_to(element, Placeholder);
    // The placeholder lives as long as the page; the real widget owns its handle.
    handle.forget();
}
