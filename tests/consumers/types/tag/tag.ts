// A page that only has the script tag: the loader's types come from a reference directive.
/// <reference types="connect-chat-widget/connect-chat.js" />
window.ConnectChat?.on("message", (m) => m.content.toUpperCase());
window.addEventListener("connect-chat:ready", (e) => e.detail.open());
window.addEventListener("connect-chat:error", (e) => console.log(e.detail.message));
// @ts-expect-error: the global's sendMessage takes text
void window.ConnectChat?.sendMessage(42);
export {};
