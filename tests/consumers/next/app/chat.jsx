"use client";
import { StrictMode, useState } from "react";
import { ConnectChat } from "connect-chat-widget/react";

export default function Chat({ endpoint }) {
  const [status, setStatus] = useState("idle");
  const [messages, setMessages] = useState([]);
  return (
    <StrictMode>
      <p>Status: <output id="status">{status}</output></p>
      <ul id="messages">
        {messages.map((m, i) => <li key={i}>{m}</li>)}
      </ul>
      <ConnectChat
        startChatUrl={`${endpoint}/start-chat`}
        participantEndpoint={endpoint}
        theme={{ "--cc-accent": "#0b6bcb" }}
        onStatus={(s) => setStatus(s.status)}
        onMessage={(m) => setMessages((list) => [...list, m.content])}
        onError={(e) => setMessages((list) => [...list, `error: ${e.message}`])}
      />
    </StrictMode>
  );
}
