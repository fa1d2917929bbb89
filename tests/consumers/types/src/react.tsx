// The React binding and JSX typing for <connect-chat>.
import { useState } from "react";
import { ConnectChat } from "connect-chat-widget/react";
import type { ChatStatus } from "connect-chat-widget";

export function App() {
  const [status, setStatus] = useState<ChatStatus>("idle");
  return (
    <div>
      <p>{status}</p>
      <ConnectChat
        startChatUrl="/start-chat"
        region="us-east-1"
        theme={{ "--cc-accent": "#7a1fa2" }}
        className="chat"
        onStatus={(s) => setStatus(s.status)}
        onMessage={(m) => console.log(m.content)}
        onEnded={(e) => console.log(e.reason)}
        onError={(e) => console.log(e.message)}
        onReady={(handle) => handle.open()}
      />
      <connect-chat start-chat-url="/start-chat" region="us-east-1" position="left" open id="chat"
        options={{ theme: { "--cc-accent": "#000" } }} />
    </div>
  );
}

export function Mistakes() {
  return (
    <div>
      {/* @ts-expect-error: startChatUrl is required */}
      <ConnectChat region="us-east-1" />
      {/* @ts-expect-error: a message has no `text` field */}
      <ConnectChat startChatUrl="/s" region="us-east-1" onMessage={(m) => m.text} />
      {/* @ts-expect-error: position is left or right */}
      <connect-chat start-chat-url="/s" position="top" />
    </div>
  );
}
