// Every ShowView view the emulator's flow shows, drawn by the widget and answered, in Arabic
// at phone width and in German at desktop width; a screenshot of each drawn view goes to
// target/e2e/screenshots/ to be looked at.
import { test } from "node:test";
import { useBrowser, newPage, openSite, startChat, send, seeBubble, bubbles, transcript, until, shoot, assert } from "./harness.mjs";

useBrowser();

const SIZES = {
  ar: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  de: { viewport: { width: 1100, height: 820 } },
};

/** How each view is answered, what is sent, and the customer's line (by locale where it differs). */
const VIEWS = {
  form: {
    see: "Update your address",
    answer: async (page) => {
      await page.locator(".cc-view .cc-view-field", { hasText: "Street" }).locator("input").fill("1 Main St");
      await page.locator(".cc-view button", { hasText: "Save" }).click();
    },
    sent: { action: "Submit", data: { FormData: { street: "1 Main St", postcode: "98101" } } },
    // The form's own action, in the customer's language.
    line: { ar: "إرسال", de: "Absenden" },
  },
  confirmation: {
    see: "Your address is updated.",
    answer: (page) => page.locator(".cc-view button", { hasText: "Done" }).click(),
    sent: { action: "Next", data: { actionName: "Next", Label: "Done" } },
    line: "Done",
  },
  cards: {
    see: "What can we help with?",
    answer: async (page) => {
      await page.locator(".cc-view .cc-view-card", { hasText: "Billing" }).click();
      await page.locator(".cc-view button", { hasText: "Pay a bill" }).click();
    },
    sent: { action: "ActionSelected", data: { actionName: "Pay a bill" } },
    line: "Pay a bill",
  },
  detail: {
    see: "Order 1234",
    answer: (page) => page.locator(".cc-view button", { hasText: "Track parcel" }).click(),
    sent: { action: "ActionSelected", data: { actionName: "Track parcel" } },
    line: "Track parcel",
  },
  list: {
    see: "Your orders",
    answer: (page) => page.locator(".cc-view button", { hasText: "Order 1234" }).click(),
    sent: { action: "ActionSelected", data: { actionName: "order_1234" } },
    // A list item answers with its Id alone.
    line: "order_1234",
  },
  custom: {
    see: "No Icon Card",
    answer: (page) => page.locator(".cc-view .cc-view-card", { hasText: "CafeCard" }).click(),
    sent: { action: "CardSelected", data: { Heading: "CafeCard", Id: "CafeCard" } },
    line: "CardSelected",
  },
};

for (const locale of ["ar", "de"]) {
  for (const [name, view] of Object.entries(VIEWS)) {
    test(`the ${name} view (${locale}, ${SIZES[locale].viewport.width}px) is drawn, answered and read as words`, async (t) => {
      const { page, problems } = await newPage(t, SIZES[locale]);
      await openSite(page, `/?locale=${locale}`);
      const id = await startChat(page, "Viewer");
      await send(page, `/view ${name}`);
      const drawn = page.locator(".cc-view", { hasText: view.see });
      await drawn.waitFor();
      await drawn.scrollIntoViewIfNeeded();
      if (locale === "ar") assert.equal(await page.locator(".cc-root").getAttribute("dir"), "rtl");
      // The view fits the window: nothing wider than the conversation.
      const [list, box] = [await page.locator(".cc-list").boundingBox(), await drawn.boundingBox()];
      assert.ok(box.width <= list.width + 1, `${box.width} fits in ${list.width}`);
      await shoot(page, `view-${name}-${locale}-${SIZES[locale].viewport.width}`);
      await view.answer(page);
      const answer = await until(async () => (await transcript(id)).find((i) =>
        i.ContentType === "application/vnd.amazonaws.connect.message.interactive.response"), "the view's answer");
      assert.deepEqual(JSON.parse(answer.Content), { ...view.sent, templateType: "ViewResource", version: "1.0" });
      await seeBubble(page, `You chose ${view.sent.action}`);
      assert.equal(await page.locator(".cc-view").count(), 0, "the view folds once answered");
      const mine = (await bubbles(page, { mine: true })).map((b) => b.trim());
      assert.deepEqual(mine, [`/view ${name}`, view.line[locale] ?? view.line]);
      for (const text of await bubbles(page)) assert.ok(!text.trim().startsWith("{"), `no JSON on screen: ${text}`);
      assert.deepEqual(problems, []);
    });
  }
}
