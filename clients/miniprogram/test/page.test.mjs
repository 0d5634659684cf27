// The example Mini Program's login page, rendered with WeChat's miniprogram-simulate (in jsdom), logging in against a
// real `jit run --dev-wechat` through the client: a tap on the button, then the page shows the user id.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";
import { createJitClient } from "../dist/index.js";
import { startHost, wxStandIn } from "./support.mjs";

// miniprogram-simulate renders into a DOM: jsdom's, with its own Event classes (Node's global ones are another realm's).
const dom = new JSDOM("<!doctype html><html><body></body></html>");
for (const name of ["window", "document", "Node", "HTMLElement", "Element", "Event", "CustomEvent", "MutationObserver", "getComputedStyle"]) {
  globalThis[name] = name === "window" ? dom.window : dom.window[name];
}
const simulate = createRequire(import.meta.url)("miniprogram-simulate");
const page = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../example/pages/login/login");

let host;
before(async () => { host = await startHost(); });
after(async () => { await host?.stop(); });

const until = async (condition) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
};

test("the example's login page logs a new user in with one tap and shows the user id", async () => {
  const wx = wxStandIn();
  globalThis.getApp = () => ({ jit: app });
  const app = createJitClient({ baseUrl: host.baseUrl, wx, element: "auths.loginTypes.myWeChatMiniLogin" });
  const rendered = simulate.render(simulate.load(page));
  rendered.attach(document.createElement("parent-wrapper"));
  assert.equal(rendered.querySelector(".user"), undefined, "nobody is logged in yet");

  rendered.querySelector(".login").dispatchEvent("tap");
  await until(() => rendered.data.userId);

  const session = app.session();
  assert.ok(session?.userId > 0);
  assert.equal(rendered.querySelector(".user").dom.textContent, `Logged in as user ${session.userId} (new)`);
  assert.ok(rendered.querySelector(".phone"), "the phone-number button shows once logged in");
  assert.equal(wx.counts.requests.register, 1);
});
