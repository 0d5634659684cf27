// Test support: a real `jit run --dev-wechat` on loopback serving a copy of the repository's sample app (plus a login
// element that refuses registration), and a `wx` stand-in whose wx.login returns codes the host's WeChat stand-in
// accepts and whose wx.request makes real HTTP requests.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Starts the host; resolves to { baseUrl, stop }. `closedLogin: false` serves the sample app exactly as it is. */
export async function startHost({ closedLogin = true } = {}) {
  const jit = process.env.JIT_DLL ?? path.join(repository, "runtime/JitRuntime.Host/bin/Debug/net10.0/jit.dll");
  if (!existsSync(jit)) {
    const build = spawnSync("dotnet", ["build", path.join(repository, "runtime/JitRuntime.Host"), "-v", "q", "--nologo"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("dotnet build of the host failed");
  }

  const app = mkdtempSync(path.join(tmpdir(), "jit-client-"));
  cpSync(path.join(repository, "app.json"), path.join(app, "app.json"));
  cpSync(path.join(repository, "elements"), path.join(app, "elements"), { recursive: true });
  if (closedLogin) {
    const closed = path.join(app, "elements/auths/loginTypes/closedLogin");
    mkdirSync(closed, { recursive: true });
    writeFileSync(path.join(closed, "e.json"), JSON.stringify({ title: "Closed", type: "auths.loginTypes.WeChatMiniType", allowRegister: 0 }));
    writeFileSync(path.join(closed, "closedLogin.json"), JSON.stringify({ authConfig: { appId: "wx0123456789abcdef", appSecret: "${WECHAT_APP_SECRET}" } }));
  }

  const host = spawn("dotnet", [jit, "run", "--app", app, "--dev-wechat", "--urls", "http://127.0.0.1:0"], {
    env: { ...process.env, WECHAT_APP_SECRET: "dev", JIT_Host__RateLimit__PermitLimit: "10000", DOTNET_NOLOGO: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host did not start:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      const match = /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    host.stdout.on("data", read);
    host.stderr.on("data", read);
    host.on("exit", (code) => { clearTimeout(timer); reject(new Error(`the host exited (${code}):\n${output}`)); });
  });

  return {
    baseUrl,
    output: () => output,
    stop: async () => {
      host.removeAllListeners("exit");
      const exited = new Promise((resolve) => host.on("exit", resolve));
      host.kill("SIGTERM");
      await exited;
      rmSync(app, { recursive: true, force: true });
    },
  };
}

let users = 0;
let codes = 0; // unique across stand-ins: WeChat's codes are single use, also between two clients of one user

/** A `wx` stand-in for one WeChat user (a new one unless `user` is given), counting what the client asks of it. */
export function wxStandIn({ user = `mini${process.pid}x${++users}`, code } = {}) {
  const storage = new Map();
  const counts = { logins: 0, requests: {} };
  return {
    user,
    counts,
    login({ success }) {
      counts.logins++;
      setTimeout(() => success({ code: code ?? `${user}.${++codes}` }), 5);
    },
    request({ url, method, data, header, timeout, success, fail }) {
      const name = url.split("/").slice(-1)[0];
      counts.requests[name] = (counts.requests[name] ?? 0) + 1;
      fetch(url, { method, headers: header, body: JSON.stringify(data), signal: AbortSignal.timeout(timeout ?? 10_000) })
        .then(async (response) => {
          const text = await response.text();
          let parsed = text;
          try { parsed = JSON.parse(text); } catch { /* not JSON */ }
          success({ statusCode: response.status, data: parsed });
        })
        .catch((error) => fail({ errMsg: `request:fail ${error.message}` }));
    },
    getStorageSync: (key) => storage.get(key) ?? "",
    setStorageSync: (key, value) => storage.set(key, value),
    removeStorageSync: (key) => storage.delete(key),
  };
}
