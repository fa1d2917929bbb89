// Screenshots of the widget in its main states, for the README, against a running emulator
// that serves the demo page (`connect-emulator --static SITE`):
//   node tests/screenshots.mjs http://127.0.0.1:PAGE_PORT docs/screenshots
// English at the desktop size goes through every state; English, German and Arabic each show
// the conversation (with uploads and a refused file) and the end at the desktop and the phone
// size. Files are named LOCALE-SIZE-STATE.png. Uses Debian's Chromium through playwright-core;
// bounded: every wait has a timeout.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";

const [page_url, out = "target/screenshots"] = process.argv.slice(2);
if (!page_url) {
  console.error("usage: node tests/screenshots.mjs PAGE_URL [OUT_DIR]");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const SIZES = { desktop: { width: 1100, height: 820 }, phone: { width: 390, height: 844 } };
const GREETING = { en: "emulator's agent", de: "emulator's agent", ar: "emulator's agent" };
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];

async function newPage(size, locale) {
  const page = await browser.newPage({ viewport: SIZES[size], locale });
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) errors.push(`${r.status()} ${r.url()}`);
  });
  return page;
}

async function say(page, text, wait = 1200) {
  const box = page.locator(".cc-composer textarea");
  await box.fill(text);
  await box.press("Enter");
  await page.waitForTimeout(wait);
}

/** Starts a chat, talks, uploads two files and tries a refused one. */
async function converse(page, locale, size, shot, every) {
  await page.goto(`${page_url}/?locale=${locale}`);
  await page.locator(".cc-launcher").waitFor();
  if (every) await shot("1-launcher");
  await page.locator(".cc-launcher").click();
  await page.locator(".cc-form input").first().fill(locale === "ar" ? "سارة" : "Ana");
  if (every) await shot("2-prechat");
  await page.locator(".cc-form button[type=submit]").click();
  await page.locator(".cc-bubble", { hasText: GREETING[locale] }).waitFor();
  for (const text of ["Hello! Can you show me **markdown**?", "/markdown", "/listpicker", "/attachment", "/transfer"]) {
    await say(page, text);
  }
  const input = page.locator('.cc-composer input[type="file"]');
  await input.setInputFiles([
    { name: "invoice-march.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n") },
    { name: "photo-of-the-parcel-with-a-very-long-name-that-must-wrap.txt", mimeType: "text/plain", buffer: Buffer.from("a parcel\n") },
  ]);
  await page.waitForTimeout(1500);
  await input.setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
  await page.locator(".cc-notice").waitFor();
  await page.waitForTimeout(300);
  await shot("3-conversation");
  await page.locator(".cc-notice button").click();
  await page.locator(".cc-composer textarea").fill("x".repeat(1100));
  await page.waitForTimeout(300);
  if (every || size === "phone") await shot("4-too-long");
  await page.locator(".cc-composer textarea").fill("");
  await page.locator(".cc-header button").filter({ hasNotText: "—" }).first().click();
  await page.locator(".cc-dialog").waitFor();
  if (every) await shot("5-end-confirm");
  await page.locator(".cc-dialog .cc-button").first().click();
  await page.locator(".cc-dialog[role=status]").waitFor();
  await page.waitForTimeout(300);
  await shot("6-ended");
}

try {
  for (const locale of ["en", "de", "ar"]) {
    for (const size of ["desktop", "phone"]) {
      const page = await newPage(size, locale);
      const shot = (state) => page.screenshot({ path: `${out}/${locale}-${size}-${state}.png` });
      await converse(page, locale, size, shot, locale === "en" && size === "desktop");
      await page.close();
    }
  }
} finally {
  await browser.close();
}
if (errors.length) {
  console.error("page errors:\n" + errors.join("\n"));
  process.exit(1);
}
console.log(`screenshots in ${out}`);
