//! The options `mount` takes (see DESIGN.md, "Widget contract"), read from a JS object.
//!
//! ```js
//! mount({ startChatUrl: "/start-chat", region: "us-east-1", displayName: "Ana",
//!         locale: "de", theme: { "--cc-accent": "#7a1fa2" }, position: "left",
//!         attachments: { allowedExtensions: ["png", "pdf"], maxSizeBytes: 5000000 },
//!         features: { attachments: true, markdown: true } })
//! ```

use std::collections::BTreeMap;

use connect_participant::attachments::{AllowedType, AttachmentRules};
use connect_participant::endpoint::{Endpoint, EndpointOptions};
use serde::Deserialize;

use crate::error::WidgetError;
use crate::ui::i18n::Locale;
use crate::ui::{PreChatField, UiConfig};

/// A pre-chat form field as given in the options.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct FieldOption {
    pub name: String,
    pub label: Option<String>,
    pub required: bool,
    #[serde(rename = "type")]
    pub input_type: Option<String>,
}

/// Attachment rules as given in the options.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct AttachmentOption {
    /// Extensions without dots; the defaults when absent.
    pub allowed_extensions: Option<Vec<String>>,
    pub max_size_bytes: Option<u64>,
}

/// Feature switches; everything is on by default.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Features {
    pub attachments: bool,
    pub markdown: bool,
    pub read_receipts: bool,
    pub typing: bool,
    pub title_notification: bool,
    /// A short tone when a message arrives while the tab is hidden (off by default).
    pub sound: bool,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            attachments: true,
            markdown: true,
            read_receipts: true,
            typing: true,
            title_notification: true,
            sound: false,
        }
    }
}

/// Everything `mount` accepts.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    /// The site owner's backend that starts a chat (required).
    pub start_chat_url: String,
    /// The AWS region of the Connect instance.
    pub region: Option<String>,
    /// A custom Participant Service URL (the emulator, a proxy).
    pub participant_endpoint: Option<String>,
    pub display_name: Option<String>,
    pub pre_chat_fields: Vec<FieldOption>,
    /// Contact attributes sent to the start-chat backend.
    pub attributes: BTreeMap<String, String>,
    pub locale: Option<String>,
    pub theme: BTreeMap<String, String>,
    /// `left` or `right` (default).
    pub position: Option<String>,
    pub title: Option<String>,
    pub logo_url: Option<String>,
    pub attachments: AttachmentOption,
    pub features: Features,
    /// The longest message in characters (default 1024, the classic text limit).
    pub max_message_length: Option<usize>,
    /// Start open.
    pub open: bool,
    /// The sessionStorage key (lets two widgets share a page).
    pub storage_key: Option<String>,
    /// The page the sign-in provider sends the customer back to (registered with it);
    /// without it, sign-in requested by the flow is unavailable.
    pub authentication_redirect_uri: Option<String>,
    /// An identity provider to sign in with, passed to the sign-in page.
    pub authentication_identity_provider: Option<String>,
    /// Where the page's script POSTs the sign-in callback's query (`www/sign-in.js`); read
    /// here only so that the option is known.
    pub authentication_callback_url: Option<String>,
}

impl Options {
    /// Reads options from JSON text.
    pub fn from_json(text: &str) -> Result<Options, WidgetError> {
        let options: Options = serde_json::from_str(text).map_err(|e| WidgetError::Options {
            field: "options",
            problem: e.to_string(),
        })?;
        if options.start_chat_url.trim().is_empty() {
            return Err(WidgetError::Options {
                field: "startChatUrl",
                problem: "is required".into(),
            });
        }
        options.endpoint()?;
        Ok(options)
    }

    /// The Participant Service endpoint from `participantEndpoint` or `region`.
    pub fn endpoint(&self) -> Result<Endpoint, WidgetError> {
        match (&self.participant_endpoint, &self.region) {
            (Some(url), _) if !url.trim().is_empty() => Ok(Endpoint::custom(url.trim())),
            (_, Some(region)) => Ok(Endpoint::resolve(
                Some(region),
                None,
                EndpointOptions::default(),
            )?),
            _ => Err(WidgetError::Options {
                field: "region",
                problem: "give a region or a participantEndpoint".into(),
            }),
        }
    }

    /// The attachment rules, or `None` when attachments are switched off.
    pub fn attachment_rules(&self) -> Option<AttachmentRules> {
        if !self.features.attachments {
            return None;
        }
        let mut rules = AttachmentRules::default();
        if let Some(exts) = &self.attachments.allowed_extensions {
            let defaults = rules.allowed.clone();
            rules.allowed = exts
                .iter()
                .map(|ext| {
                    let ext = ext.trim_start_matches('.').to_ascii_lowercase();
                    defaults
                        .iter()
                        .find(|t| t.extension == ext)
                        .cloned()
                        .unwrap_or_else(|| AllowedType::new(&ext, &["application/octet-stream"]))
                })
                .collect();
        }
        if let Some(max) = self.attachments.max_size_bytes {
            rules.max_size_bytes = max;
        }
        Some(rules)
    }

    /// The components' settings.
    pub fn ui_config(&self) -> UiConfig {
        let locale = self
            .locale
            .clone()
            .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
            .map(|t| Locale::from_tag(&t))
            .unwrap_or(Locale::En);
        UiConfig {
            locale,
            title: self.title.clone(),
            logo_url: self.logo_url.clone(),
            markdown: self.features.markdown,
            attachments: self.attachment_rules(),
            max_length: self.max_message_length.unwrap_or(1024),
            prechat: self
                .pre_chat_fields
                .iter()
                .map(|f| PreChatField {
                    name: f.name.clone(),
                    label: f.label.clone().unwrap_or_else(|| f.name.clone()),
                    required: f.required,
                    input_type: f.input_type.clone().unwrap_or_else(|| "text".into()),
                })
                .collect(),
            display_name: self.display_name.clone().filter(|n| !n.trim().is_empty()),
            left: self.position.as_deref() == Some("left"),
            theme: self.theme.clone().into_iter().collect(),
        }
    }
}
