//! The widget's stylesheet, placed inside its shadow root. Theme through the `--cc-*`
//! custom properties on the host or in the `theme` option.

/// A rule setting the theme's custom properties on the root: only `--cc-*` names with plain
/// values (no `;`, braces, angle brackets or backslashes), so a theme cannot inject rules.
pub fn theme_rule(theme: &[(String, String)]) -> String {
    let declarations: String = theme
        .iter()
        .filter(|(k, v)| {
            k.starts_with("--cc-")
                && k[5..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !v.contains([';', '{', '}', '<', '>', '\\'])
        })
        .map(|(k, v)| format!("{k}: {v}; "))
        .collect();
    if declarations.is_empty() {
        String::new()
    } else {
        format!("\n.cc-root {{ {declarations}}}")
    }
}

/// The CSS text: the launcher's (shared with the launcher drawn before the wasm loads), then
/// the window's.
pub const CSS: &str = match std::str::from_utf8(&JOINED) {
    Ok(css) => css,
    Err(_) => panic!("both halves are UTF-8 and the join keeps their bytes"),
};

static JOINED: [u8; super::launcher::CSS.len() + WINDOW_CSS.len()] =
    concat(super::launcher::CSS, WINDOW_CSS);

/// `a` then `b`, at compile time (`N` is their length together).
const fn concat<const N: usize>(a: &str, b: &str) -> [u8; N] {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < a.len() { a[i] } else { b[i - a.len()] };
        i += 1;
    }
    out
}

/// Everything but the launcher.
const WINDOW_CSS: &str = r#"
.cc-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.cc-window { position: fixed; bottom: 88px; right: 20px; z-index: var(--cc-z); width: 370px; height: min(600px, calc(100vh - 110px));
  display: flex; flex-direction: column; background: var(--cc-bg); border-radius: var(--cc-radius);
  box-shadow: 0 8px 30px rgba(0,0,0,.3); overflow: hidden; overflow-wrap: anywhere; }
