// Customer sign-in with the emulator's sign-in page: the prompt, the popup that comes back to
// the site's page and closes itself (www/sign-in.js), the outcome as one line, in English,
// German and Arabic, at desktop and phone width.
import { test } from "node:test";
import { useBrowser, newPage, openSite, startChat, send, contacts, until, reopen, shoot, assert } from "./harness.mjs";

useBrowser();

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1100, height: 820 } };

const WORDS = {
  en: { prompt: "Please sign in to continue.", open: "Sign in", skip: "Continue without signing in", done: "Signed in", cancelled: "Sign-in cancelled" },
  de: { prompt: "Bitte melden Sie sich an", open: "Anmelden", skip: "Ohne Anmeldung fortfahren", done: "Angemeldet", cancelled: "Anmeldung abgebrochen" },
  ar: { prompt: "يُرجى تسجيل الدخول للمتابعة.", open: "تسجيل الدخول", skip: "المتابعة دون تسجيل الدخول", done: "تم تسجيل الدخول", cancelled: "أُلغي تسجيل الدخول" },
};

for (const [locale, size] of [["en", DESKTOP], ["de", PHONE], ["ar", PHONE]]) {
  test(`sign-in (${locale}, ${size.viewport.width}px): the popup closes itself and the chat says "${WORDS[locale].done}" once`, async (t) => {
    const w = WORDS[locale];
    const { context, page, problems } = await newPage(t, size);
    await openSite(page, `/?locale=${locale}`);
    await startChat(page, "Auth");
    const chats = (await contacts()).length;
    await send(page, "/auth");
    const prompt = page.locator(".cc-auth");
    await prompt.locator("p", { hasText: w.prompt }).waitFor();
    await prompt.locator("button", { hasText: w.skip }).waitFor();
    const open = prompt.locator("button:not(.cc-secondary)", { hasText: w.open });
    await until(async () => !(await open.isDisabled()), "the sign-in page's address");
    await shoot(page, `signin-prompt-${locale}-${size.viewport.width}`);
    const [popup] = await Promise.all([context.waitForEvent("page"), open.click()]);
    const popupProblems = [];
    popup.on("pageerror", (e) => popupProblems.push(e.message));
    const popupWasm = [];
    popup.on("request", (r) => r.url().endsWith(".wasm") && popupWasm.push(r.url()));
    await popup.locator("#ok").click();
    // Back on the site's page, the widget hands over to its opener and closes the popup.
    await popup.waitForEvent("close");
    await page.locator(".cc-event", { hasText: w.done }).waitFor();
    assert.equal(await page.locator(".cc-event", { hasText: w.done }).count(), 1);
    assert.equal(await page.locator(".cc-auth").count(), 0, "the prompt is gone");
    assert.equal(await page.locator(".cc-notice").count(), 0, "no red banner");
    assert.equal((await contacts()).length, chats, "no second chat from the popup");
    assert.deepEqual(popupProblems, []);
    assert.deepEqual(popupWasm, [], "no second widget in the popup");
    await shoot(page, `signin-done-${locale}-${size.viewport.width}`);
    // A reload does not ask again.
    await reopen(page);
    await page.locator(".cc-event", { hasText: w.done }).waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await page.locator(".cc-auth").count(), 0, "not asked again");
    assert.equal(await page.locator(".cc-event", { hasText: w.done }).count(), 1);
    assert.deepEqual(problems, []);
  });
}

test("continuing without signing in cancels, and the chat goes on", async (t) => {
  const { page, problems } = await newPage(t, PHONE);
  await openSite(page, "/?locale=de");
  await startChat(page, "Skipper");
  await send(page, "/auth");
  await page.locator(".cc-auth button", { hasText: WORDS.de.skip }).click();
  await page.locator(".cc-event", { hasText: WORDS.de.cancelled }).waitFor();
  assert.equal(await page.locator(".cc-auth").count(), 0);
  await send(page, "weiter");
  await page.locator(".cc-line .cc-bubble", { hasText: "You said: weiter" }).waitFor();
  assert.deepEqual(problems, []);
});
