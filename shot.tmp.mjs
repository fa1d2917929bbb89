import { chromium } from "playwright-core";
const base = "http://127.0.0.1:8711";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const [loc, w, h] of [["de", 1280, 800], ["de", 390, 844], ["fr", 1280, 800], ["ar", 1280, 800]]) {
  const p = await b.newPage({ viewport: { width: w, height: h }, deviceScaleFactor: 1 });
  await p.goto(`${base}/?locale=${loc}&open`);
  await p.waitForTimeout(1200);
  await p.getByRole("textbox").first().fill("Ana");
  await p.locator(".cc-form .cc-button").click();
  await p.locator(".cc-composer textarea:not([disabled])").waitFor();
  await p.waitForTimeout(2500);
  await p.screenshot({ path: `/work/tmp/shots/chat-${loc}-${w}.png` });
  await p.close();
}
await b.close();
