// Adds <connect-chat> with the emulator's URLs, as a framework would render it.
import "../widget/element.js";

const urls = await (await fetch("/emulator.json")).json();
const el = document.createElement("connect-chat");
el.setAttribute("start-chat-url", `${urls.participant_url}/start-chat`);
el.setAttribute("participant-endpoint", urls.participant_url);
el.setAttribute("display-name", "Element User");
el.options = { theme: { "--cc-accent": "rgb(122, 31, 162)" } };
document.body.append(el);
