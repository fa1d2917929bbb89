"use client";
// <ConnectChat startChatUrl=... region=... onMessage=... /> for React 18 and 19. Mounts the
// widget in an effect into the <div> it renders, destroys it on unmount, and subscribes the
// on* props through `on`'s unsubscribe functions. Importing it touches no DOM (SSR renders
// the empty <div>).
import { createElement, useEffect, useRef } from "react";
import { mount } from "./index.js";

const HANDLERS = { onMessage: "message", onStatus: "status", onEnded: "ended", onError: "error" };

/** The props that are not mount options. */
const OWN = new Set([...Object.keys(HANDLERS), "onReady", "className", "style"]);

function split(props) {
  const options = {};
  for (const [key, value] of Object.entries(props)) {
    if (!OWN.has(key) && key !== "children") options[key] = value;
  }
  return options;
}

/**
 * The widget as a React component. Props are the `mount` options, plus `onMessage`,
 * `onStatus`, `onEnded`, `onError` (a chat error, or the Error `mount` rejected with) and
 * `onReady(handle)`; `className` and `style` go to the <div> it renders. The widget is
 * mounted again when an option changes.
 */
export function ConnectChat(props) {
  const box = useRef(null);
  // The latest handlers, so that a new function each render neither remounts nor resubscribes.
  const latest = useRef(props);
  latest.current = props;
  const options = split(props);
  const { container, ...rest } = options;
  // Options compare by value (a `theme` object literal is new each render); functions and
  // elements do not serialize, so they compare by identity below.
  const key = JSON.stringify(rest);

  useEffect(() => {
    let cancelled = false;
    let handle = null;
    const offs = [];
    mount({ ...options, container: container ?? box.current }).then(
      (chat) => {
        if (cancelled) {
          chat.destroy();
          return;
        }
        handle = chat;
        for (const [prop, event] of Object.entries(HANDLERS)) {
          offs.push(chat.on(event, (payload) => latest.current[prop]?.(payload)));
        }
        // A resumed chat reported its status while mounting, before anyone could listen.
        latest.current.onStatus?.({ status: chat.status });
        latest.current.onReady?.(chat);
      },
      (error) => {
        if (!cancelled) latest.current.onError?.(error);
      },
    );
    return () => {
      cancelled = true;
      for (const off of offs) off();
      handle?.destroy();
    };
    // `options` is read once per mount: `key` and `container` say when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, container]);

  return createElement("div", { ref: box, className: props.className, style: props.style });
}
