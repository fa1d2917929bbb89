// Attachments: an allowed file goes to S3 with the signed headers, is APPROVED and downloads
// back byte-identical; a disallowed type and an oversized file are refused before upload; a
// file the scan rejects shows as blocked; a throttled completion is retried without a second
// PUT, and a full quota offers no retry.
import { test } from "node:test";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import {
  useBrowser, newPage, openSite, startChat, transcript, fault, until, assert,
} from "./harness.mjs";

useBrowser();

const attachmentsOf = async (id) => (await transcript(id)).filter((i) => i.Type === "ATTACHMENT");

test("an allowed file is uploaded, approved and downloads byte-identical", async (t) => {
  const { page, problems } = await newPage(t);
  const puts = [];
  page.on("request", (r) => {
    if (r.method() === "PUT") puts.push({ url: r.url(), headers: r.headers() });
  });
  await openSite(page);
  const id = await startChat(page, "Files");
  const bytes = Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(40_000)]);
  await page.locator('.cc-composer input[type="file"]').setInputFiles({ name: "report.pdf", mimeType: "application/pdf", buffer: bytes });
  const item = await until(async () => {
    const a = (await attachmentsOf(id))[0];
    return a?.Attachments?.[0]?.Status === "APPROVED" && a;
  }, "an APPROVED attachment in the transcript");
  assert.equal(item.Attachments[0].AttachmentName, "report.pdf");
  assert.equal(puts.length, 1, "one PUT to S3");
  const put = puts[0];
  assert.match(put.url, /X-Amz-Signature=/);
  assert.equal(put.headers["content-type"], "application/pdf");
  // Every header the URL was signed over is sent (the emulator's S3 checks their values).
  const signed = new URL(put.url).searchParams.get("X-Amz-SignedHeaders").split(";");
  assert.ok(signed.some((h) => h.startsWith("x-amz-meta-")), `signed headers: ${signed}`);
  for (const h of signed.filter((h) => h !== "host" && h !== "content-length")) {
    assert.ok(h in put.headers, `signed header ${h} was sent`);
  }

  const line = page.locator(".cc-attachment", { hasText: "report.pdf" });
  await line.waitFor();
  // The first press asks for a download URL; the link that replaces it downloads the file.
  await line.locator("button", { hasText: "Download" }).click();
  const link = line.locator("a", { hasText: "Download" });
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const got = await readFile(await download.path());
  assert.equal(Buffer.compare(got, bytes), 0, "downloaded bytes equal the uploaded ones");
  assert.deepEqual(problems, []);
});

test("a disallowed type and an oversized file are refused before upload, with a message", async (t) => {
  const { page } = await newPage(t);
  let puts = 0;
  page.on("request", (r) => r.method() === "PUT" && puts++);
  await openSite(page);
  const id = await startChat(page, "Refused");
  const input = page.locator('.cc-composer input[type="file"]');
  await input.setInputFiles({ name: "tool.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
  const notice = page.locator(".cc-notice");
  await notice.waitFor();
  assert.match(await notice.innerText(), /tool\.exe|type|allowed/i);
  await notice.locator("button").click();
  await notice.waitFor({ state: "detached" });
  await input.setInputFiles({ name: "huge.txt", mimeType: "text/plain", buffer: Buffer.alloc(20 * 1024 * 1024 + 1, 97) });
  await notice.waitFor();
  assert.match(await notice.innerText(), /huge\.txt|large|size|MB/i);
  await page.waitForTimeout(500);
  assert.equal(puts, 0);
  assert.deepEqual(await attachmentsOf(id), []);
});

test("a file the scan rejects shows as blocked", async (t) => {
  const { page } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Scan");
  await page.locator('.cc-composer input[type="file"]').setInputFiles({ name: "eicar.txt", mimeType: "text/plain", buffer: Buffer.from("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR") });
  await until(async () => (await attachmentsOf(id))[0]?.Attachments?.[0]?.Status === "REJECTED", "a REJECTED attachment");
  await page.locator(".cc-attachment", { hasText: "eicar.txt" }).locator(".cc-failed", { hasText: "Blocked" }).waitFor();
  assert.equal(await page.locator(".cc-attachment", { hasText: "eicar.txt" }).locator("a, button").count(), 0);
});

test("a throttled completion is retried without a second PUT; a full quota offers no retry", async (t) => {
  const { page } = await newPage(t);
  let puts = 0;
  page.on("request", (r) => r.method() === "PUT" && puts++);
  const completions = [];
  page.on("response", (r) => r.url().endsWith("/participant/complete-attachment-upload") && completions.push(r.status()));
  await openSite(page);
  const id = await startChat(page, "Retries");
  t.after(() => fault({ clear: true }));
  const input = page.locator('.cc-composer input[type="file"]');

  await fault({ operation: "CompleteAttachmentUpload", count: 2, error: "ThrottlingException" });
  await input.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("stored once\n") });
  await until(async () => (await attachmentsOf(id))[0]?.Attachments?.[0]?.Status === "APPROVED",
    "the attachment completed after two throttled tries", 30_000);
  await page.locator(".cc-attachment", { hasText: "notes.txt" }).waitFor();
  assert.equal(puts, 1, "the file was PUT once");
  assert.deepEqual(completions, [429, 429, 200]);

  await fault({ operation: "StartAttachmentUpload", count: 1000, error: "ServiceQuotaExceededException" });
  await input.setInputFiles({ name: "more.txt", mimeType: "text/plain", buffer: Buffer.from("one too many\n") });
  const row = page.locator(".cc-upload.cc-upload-failed", { hasText: "more.txt" });
  await row.waitFor();
  assert.deepEqual(await row.locator("button").allInnerTexts(), ["Dismiss"], "no retry where it cannot help");
  await row.locator("button").click();
  await row.waitFor({ state: "detached" });
  assert.equal(puts, 1);
  assert.equal((await attachmentsOf(id)).length, 1);
});
