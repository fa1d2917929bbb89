//! The agent console: a page to answer chats by hand through the control API.

use crate::App;

/// `GET /agent`: a page to answer chats by hand.
pub async fn console_page(
    axum::extract::State(app): axum::extract::State<App>,
) -> axum::response::Html<String> {
    // The control URL is ours (an http URL without quotes), so it is safe inside the string.
    axum::response::Html(CONSOLE.replace("__CONTROL_URL__", &app.urls.control_url))
}

const CONSOLE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Agent console (connect-emulator)</title>
<style>
body{font:14px system-ui,sans-serif;margin:0;display:flex;height:100vh}
#list{width:280px;border-right:1px solid #ccc;overflow:auto;margin:0;padding:0;list-style:none}
#list li{padding:8px;border-bottom:1px solid #eee;cursor:pointer}
#list li.sel{background:#e8f0fe}
main{flex:1;display:flex;flex-direction:column}
#log{flex:1;overflow:auto;padding:8px}
.item{margin:4px 0}.who{font-weight:600;margin-right:6px}.meta{color:#777;font-size:12px}
form{display:flex;gap:6px;padding:8px;border-top:1px solid #ccc}
#text{flex:1}
</style></head>
<body>
<ul id="list" aria-label="Chats"></ul>
<main>
<div id="log" aria-live="polite"></div>
<form id="send"><input id="text" autocomplete="off" placeholder="Reply as the agent" aria-label="Message">
<button>Send</button><button type="button" id="typing">Typing</button><button type="button" id="end">End chat</button></form>
</main>
<script>
// Every value from the chat is written with textContent: never parsed as markup.
const api = (p) => "__CONTROL_URL__" + p;
let selected = null;
// The selected chat's state from the list, and the receipts already asked for.
let current = null;
const asked = new Set();
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
async function json(url, opts) { const r = await fetch(url, opts); if (!r.ok) throw new Error(r.status + " " + await r.text()); return r.json(); }
async function refreshList() {
  const data = await json(api("/contacts"));
  const list = document.getElementById("list");
  list.replaceChildren();
  current = data.Contacts.find(c => c.ContactId === selected) || null;
  for (const c of data.Contacts.slice().reverse()) {
    const customer = (c.Participants.find(p => p.Role === "CUSTOMER") || {}).DisplayName || "?";
    const li = el("li", c.ContactId === selected ? "sel" : "", customer + (c.Ended ? " (ended)" : ""));
    li.appendChild(el("div", "meta", c.ContactId));
    li.onclick = () => { selected = c.ContactId; refreshList(); refreshLog(); };
    list.appendChild(li);
  }
}
async function refreshLog() {
  if (!selected) return;
  const data = await json(api("/contacts/" + selected + "/transcript"));
  const log = document.getElementById("log");
  log.replaceChildren();
  for (const it of data.Transcript) {
    const row = el("div", "item");
    row.appendChild(el("span", "who", (it.DisplayName || it.ParticipantRole || "") + ":"));
    let text = it.Content || "";
    if (it.Attachments) text = it.Attachments.map(a => "[attachment " + a.AttachmentName + " " + a.Status + "]").join(" ");
    if (!it.Content && !it.Attachments) text = it.ContentType || it.Type;
    row.appendChild(el("span", "", text));
    row.appendChild(el("span", "meta", " " + it.AbsoluteTime));
    log.appendChild(row);
  }
  log.scrollTop = log.scrollHeight;
  markRead(data.Transcript);
}
// The agent has seen what is on screen: a read receipt for each customer message or
// attachment nobody else has read yet (kept on the item, so the customer sees "Read").
function markRead(items) {
  if (!current || !current.AgentJoined || current.Ended) return;
  for (const it of items) {
    if (it.ParticipantRole !== "CUSTOMER" || (it.Type !== "MESSAGE" && it.Type !== "ATTACHMENT")) continue;
    const receipts = (it.MessageMetadata && it.MessageMetadata.Receipts) || [];
    if (asked.has(it.Id) || receipts.some(r => r.ReadTimestamp && r.RecipientParticipantId !== it.ParticipantId)) continue;
    asked.add(it.Id);
    post("/agent/events", { ContentType: "application/vnd.amazonaws.connect.event.message.read", Content: JSON.stringify({ messageId: it.Id }) }).catch(() => asked.delete(it.Id));
  }
}
async function post(path, body) {
  return json(api("/contacts/" + selected + path), { method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body) });
}
document.getElementById("send").onsubmit = async (e) => {
  e.preventDefault();
  const input = document.getElementById("text");
  if (!selected || !input.value) return;
  await post("/agent/messages", { Content: input.value, ContentType: "text/plain" });
  input.value = ""; refreshLog();
};
document.getElementById("typing").onclick = () => selected && post("/agent/events", { ContentType: "application/vnd.amazonaws.connect.event.typing" });
document.getElementById("end").onclick = async () => { if (selected) { await post("/end", {}); refreshList(); refreshLog(); } };
refreshList();
setInterval(() => { refreshList().catch(() => {}); refreshLog().catch(() => {}); }, 1000);
</script></body></html>"#;
