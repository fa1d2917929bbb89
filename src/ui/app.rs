//! The root: launcher, window and the live region, themed and placed.

use leptos::prelude::*;

use super::chat_window::ChatWindow;
use super::launcher::Launcher;
use super::state::{Role, Row};
use super::{use_config, use_state};

/// Where focus returns when the window closes.
#[derive(Clone, Copy)]
pub struct LauncherRef(pub NodeRef<leptos::html::Button>);

/// The whole widget. Expects [`super::provide`] to have run. The theme is not set here but in
/// the stylesheet (see [`super::styles::theme_rule`]): a style attribute would need
/// `style-src 'unsafe-inline'`.
#[component]
pub fn Widget() -> impl IntoView {
    let state = use_state();
    let config = use_config();
    let launcher = NodeRef::<leptos::html::Button>::new();
    provide_context(LauncherRef(launcher));
    let class = if config.left {
        "cc-root cc-left"
    } else {
        "cc-root"
    };
    let locale = config.locale;
    // Announces the newest message from the other side to screen readers.
    let announcement = move || {
        let newest = state.lines.with(|rows| {
            rows.iter()
                .rev()
                .find(|r: &&Row| !r.mine() && r.role() != Role::System)
                .cloned()
        });
        newest
            .map(|r| match r.name_and_content() {
                (Some(name), content) => format!("{name}: {content}"),
                (None, content) => content,
            })
            .unwrap_or_default()
    };
    view! {
        <div class=class dir=locale.dir() lang=locale.tag()>
            <Launcher node_ref=launcher />
            <Show when=move || state.open.get()>
                <ChatWindow />
            </Show>
            <div class="cc-sr" aria-live="polite" aria-atomic="true">{announcement}</div>
        </div>
    }
}
