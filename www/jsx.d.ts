// JSX typing for <connect-chat> in React (`React.JSX.IntrinsicElements`). Opt in with
// `import type {} from "connect-chat-widget/jsx";` once in the app (connect-chat-widget/react
// does it for you). Only this file and react.d.ts mention React; the package's other types
// do not need it installed.
import type { ConnectChatElement } from "./element.js";
import type { ChatOptions } from "./index.js";

/** The `<connect-chat>` element's attributes: the script tag's `data-*` names without `data-`. */
export interface ConnectChatAttributes {
  "start-chat-url"?: string;
  region?: string;
  "participant-endpoint"?: string;
  "display-name"?: string;
  /** `email*, order` (`*` = required) or a JSON array of fields. */
  "pre-chat-fields"?: string;
  /** A JSON object of contact attributes. */
  attributes?: string;
  locale?: string;
  /** `--cc-accent: #7a1fa2; --cc-radius: 4px` */
  theme?: string;
  position?: "left" | "right";
  title?: string;
  "logo-url"?: string;
  open?: boolean | "true" | "false";
  "allowed-extensions"?: string;
  "max-attachment-bytes"?: number | string;
  /** A JSON object, e.g. `{"typing": false}`. */
  features?: string;
  "max-message-length"?: number | string;
  "storage-key"?: string;
  "authentication-redirect-uri"?: string;
  "authentication-identity-provider"?: string;
  "authentication-callback-url"?: string;
  "wasm-url"?: string;
}

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "connect-chat": DetailedHTMLProps<HTMLAttributes<ConnectChatElement>, ConnectChatElement> &
        ConnectChatAttributes & {
          /** Options that win over the attributes (objects such as `theme`). */
          options?: Partial<ChatOptions> | null;
        };
    }
  }
}
