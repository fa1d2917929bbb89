// Server-side rendering: importing each entry must not throw, the React component renders,
// and mount() says it needs a browser. Prints what it saw as one JSON line.
import { createElement } from "react";
import { renderToString } from "react-dom/server";

const main = await import("connect-chat-widget");
const element = await import("connect-chat-widget/element");
const react = await import("connect-chat-widget/react");
await import("connect-chat-widget/connect-chat.js");
const html = renderToString(
  createElement(react.ConnectChat, { startChatUrl: "/start-chat", region: "us-east-1", className: "chat" }),
);
const mount = await main.mount({ startChatUrl: "/start-chat", region: "us-east-1" }).then(
  () => "mounted",
  (e) => e.message,
);
console.log(JSON.stringify({
  main: Object.keys(main).sort(),
  element: Object.keys(element).sort(),
  react: Object.keys(react).sort(),
  defined: element.defineConnectChat(),
  html,
  mount,
}));
