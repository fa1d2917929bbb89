/// <reference path="./jsx.d.ts" />
import type { CSSProperties, ReactElement } from "react";
import type {
  ChatEndedEvent, ChatErrorEvent, ChatHandle, ChatMessageEvent, ChatOptions, ChatStatusEvent,
} from "./index.js";

/** The mount options, the event props, and the rendered <div>'s `className` and `style`. */
export interface ConnectChatProps extends ChatOptions {
  /** A message from the other side. */
  onMessage?: (message: ChatMessageEvent) => void;
  /** The connection's state: the current one once mounted, then each change. */
  onStatus?: (status: ChatStatusEvent) => void;
  /** The chat ended. */
  onEnded?: (ended: ChatEndedEvent) => void;
  /** Something went wrong during the chat, or the widget could not be mounted (an Error). */
  onError?: (error: ChatErrorEvent | Error) => void;
  /** The widget is mounted; `handle` is valid until the component unmounts. */
  onReady?: (handle: ChatHandle) => void;
  className?: string;
  style?: CSSProperties;
}

/**
 * The widget as a React component: mounted in an effect (in the browser only), destroyed on
 * unmount, mounted again when an option changes.
 */
export function ConnectChat(props: ConnectChatProps): ReactElement;
