// Drives the Element Studio of a running `jit run --dev-wechat --studio` in Debian's headless Chromium, as an author
// would: node studio.mjs STUDIO_URL_WITH_TOKEN SCREENSHOT_FOLDER
// 1. without the token the page and its API answer 401;
// 2. a WeChat Mini Program login instance is created through the form (Meta → Type → name, generated fields);
// 3. it shows in the tree as ready, and its getLoginCode answers a bindCode over HTTP (the host's WeChat stand-in);
// 4. edited into a broken state (a bad appId), the diagnostic shows at the field and nothing is written.
// Prints one line per step; exits non-zero with the reason when a step fails. Screenshots go to SCREENSHOT_FOLDER.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const [studioUrl, shots] = process.argv.slice(2);
const base = new URL(studioUrl).origin;
const fullName = "auths.loginTypes.studioLogin";

for (const route of ["/studio/", "/studio/api/state"]) {
  const response = await fetch(base + route);
  assert.equal(response.status, 401, `${route} without the token`);
}
console.log("without the token: 401");

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(studioUrl);
  await page.getByTestId("tree").waitFor();
  await page.getByTestId("element-auths.loginTypes.myWeChatMiniLogin").waitFor();
  console.log("the tree lists the app's elements");

  await page.getByTestId("new").click();
  await page.getByTestId("meta").selectOption("auths.loginTypes.Meta");
  await page.getByTestId("type").selectOption("auths.loginTypes.WeChatMiniType");
  await page.getByTestId("fullName").fill(fullName);
  await page.locator("#declaration_title").fill("Studio login");
  await page.locator("#declaration_allowRegister").fill("1");
  await page.locator("#configuration_authConfig_appId").fill("wx0123456789abcdef");
  await page.screenshot({ path: path.join(shots, "studio-new.png"), fullPage: true });
  await page.getByTestId("save").click();
  await page.getByTestId("message").filter({ hasText: "Saved" }).waitFor().catch(async (error) => {
    await page.screenshot({ path: path.join(shots, "studio-save-failed.png"), fullPage: true });
    throw new Error(`the save did not succeed; the page says: ${await page.getByTestId("message").textContent()}\n${error.message}`);
  });
  await page.getByTestId(`element-${fullName}`).and(page.locator('[data-status="ready"]')).waitFor({ timeout: 15000 });
  console.log("created through the form and listed ready");

  let answer;
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${base}/api/elements/${fullName}/getLoginCode`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: "dave.1" }),
    });
    answer = await response.json();
    if (response.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(answer.bindCode?.length, 43, `getLoginCode answered ${JSON.stringify(answer)}`);
  console.log("its getLoginCode answers a bindCode");

  await page.getByTestId(`element-${fullName}`).getByRole("button").click();
  const appId = page.locator("#configuration_authConfig_appId");
  await appId.waitFor();
  await page.waitForFunction(() => document.querySelector("#configuration_authConfig_appId")?.value === "wx0123456789abcdef");
  await appId.fill("not-an-appid");
  await page.getByTestId("save").click();
  const fieldError = page.locator("#configuration_authConfig_appId").locator("xpath=ancestor::div[contains(@class,'form-group')][1]").getByText("JIT022");
  await fieldError.waitFor();
  assert.match(await page.getByTestId("message").textContent(), /nothing was written/);
  await page.screenshot({ path: path.join(shots, "studio-broken.png"), fullPage: true });
  console.log("a broken edit shows its diagnostic at the field; nothing written");
} finally {
  await browser.close();
}