.cc-window > * { flex-shrink: 0; min-width: 0; }
.cc-left .cc-window { right: auto; left: 20px; }
@media (max-width: 480px), (max-height: 480px) { .cc-window, .cc-left .cc-window { inset: 0; width: auto; height: auto; border-radius: 0; } }
.cc-header { display: flex; align-items: center; gap: 6px; padding-block: 10px; padding-inline: 12px 8px; background: var(--cc-accent); color: var(--cc-accent-text); }
.cc-header h2 { flex: 1; margin: 0; font-size: 16px; text-wrap: balance; }
.cc-header img { height: 24px; }
.cc-header button { background: transparent; color: inherit; border: 1px solid transparent; border-radius: 6px; padding: 4px 8px; cursor: pointer; font: inherit; }
.cc-header .cc-end-chat { padding: 4px 6px; font-size: 14px; }
.cc-banner { padding: 6px 12px; font-size: 13px; background: #fff4ce; color: #4d3800; flex-shrink: 1; min-height: 0; overflow-y: auto; }
.cc-banner.cc-ok { background: #dff3e3; color: #0f5323; }
.cc-notice { padding: 6px 12px; font-size: 13px; background: #fde7e5; color: var(--cc-danger); max-height: 20%; overflow-y: auto; flex-shrink: 1; min-height: 0; }
.cc-list { flex: 1 1 50%; min-height: min(50%, 100% - 180px); overflow-y: auto; position: relative; overflow-anchor: none; padding: 12px; display: flex; flex-direction: column; gap: 2px; }
.cc-line { display: flex; flex-direction: column; max-width: 85%; margin-top: 8px; }
.cc-line.cc-cont { margin-top: 1px; }
.cc-line.cc-customer { align-self: flex-end; align-items: flex-end; }
.cc-bubble { padding: 8px 12px; border-radius: var(--cc-radius); background: var(--cc-agent-bg); word-wrap: break-word; overflow-wrap: anywhere; }
.cc-bubble, .cc-text, .cc-text p, .cc-text li, .cc-text pre, .cc-event, .cc-file-name { unicode-bidi: plaintext; text-align: start; }
.cc-customer .cc-bubble { background: var(--cc-customer-bg); color: var(--cc-customer-text); }
.cc-customer .cc-bubble a { color: inherit; }
.cc-bot .cc-bubble { background: var(--cc-bot-bg); }
.cc-supervisor .cc-bubble { background: var(--cc-supervisor-bg); }
.cc-meta { font-size: 12px; color: var(--cc-muted); margin: 0 4px; }
.cc-event { align-self: center; font-size: 12px; color: var(--cc-muted); margin: 8px 0; text-align: center; }
.cc-event:empty { display: none; }
.cc-text p { margin: 0 0 4px; } .cc-text p:last-child { margin: 0; }
.cc-text pre { white-space: pre-wrap; margin: 4px 0; } .cc-text ul, .cc-text ol { margin: 4px 0; padding-inline-start: 20px; }
.cc-text code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; background: rgba(127,127,127,.18); border-radius: 4px; padding: 0 3px; }
.cc-text pre { background: rgba(127,127,127,.18); border-radius: 6px; padding: 6px 8px; } .cc-text pre code { background: none; padding: 0; }
.cc-text blockquote { margin: 4px 0; padding-inline-start: 10px; border-inline-start: 3px solid rgba(127,127,127,.55); }
.cc-failed { color: var(--cc-danger); }
.cc-link-button { background: none; border: none; color: inherit; text-decoration: underline; cursor: pointer; font: inherit; padding: 0; }
.cc-new { position: sticky; bottom: 4px; align-self: center; border: none; border-radius: 14px; padding: 4px 12px; background: var(--cc-accent); color: var(--cc-accent-text); cursor: pointer; }
.cc-older { align-self: center; }
.cc-loading { margin: auto; font-size: 13px; color: var(--cc-muted); animation: cc-later 0s .6s both; }
@keyframes cc-later { from { visibility: hidden; } }
.cc-typing { padding: 2px 14px; font-size: 12px; color: var(--cc-muted); min-height: 18px; }
.cc-composer { display: flex; gap: 6px; padding: 8px; border-top: 1px solid #d0d7de; align-items: flex-end; }
.cc-composer textarea { flex: 1; resize: none; min-height: 38px; max-height: min(120px, 25vh); padding: 8px; border: 1px solid #8c959f; border-radius: 8px; font: inherit; color: inherit; }
.cc-composer button, .cc-button { border: none; border-radius: 8px; padding: 8px 12px; background: var(--cc-accent); color: var(--cc-accent-text); cursor: pointer; font: inherit; }
.cc-composer button:disabled, .cc-button:disabled { opacity: .5; cursor: not-allowed; }
.cc-secondary { background: #eef1f4 !important; color: var(--cc-text) !important; }
.cc-counter, .cc-reason { font-size: 12px; color: var(--cc-muted); padding: 0 10px 4px; }
.cc-counter.cc-over { color: var(--cc-danger); }
.cc-uploads { list-style: none; margin: 0; padding: 0 8px; max-height: 25%; overflow-y: auto; flex-shrink: 1; }
.cc-uploads:empty { display: none; }
.cc-upload { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 6px; font-size: 13px; padding: 4px 0; }
.cc-upload .cc-file-name { flex: 1 1 8em; min-width: 0; }
.cc-upload .cc-failed { flex-basis: 100%; }
.cc-upload .cc-actions { gap: 12px; }
.cc-upload img, .cc-thumb { width: 40px; height: 40px; object-fit: cover; border-radius: 4px; }
.cc-upload progress { flex: 1; }
.cc-drop { outline: 3px dashed var(--cc-accent); outline-offset: -6px; }
.cc-form { padding: 16px; display: flex; flex-direction: column; gap: 10px; overflow-y: auto; flex: 1 1 auto; min-height: 0; }
.cc-form label { display: flex; flex-direction: column; gap: 4px; font-size: 14px; }
.cc-form input { padding: 8px; border: 1px solid #8c959f; border-radius: 8px; font: inherit; }
.cc-error { color: var(--cc-danger); font-size: 13px; }
.cc-dialog { padding: 12px; border-top: 1px solid #d0d7de; display: flex; flex-direction: column; gap: 8px; overflow-y: auto; flex-shrink: 1; min-height: 0; }
.cc-dialog p { margin: 0; }
.cc-actions { display: flex; gap: 8px; flex-wrap: wrap; }
.cc-choices { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; }
.cc-choices button { border: 1px solid var(--cc-accent); background: var(--cc-bg); color: var(--cc-accent); border-radius: 16px; padding: 4px 10px; cursor: pointer; font: inherit; }
.cc-choices button:disabled { opacity: .5; cursor: default; }
.cc-choice-link { display: inline-flex; align-items: center; gap: 4px; border: 1px dashed var(--cc-accent); border-radius: 16px; padding: 4px 10px; color: var(--cc-accent); }
a.cc-choice-link::after { content: "↗"; }
.cc-card { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; min-width: 180px; }
.cc-carousel { display: flex; gap: 8px; overflow-x: auto; padding-bottom: 4px; scroll-padding-inline: 8px; }
.cc-subtitle { font-size: 13px; color: var(--cc-muted); }
.cc-attachment { display: flex; align-items: center; gap: 6px; }
.cc-attachment .cc-file-name { flex: 1 1 auto; min-width: 0; }
.cc-attachment svg, .cc-attachment a, .cc-attachment button, .cc-attachment .cc-status { flex-shrink: 0; overflow-wrap: normal; white-space: nowrap; }
.cc-view { display: flex; flex-direction: column; gap: 6px; margin-top: 6px; }
.cc-view-field { display: flex; flex-direction: column; gap: 2px; font-size: 14px; }
.cc-view-field input { padding: 6px; border: 1px solid #8c959f; border-radius: 6px; font: inherit; min-width: 0; }
.cc-view-field input[aria-invalid=true] { border-color: var(--cc-danger); }
.cc-view-heading { font-size: 15px; margin: 0; }
.cc-view-section { border: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; min-width: 0; }
.cc-view-section legend { font-weight: 600; font-size: 14px; padding: 0; margin-bottom: 4px; }
.cc-view-error { color: var(--cc-danger); font-size: 13px; }
.cc-view-attrs { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 0; font-size: 13px; }
.cc-view-attr { display: flex; gap: 4px; } .cc-view-attr dt { color: var(--cc-muted); } .cc-view-attr dd { margin: 0; }
.cc-view-cards, .cc-view-container { display: flex; flex-direction: column; gap: 6px; }
.cc-view-items { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.cc-view-card { display: flex; flex-direction: column; align-items: flex-start; gap: 2px; text-align: start; width: 100%;
  border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; background: var(--cc-bg); color: inherit; font: inherit; cursor: pointer; }
button.cc-view-card:hover:not(:disabled) { border-color: var(--cc-accent); }
.cc-view-card:disabled { opacity: .6; cursor: default; }
.cc-view-item { border: 1px dashed #d0d7de; border-radius: 8px; padding: 8px; display: flex; flex-direction: column; gap: 2px; }
.cc-view-status { font-size: 12px; color: var(--cc-accent); }
.cc-view-graphic { font-size: 28px; color: #1a7f37; }
.cc-view-text { margin: 0; }
.cc-view-note { margin: 0; font-size: 13px; color: var(--cc-muted); font-style: italic; }
.cc-view-summary { margin: 0; color: var(--cc-muted); }
.cc-view-action { border: 1px solid var(--cc-accent); background: var(--cc-bg); color: var(--cc-accent); border-radius: 16px; padding: 4px 10px; cursor: pointer; font: inherit; align-self: flex-start; }
.cc-view-action:disabled { opacity: .5; cursor: default; }
.cc-choices .cc-primary { background: var(--cc-accent); color: var(--cc-accent-text); }
/* Text from the wire takes its own direction (English in an Arabic window reads right). */
.cc-bubble .cc-text, .cc-bubble p, .cc-card strong, .cc-view h3, .cc-view h4, .cc-view label, .cc-view legend, .cc-view-card strong,
.cc-view-card span, .cc-view-attr dd, .cc-choices button, .cc-view-action, .cc-choice-link { unicode-bidi: plaintext; }
.cc-divider { display: flex; align-items: center; gap: 8px; font-size: 12px; color: var(--cc-muted); margin: 10px 0 4px; }
.cc-divider::before, .cc-divider::after { content: ""; flex: 1; border-top: 1px solid #d0d7de; }
.cc-past .cc-bubble { opacity: .85; }
/* Where the pointer is a finger, every button is a 44 px target (WCAG 2.5.5). */
@media (pointer: coarse) { .cc-window button:not(.cc-link-button), a.cc-choice-link { min-height: 44px; min-width: 44px; } }
@media (prefers-reduced-motion: no-preference) { .cc-window { animation: cc-in .18s ease-out; } }
@keyframes cc-in { from { opacity: 0; transform: translateY(12px); } to { opacity: 1; transform: none; } }
"#;
