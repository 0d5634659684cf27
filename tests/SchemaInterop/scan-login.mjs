// The scan-to-log-in example PC page in Debian's headless Chromium, with this script playing the Mini Program:
// node scan-login.mjs HOST_URL SESSION_TOKEN LOGIN_ELEMENT
// 1. the page shows the code; the Mini Program (fetch with the user's session) opens it and confirms: the page ends
//    showing the user id. 2. a new code, cancelled: the page says cancelled. 3. a code left alone past its lifetime
//    (the host runs with a short one): the page says expired. Prints one line per step; exits non-zero on a failure.
import { chromium } from "playwright-core";

const [host, token, login] = process.argv.slice(2);
const miniProgram = async (fn, args) => {
  const response = await fetch(`${host}/api/elements/${login}/${fn}`, {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify(args),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${fn}: ${response.status} ${JSON.stringify(body)}`);
  return body;
};

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage();
  const ticketOf = async () => {
    const image = page.locator("#qr[data-ticket]");
    await image.waitFor({ timeout: 20000 });
    const loaded = await image.evaluate((img) => img.complete && img.naturalWidth > 0);
    if (!loaded) throw new Error("the code's image did not load");
    return image.getAttribute("data-ticket");
  };
  const statusIs = (status, timeout = 20000) => page.locator(`#status[data-status="${status}"]`).waitFor({ timeout });

  await page.goto(`${host}/dev/scan-login`);
  let ticket = await ticketOf();
  console.log("the page shows the code");
  const shown = await miniProgram("getScanLogin", { ticket });
  await statusIs("scanned");
  console.log(`scanned: the Mini Program sees the request from ${shown.clientAddress} (${shown.userAgent.includes("Chrome") ? "Chromium" : shown.userAgent})`);
  await miniProgram("confirmScanLogin", { ticket });
  await page.locator("#user[data-user-id]").waitFor({ timeout: 20000 });
  console.log(`confirmed: ${await page.locator("#user").innerText()}`);

  await page.goto(`${host}/dev/scan-login`);
  ticket = await ticketOf();
  await miniProgram("getScanLogin", { ticket });
  await miniProgram("cancelScanLogin", { ticket });
  await statusIs("cancelled");
  console.log("cancelled: the page says so");

  await page.goto(`${host}/dev/scan-login`);
  await ticketOf();
  await statusIs("expired", 30000);
  console.log("expired: the page says so");
} finally {
  await browser.close();
}
