// The handle `mount` resolves to is dropped: webpack wraps this module in a function, so
// nothing keeps it, and the widget must stay anyway. The endpoint comes from ?endpoint=.
import { mount } from "connect-chat-widget";

const endpoint = new URLSearchParams(location.search).get("endpoint");
mount({ startChatUrl: `${endpoint}/start-chat`, participantEndpoint: endpoint });
