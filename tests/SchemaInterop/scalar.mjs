// Checks that the API reference page (/scalar/) shows a function's result schema in Debian's headless Chromium:
// node scalar.mjs REFERENCE_URL OPERATION_PATH PROPERTY...   (OPERATION_PATH such as /api/elements/x.y/getLoginCode)
// Opens the operation's 200 response and prints OK when every PROPERTY is listed there; exits non-zero otherwise.
import { chromium } from "playwright-core";

const [url, operation, ...properties] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage();
  await page.goto(url);
  // Only the first group is rendered open, and an operation's details only once it is near the viewport: open the
  // operation's group (its element) from the sidebar when it is not (clicking an open group would close it), then
  // scroll to the operation.
  const element = operation.split("/").at(-2);
  const response = page.locator(`[id$="POST${operation}.responses.200"]`);
  const section = page.locator(`[id$="POST${operation}"]`).first();
  try {
    await section.waitFor({ state: "attached", timeout: 5000 });
  } catch {
    await page.getByText(element, { exact: true }).first().click();
    await section.waitFor({ state: "attached", timeout: 30000 });
  }

  await section.scrollIntoViewIfNeeded();
  await response.waitFor({ timeout: 30000 });
  await response.click();
  const missing = [];
  for (const property of properties) {
    try {
      await section.getByText(property, { exact: true }).first().waitFor({ timeout: 10000 });
    } catch {
      missing.push(property);
    }
  }

  if (missing.length > 0) {
    console.error(`the 200 response of ${operation} does not list: ${missing.join(", ")}\n${(await section.innerText()).slice(0, 2000)}`);
    process.exit(1);
  }

  console.log(`OK ${operation}: ${properties.join(", ")}`);
} finally {
  await browser.close();
}
