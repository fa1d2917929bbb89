// The script tag's data-* parsing (www/attributes.js), in Node: every accepted form, and a
// clear error naming the attribute for each bad value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { optionsFromAttributes } from "../../www/attributes.js";

const tag = (attrs) => ({ getAttribute: (n) => (n in attrs ? attrs[n] : null) });
const base = { "data-start-chat-url": "https://b.example/start", "data-region": "us-east-1" };

test("every attribute becomes its option", () => {
  const options = optionsFromAttributes(tag({
    ...base,
    "data-participant-endpoint": " http://127.0.0.1:9000 ",
    "data-display-name": "Ann",
    "data-pre-chat-fields": "email*, order ,",
    "data-attributes": '{"plan":"gold"}',
    "data-locale": "de",
    "data-theme": "--cc-accent: #7a1fa2; --cc-radius: 4px;",
    "data-position": "left",
    "data-title": "Help",
    "data-logo-url": "https://b.example/logo.svg",
    "data-open": "",
    "data-allowed-extensions": "png, pdf txt",
    "data-max-attachment-bytes": "5000000",
    "data-features": '{"typing":false}',
    "data-max-message-length": "2000",
    "data-storage-key": "second",
    "data-load": "intent",
    "data-authentication-redirect-uri": "https://b.example/signed-in",
    "data-authentication-identity-provider": "Google",
    "data-authentication-callback-url": "/auth/callback",
  }));
  assert.deepEqual(options, {
    startChatUrl: "https://b.example/start",
    region: "us-east-1",
    participantEndpoint: "http://127.0.0.1:9000",
    displayName: "Ann",
    locale: "de",
    position: "left",
    title: "Help",
    logoUrl: "https://b.example/logo.svg",
    storageKey: "second",
    load: "intent",
    authenticationRedirectUri: "https://b.example/signed-in",
    authenticationIdentityProvider: "Google",
    authenticationCallbackUrl: "/auth/callback",
    preChatFields: [{ name: "email", required: true }, { name: "order" }],
    theme: { "--cc-accent": "#7a1fa2", "--cc-radius": "4px" },
    attributes: { plan: "gold" },
    features: { typing: false },
    open: true,
    maxMessageLength: 2000,
    attachments: { allowedExtensions: ["png", "pdf", "txt"], maxSizeBytes: 5000000 },
  });
});

test("JSON forms and the custom element's unprefixed names", () => {
  const options = optionsFromAttributes(tag({
    "start-chat-url": "/start", "participant-endpoint": "http://127.0.0.1:1",
    "pre-chat-fields": '[{"name":"email","label":"E-mail","type":"email"}]',
    theme: '{"--cc-bg":"#000"}', open: "false",
  }), "");
  assert.deepEqual(options.preChatFields, [{ name: "email", label: "E-mail", type: "email" }]);
  assert.deepEqual(options.theme, { "--cc-bg": "#000" });
  assert.equal(options.open, false);
});

test("bad values are refused with the attribute's name", () => {
  const bad = [
    [{}, /data-start-chat-url is required/],
    [{ "data-start-chat-url": "/s" }, /give data-region or data-participant-endpoint/],
    [{ ...base, "data-position": "top" }, /data-position must be left or right, not "top"/],
    [{ ...base, "data-load": "lazy" }, /data-load must be idle, intent or eager, not "lazy"/],
    [{ ...base, "data-open": "maybe" }, /data-open must be true or false/],
    [{ ...base, "data-max-message-length": "-3" }, /data-max-message-length must be a positive whole number/],
    [{ ...base, "data-max-attachment-bytes": "1.5" }, /data-max-attachment-bytes must be a positive whole number/],
    [{ ...base, "data-attributes": "{plan:gold}" }, /data-attributes is not valid JSON/],
    [{ ...base, "data-theme": "red" }, /data-theme has "red", expected --cc-name: value/],
    [{ ...base, "data-pre-chat-fields": '[{"label":"x"}]' }, /data-pre-chat-fields must be a list of fields with a name/],
  ];
  for (const [attrs, message] of bad) {
    assert.throws(() => optionsFromAttributes(tag(attrs)), message);
  }
});
