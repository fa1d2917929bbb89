// The launcher's look and words, in one place for both launchers: the one this package draws
// at once (launcher.js) and the one the wasm widget renders (src/ui/launcher.rs). The Rust UI
// reads this file at compile time (include_str!): it takes the text between `String.raw\``
// and the next backquote. Keep both texts plain: no backquote, no `${`.

/**
 * The custom properties, the focus ring and the launcher button. The widget's stylesheet
 * (src/ui/styles.rs) starts with this text.
 */
export const LAUNCHER_CSS = String.raw`
:host { all: initial; }
.cc-root {
  --cc-accent: #0b5cad; --cc-accent-text: #ffffff; --cc-bg: #ffffff; --cc-text: #1b1f24;
  --cc-muted: #57606a; --cc-agent-bg: #eef1f4; --cc-customer-bg: var(--cc-accent);
  --cc-customer-text: var(--cc-accent-text); --cc-bot-bg: #eaf4ec; --cc-supervisor-bg: #f6efe0;
  --cc-danger: #b42318; --cc-radius: 12px; --cc-font: system-ui, -apple-system, "Segoe UI", sans-serif;
  --cc-z: 2147483000;
  font-family: var(--cc-font); font-size: 15px; line-height: 1.4; color: var(--cc-text);
}
.cc-root *, .cc-root *::before, .cc-root *::after { box-sizing: border-box; }
.cc-root :focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.cc-launcher { position: fixed; bottom: 20px; right: 20px; z-index: var(--cc-z); width: 56px; height: 56px;
  border-radius: 50%; border: none; background: var(--cc-accent); color: var(--cc-accent-text);
  cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); font-size: 24px; }
.cc-left .cc-launcher { right: auto; left: 20px; }
.cc-launcher[aria-busy="true"] { cursor: progress; }
.cc-launcher[aria-busy="true"]::after { content: ""; position: absolute; inset: 3px; border-radius: 50%;
  border: 3px solid transparent; border-top-color: var(--cc-accent-text); animation: cc-spin .8s linear infinite; }
@media (prefers-reduced-motion: reduce) { .cc-launcher[aria-busy="true"]::after { animation-duration: 2.4s; } }
@keyframes cc-spin { to { transform: rotate(1turn); } }
.cc-badge { position: absolute; top: -4px; right: -4px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; background: var(--cc-danger); color: #fff; font-size: 12px; line-height: 22px; }
`;

/**
 * The launcher's labels, one a line: locale, key, then the text to the end of the line. `{}`
 * is replaced by a number, which stands apart from the words ("unread messages: 1") so that no
 * language needs its plural forms. Every locale of src/ui/i18n.rs has every key here.
 */
export const LAUNCHER_LABELS = String.raw`
en open_chat Open chat
en close_chat Close chat
en unread unread messages: {}
en unavailable Chat is unavailable
de open_chat Chat öffnen
de close_chat Chat schließen
de unread ungelesene Nachrichten: {}
de unavailable Der Chat ist nicht verfügbar
es open_chat Abrir chat
es close_chat Cerrar chat
es unread mensajes sin leer: {}
es unavailable El chat no está disponible
fr open_chat Ouvrir le chat
fr close_chat Fermer le chat
fr unread messages non lus : {}
fr unavailable Le chat n'est pas disponible
ja open_chat チャットを開く
ja close_chat チャットを閉じる
ja unread 未読メッセージ {} 件
ja unavailable チャットは利用できません
ar open_chat فتح المحادثة
ar close_chat إغلاق المحادثة
ar unread رسائل غير مقروءة: {}
ar unavailable المحادثة غير متاحة
`;
