// The example app: one JitRuntime client for every page. Set baseUrl to your host (for DevTools, with "do not check
// domains" on, a `jit run --dev-wechat` on your machine works as it is).
import { createJitClient } from "./lib/jit-client.js";

App({
  jit: createJitClient({ baseUrl: "http://127.0.0.1:5000", element: "auths.loginTypes.myWeChatMiniLogin" }),
});
