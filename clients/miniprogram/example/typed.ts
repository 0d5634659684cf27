// Typed calls: `paths` comes from the app's own API description, generated with
//   npx openapi-typescript http://127.0.0.1:5000/openapi/v1.json -o example/jit-api.d.ts
// (`npm run types -- <url> -o <file>`). `npm run build` type-checks this file, so a call that does not fit the app fails the build.
import { createJitClient } from "../src/index";
import type { paths } from "./jit-api";

export async function example(): Promise<void> {
  const jit = createJitClient<paths>({ baseUrl: "http://127.0.0.1:5000", element: "auths.loginTypes.myWeChatMiniLogin" });
  const session = await jit.login({ register: true });
  const check = await jit.call("auths.loginTypes.myWeChatMiniLogin", "checkSession", {});
  const valid: boolean = check.valid;
  const code = await jit.call("auths.loginTypes.myWeChatMiniLogin", "getLoginCode", { code: "from wx.login" });
  const bindCode: string | undefined = code.bindCode;
  console.log(session.userId, valid, bindCode);
}
