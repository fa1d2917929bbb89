//! The Leptos components, one per file, and what they share.
//!
//! Components read [`state::ChatState`] from context, dispatch [`state::Intent`]s, and read
//! their settings from [`UiConfig`]. They write nothing shared: the projection writes the
//! state (a line's answered flag, set by the interactive message, is the one exception). All
//! text from the wire is rendered as text nodes.

pub mod app;
pub mod attachment;
pub mod auth;
pub mod banner;
pub mod chat_window;
pub mod composer;
pub mod end_confirm;
pub mod ended_panel;
pub mod focus;
pub mod header;
pub mod i18n;
mod i18n_outcomes;
mod i18n_views;
mod i18n_wording;
pub mod icons;
pub mod interactive;
pub mod launcher;
pub mod markdown;
pub mod message;
pub mod message_list;
pub mod prechat;
pub mod rows;
pub mod show_view;
pub mod state;
pub mod styles;
pub mod typing;
pub mod uploads;
pub mod view_custom;
pub mod view_form;
pub mod view_managed;
pub mod wording;

use connect_participant::attachments::AttachmentRules;
use connect_participant::time::Millis;
use leptos::prelude::*;

use i18n::Locale;
use state::{ChatState, Dispatch};

/// One field of the pre-chat form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreChatField {
    /// The contact attribute it fills (`name` fills the display name).
    pub name: String,
    pub label: String,
    pub required: bool,
    /// An `<input type>`: `text`, `email`, `tel`.
    pub input_type: String,
}

/// The widget's settings as the components need them.
#[derive(Debug, Clone, PartialEq)]
pub struct UiConfig {
    pub locale: Locale,
    /// The header title; the locale's default when `None`.
    pub title: Option<String>,
    /// A logo shown in the header.
    pub logo_url: Option<String>,
    /// Render `text/markdown` messages as markdown.
    pub markdown: bool,
    /// What may be attached; `None` turns attachments off.
    pub attachments: Option<AttachmentRules>,
    /// The longest message, in characters.
    pub max_length: usize,
    /// The pre-chat form; empty with `display_name` set means no form.
    pub prechat: Vec<PreChatField>,
    /// A known display name (skips asking for one).
    pub display_name: Option<String>,
    /// Launcher and window on the left instead of the right.
    pub left: bool,
    /// CSS custom properties (`--cc-accent` ...) set on the root.
    pub theme: Vec<(String, String)>,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            locale: Locale::En,
            title: None,
            logo_url: None,
            markdown: true,
            attachments: Some(AttachmentRules::default()),
            max_length: 1024,
            prechat: Vec::new(),
            display_name: None,
            left: false,
            theme: Vec::new(),
        }
    }
}

/// Puts the state, the dispatcher and the settings in context for the components below.
pub fn provide(state: ChatState, dispatch: Dispatch, config: UiConfig) {
    provide_context(state);
    provide_context(dispatch);
    provide_context(config);
}

/// The state from context (components are only used under [`provide`]).
pub fn use_state() -> ChatState {
    expect_context::<ChatState>()
}

/// The dispatcher from context.
pub fn use_dispatch() -> Dispatch {
    expect_context::<Dispatch>()
}

/// The settings from context.
pub fn use_config() -> UiConfig {
    expect_context::<UiConfig>()
}

/// What a line of the conversation needs of the settings: the locale, and whether markdown
/// is on. Read in place: a copy of all the settings per line drawn would cost a long chat's
/// scrolling.
pub fn line_settings() -> (Locale, bool) {
    with_context::<UiConfig, _>(|c| (c.locale, c.markdown))
        .expect("the settings are provided before any view is built")
}

/// The time of day of `millis` as `locale` writes it (`14:05`, `2:05 PM`), in the customer's
/// time zone.
pub fn clock_time(locale: Locale, millis: Millis) -> String {
    crate::shell::clock::local_time(locale.tag(), millis, crate::shell::clock::Style::Time)
}
