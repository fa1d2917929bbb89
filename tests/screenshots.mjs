// Screenshots of the widget in its main states, for the README, against a running emulator
// that serves the demo page (`connect-emulator --static SITE`):
//   node tests/screenshots.mjs http://127.0.0.1:PAGE_PORT target/screenshots
// Uses Debian's Chromium through playwright-core; bounded: every wait has a timeout.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const [page_url, out = "target/screenshots"] = process.argv.slice(2);
if (!page_url) {
  console.error("usage: node tests/screenshots.mjs PAGE_URL [OUT_DIR]");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 760 } });
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(page_url + "/?locale=en");
  await page.locator(".cc-launcher").waitFor();
  await page.screenshot({ path: `${out}/1-launcher.png` });
  await page.locator(".cc-launcher").click();
  await page.locator(".cc-form input").first().fill("Ana");
  await page.screenshot({ path: `${out}/2-prechat.png` });
  await page.locator(".cc-form button[type=submit]").click();
  await page.locator(".cc-bubble", { hasText: "emulator's agent" }).waitFor();
  const box = page.locator(".cc-composer textarea");
  for (const text of ["Hello! Can you show me **markdown**?", "/markdown", "/listpicker", "/attachment"]) {
    await box.fill(text);
    await box.press("Enter");
    await page.waitForTimeout(1500);
  }
  await page.screenshot({ path: `${out}/3-conversation.png` });
  await page.locator(".cc-header button", { hasText: "End chat" }).click();
  await page.screenshot({ path: `${out}/4-end-confirm.png` });
  await page.locator(".cc-dialog .cc-button", { hasText: "End chat" }).click();
  await page.locator(".cc-dialog button", { hasText: "Download transcript" }).waitFor();
  await page.screenshot({ path: `${out}/5-ended.png` });
  const rtl = await browser.newPage({ viewport: { width: 900, height: 760 } });
  await rtl.goto(page_url + "/?locale=ar&open&purple");
  await rtl.locator(".cc-window").waitFor();
  await rtl.waitForTimeout(400);
  await rtl.screenshot({ path: `${out}/6-arabic-themed.png` });
  const phone = await browser.newPage({ viewport: { width: 390, height: 760 } });
  await phone.goto(page_url + "/?open");
  await phone.locator(".cc-window").waitFor();
  await phone.waitForTimeout(400);
  await phone.screenshot({ path: `${out}/7-small-screen.png` });
} finally {
  await browser.close();
}
if (errors.length) {
  console.error("page errors:\n" + errors.join("\n"));
  process.exit(1);
}
console.log(`screenshots in ${out}`);
