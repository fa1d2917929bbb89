// Embeds the widget on the demo pages exactly as a site would, with one script tag. The
// emulator picks its ports at start, so this asks it for its URLs (/emulator.json on the
// page's own origin) and then adds the tag. Attributes `data-chat-*` on <body> are passed
// on to the tag as `data-*` (locale, pre-chat fields, theme, ...).
async function emulatorUrls() {
  const response = await fetch("/emulator.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`/emulator.json answered ${response.status}`);
  return response.json();
}

/** The demo's own pre-chat label in the languages the widget speaks (English is in the page). */
const EMAIL_LABEL = {
  de: "E-Mail (optional)",
  es: "Correo electrónico (opcional)",
  fr: "E-mail (facultatif)",
  ja: "メールアドレス（任意）",
  ar: "البريد الإلكتروني (اختياري)",
};

/**
 * The labels of pre-chat fields are the site's words, not the widget's: a site in several
 * languages gives them in the language the widget will speak (`tag`, as data-locale or the
 * browser's language).
 */
function localizeFields(script, tag) {
  const label = EMAIL_LABEL[String(tag ?? "").split(/[-_]/)[0].toLowerCase()];
  const given = script.getAttribute("data-pre-chat-fields");
  if (!label || !given) return;
  const fields = JSON.parse(given);
  for (const field of fields) if (field.name === "email") field.label = label;
  script.setAttribute("data-pre-chat-fields", JSON.stringify(fields));
}

async function embed() {
  const script = document.createElement("script");
  script.type = "module";
  script.src = new URL("./widget/connect-chat.js", import.meta.url).href;
  for (const [key, value] of Object.entries(document.body.dataset)) {
    if (!key.startsWith("chat") || key.length <= 4) continue;
    const name = key.slice(4).replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
    script.setAttribute("data" + name, value);
  }
  // ?locale=de, ?purple, ?open: options through the address, for trying them out.
  const params = new URLSearchParams(location.search);
  if (params.get("locale")) script.setAttribute("data-locale", params.get("locale"));
  localizeFields(script, params.get("locale") || navigator.language);
  if (params.has("purple")) script.setAttribute("data-theme", "--cc-accent: #6b2fa3");
  if (params.has("open")) script.setAttribute("data-open", "true");
  if (!script.hasAttribute("data-start-chat-url")) {
    try {
      const urls = await emulatorUrls();
      script.setAttribute("data-start-chat-url", `${urls.participant_url}/start-chat`);
      script.setAttribute("data-participant-endpoint", urls.participant_url);
      // The emulator's sign-in page sends the customer back here.
      script.setAttribute("data-authentication-redirect-uri", location.href);
    } catch (error) {
      // Without the emulator the widget shows its "unavailable" state and logs why.
      console.error(`demo: could not read the emulator's URLs: ${error.message}`);
    }
  }
  document.body.append(script);
  window.addEventListener("connect-chat:ready", () => {
    status("Ready. The widget's handle is window.ConnectChat (open, close, on, off, status, sendMessage, end, destroy).");
  });
  window.addEventListener("connect-chat:error", (e) => status(`Could not start the widget: ${e.detail?.message ?? e.detail}`));
}

function status(text) {
  const el = document.getElementById("status");
  if (el) el.textContent = text;
}

embed();
