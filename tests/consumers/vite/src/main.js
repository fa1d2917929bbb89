// As the package's README shows it; the participant endpoint comes from ?endpoint=.
import { mount } from "connect-chat-widget";

const endpoint = new URLSearchParams(location.search).get("endpoint");
const chat = await mount({ startChatUrl: `${endpoint}/start-chat`, participantEndpoint: endpoint });
const status = document.getElementById("status");
status.value = chat.status;
chat.on("status", (s) => (status.value = s.status));
// For the test: the handle, and the message events the page heard.
window.chat = chat;
window.heard = [];
chat.on("message", (m) => window.heard.push(m));
