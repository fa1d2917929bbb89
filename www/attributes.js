// Reads widget options from attributes: `data-*` on the script tag, plain names on the
// <connect-chat> element. Throws an Error naming the attribute when a value is unusable.

const STRINGS = {
  "start-chat-url": "startChatUrl",
  region: "region",
  "participant-endpoint": "participantEndpoint",
  "display-name": "displayName",
  locale: "locale",
  position: "position",
  title: "title",
  "logo-url": "logoUrl",
  "storage-key": "storageKey",
  "authentication-redirect-uri": "authenticationRedirectUri",
  "authentication-identity-provider": "authenticationIdentityProvider",
  "authentication-callback-url": "authenticationCallbackUrl",
  "wasm-url": "wasmUrl",
  load: "load",
};

function json(name, text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`connect-chat: ${name} is not valid JSON (${e.message})`);
  }
}

/** `email*, order` or a JSON array of `{name, label, required, type}`. */
function preChatFields(name, text) {
  const value = text.trim();
  if (value.startsWith("[")) {
    const fields = json(name, value);
    if (!Array.isArray(fields) || fields.some((f) => !f || typeof f.name !== "string")) {
      throw new Error(`connect-chat: ${name} must be a list of fields with a name`);
    }
    return fields;
  }
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.endsWith("*") ? { name: s.slice(0, -1).trim(), required: true } : { name: s }));
}

/** `--cc-accent: #7a1fa2; --cc-radius: 4px` or a JSON object. */
function theme(name, text) {
  const value = text.trim();
  if (value.startsWith("{")) return json(name, value);
  const out = {};
  for (const decl of value.split(";")) {
    if (!decl.trim()) continue;
    const at = decl.indexOf(":");
    if (at < 1) throw new Error(`connect-chat: ${name} has "${decl.trim()}", expected --cc-name: value`);
    out[decl.slice(0, at).trim()] = decl.slice(at + 1).trim();
  }
  return out;
}

function bool(name, text) {
  const v = text.trim().toLowerCase();
  if (v === "" || v === "true" || v === "yes" || v === "1") return true;
  if (v === "false" || v === "no" || v === "0") return false;
  throw new Error(`connect-chat: ${name} must be true or false, not "${text}"`);
}

function positiveInt(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`connect-chat: ${name} must be a positive whole number`);
  return n;
}

/**
 * Builds mount options from an element's attributes. `prefix` is "data-" for the script tag
 * and "" for the custom element. Only attributes that are present become options.
 */
export function optionsFromAttributes(element, prefix = "data-") {
  const get = (n) => element.getAttribute(prefix + n);
  const options = {};
  for (const [attr, key] of Object.entries(STRINGS)) {
    const v = get(attr);
    if (v !== null && v.trim() !== "") options[key] = v.trim();
  }
  let v;
  if ((v = get("pre-chat-fields")) !== null) options.preChatFields = preChatFields(prefix + "pre-chat-fields", v);
  if ((v = get("theme")) !== null) options.theme = theme(prefix + "theme", v);
  if ((v = get("attributes")) !== null) options.attributes = json(prefix + "attributes", v);
  if ((v = get("features")) !== null) options.features = json(prefix + "features", v);
  if ((v = get("open")) !== null) options.open = bool(prefix + "open", v);
  if ((v = get("max-message-length")) !== null) options.maxMessageLength = positiveInt(prefix + "max-message-length", v);
  const exts = get("allowed-extensions");
  const max = get("max-attachment-bytes");
  if (exts !== null || max !== null) {
    options.attachments = {};
    if (exts !== null) options.attachments.allowedExtensions = exts.split(/[\s,]+/).filter(Boolean);
    if (max !== null) options.attachments.maxSizeBytes = positiveInt(prefix + "max-attachment-bytes", max);
  }
  if (!options.startChatUrl) throw new Error(`connect-chat: ${prefix}start-chat-url is required`);
  if (!options.region && !options.participantEndpoint) {
    throw new Error(`connect-chat: give ${prefix}region or ${prefix}participant-endpoint`);
  }
  if (options.position && !["left", "right"].includes(options.position)) {
    throw new Error(`connect-chat: ${prefix}position must be left or right, not "${options.position}"`);
  }
  if (options.load && !["idle", "intent", "eager"].includes(options.load)) {
    throw new Error(`connect-chat: ${prefix}load must be idle, intent or eager, not "${options.load}"`);
  }
  return options;
}
