//! Small inline SVG icons (no icon font, no emoji that a system may lack).

use leptos::prelude::*;

/// A speech bubble, for the launcher.
#[component]
pub fn Bubble() -> impl IntoView {
    view! {
        <svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" />
        </svg>
    }
}

/// A cross, for closing.
#[component]
pub fn Close() -> impl IntoView {
    view! {
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" d="M6 6l12 12M18 6L6 18" />
        </svg>
    }
}

/// A paper clip, for attachments.
#[component]
pub fn Paperclip() -> impl IntoView {
    view! {
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"
                d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7L14 4.5a3.5 3.5 0 0 1 5 5L10.5 18a2 2 0 0 1-3-3L15 7.5" />
        </svg>
    }
}
