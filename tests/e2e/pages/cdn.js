// Adds the script tag with the loader URL from ?src= (another origin) and the emulator's URLs;
// extra data-* attributes come from ?attr.NAME=VALUE.
const params = new URLSearchParams(location.search);
const urls = await (await fetch("/emulator.json")).json();
const script = document.createElement("script");
script.type = "module";
script.src = params.get("src");
script.setAttribute("data-start-chat-url", `${urls.participant_url}/start-chat`);
script.setAttribute("data-participant-endpoint", urls.participant_url);
for (const [key, value] of params) {
  if (key.startsWith("attr.")) script.setAttribute(`data-${key.slice(5)}`, value);
}
document.body.append(script);
