// The client against a real `jit run --dev-wechat` on loopback, through a `wx` stand-in that makes real HTTP requests.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createJitClient, JitError } from "../dist/index.js";
import { startHost, wxStandIn } from "./support.mjs";

const login = "auths.loginTypes.myWeChatMiniLogin";
let host;

before(async () => { host = await startHost(); });
after(async () => { await host?.stop(); });

const client = (wx, extra = {}) => createJitClient({ baseUrl: host.baseUrl, wx, element: login, ...extra });

test("a new WeChat user registers, and the same user later logs in as that user", async () => {
  const wx = wxStandIn();
  const first = await client(wx).login({ register: true });
  assert.equal(first.isNewUser, true);
  assert.ok(first.userId > 0 && first.token.length === 43);
  assert.equal(wx.counts.requests.register, 1);

  const again = await client(wxStandIn({ user: wx.user })).login({ register: true });
  assert.equal(again.isNewUser, false, "a known user gets a loginCode, no bindCode");
  assert.equal(again.userId, first.userId);
});

test("the stored session is reused while it lives, and calls carry its token", async () => {
  const wx = wxStandIn();
  const jit = client(wx);
  const session = await jit.login({ register: true });
  assert.deepEqual(await jit.login(), session);
  assert.equal(wx.counts.logins, 1, "no second wx.login");
  assert.deepEqual(await jit.call(login, "checkSession", {}), { valid: true });
});

test("a session that ended on the host is renewed once and the call retried once", async () => {
  const wx = wxStandIn();
  const jit = client(wx);
  const session = await jit.login({ register: true });
  const ended = await fetch(`${host.baseUrl}/api/elements/auths.loginTypes.services.AuthSvc/logout`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: session.token }),
  });
  assert.equal(ended.status, 200);

  assert.deepEqual(await jit.call(login, "checkSession", {}), { valid: true });
  assert.equal(wx.counts.logins, 2, "one re-login");
  assert.equal(wx.counts.requests.checkSession, 2, "one retry");
  assert.notEqual(jit.session().token, session.token);
});

test("registration closed is a JitError with the host's code", async () => {
  const jit = client(wxStandIn(), { element: "auths.loginTypes.closedLogin" });
  await assert.rejects(jit.login({ register: true }), (error) => error instanceof JitError && error.code === "registration_closed" && error.status === 422);
});

test("WeChat down is the error, with no retry storm", async () => {
  const wx = wxStandIn({ code: "errcode.-1" });
  await assert.rejects(client(wx).login({ register: true }), (error) => error instanceof JitError && error.code === "wechat_busy" && error.status === 503 && error.errcode === -1);
  assert.equal(wx.counts.logins, 1);
  assert.equal(wx.counts.requests.getLoginCode, 1, "the client asks once; the host's own bounded retries are all there is");
});

test("two calls at once that need a login share one", async () => {
  const wx = wxStandIn();
  const jit = client(wx);
  await jit.login({ register: true });
  wx.removeStorageSync("jit.session");
  const results = await Promise.all([jit.call(login, "checkSession", {}), jit.call(login, "checkSession", {})]);
  assert.deepEqual(results, [{ valid: true }, { valid: true }]);
  assert.equal(wx.counts.logins, 2, "the first login, then one shared by both calls");
});

test("JitAi's path reaches the same functions, and logout ends the session", async () => {
  const wx = wxStandIn();
  const jit = client(wx, { jitAiPath: { orgId: "local", appName: "sampleApp" } });
  await jit.login({ register: true });
  assert.deepEqual(await jit.call(login, "checkSession", {}), { valid: true });
  await jit.logout();
  assert.equal(jit.session(), null);
});
