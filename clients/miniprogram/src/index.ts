/// <reference types="miniprogram-api-typings" />
// JitRuntime's client for WeChat Mini Programs. One login flow for every app: wx.login → getLoginCode → register (when
// WeChat's user is new and the login element allows it) → AuthSvc.loginByCode, the session kept in the Mini Program's
// storage and reused until it expires, renewed once when the host says it is no longer valid. No dependency but `wx`.

/** The `wx` functions the client uses (the global `wx` by default; tests pass a stand-in). */
export interface WxLike {
  login(options: { success(result: { code: string }): void; fail(error: { errMsg: string }): void; timeout?: number }): void;
  request(options: {
    url: string;
    method: "POST" | "GET";
    data?: unknown;
    header?: Record<string, string>;
    timeout?: number;
    success(result: { statusCode: number; data: unknown }): void;
    fail(error: { errMsg: string }): void;
  }): void;
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, value: unknown): void;
  removeStorageSync(key: string): void;
}

/** How to reach the host. */
export interface JitClientOptions {
  /** The host's address, such as `https://api.example.com` (no trailing slash needed). */
  baseUrl: string;
  /** `wx`, or a stand-in with the same functions; the global `wx` when left out. */
  wx?: WxLike;
  /** The login element `login()` and `getPhoneNumber()` use when not told otherwise (`auths.loginTypes.myWeChatMiniLogin`). */
  element?: string;
  /** The login service's fullName; JitRuntime's default is `auths.loginTypes.services.AuthSvc`. */
  authSvc?: string;
  /** The storage key the session is kept under (`jit.session`). */
  storageKey?: string;
  /** Milliseconds each request may take (10,000). */
  timeout?: number;
  /** The platform `loginByCode` records (`wechatMini`). */
  platform?: string;
  /** JitAi's path (`/api/{orgId}/{appName}/{element/path}/{function}`) instead of `/api/elements/{fullName}/{function}`. */
  jitAiPath?: { orgId: string; appName: string };
}

/** A logged-in session. */
export interface JitSession {
  userId: number;
  token: string;
  /** ISO 8601, UTC. */
  expiresAt: string;
  /** True when this login registered the user. */
  isNewUser: boolean;
}

/** A refusal or failure, with the host's problem (`status`, `code`, `detail`, and WeChat's `errcode` when it answered one). */
export class JitError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errcode?: number;

  constructor(status: number, code: string, detail: string, errcode?: number) {
    super(`${code}: ${detail}`);
    this.name = "JitError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errcode = errcode;
  }
}

/**
 * The functions of an app, by path, as `openapi-typescript` writes them from the app's `/openapi/v1.json`
 * (`paths`): with it, `call` knows each function's arguments and result.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPaths = Record<string, any>;
type Operation<P, E extends string, F extends string> = `/api/elements/${E}/${F}` extends keyof P
  ? P[`/api/elements/${E}/${F}`] extends { post: infer O } ? O : never
  : never;
type ArgsOf<O> = [O] extends [never] ? Record<string, unknown>
  : O extends { requestBody?: { content: { "application/json": infer A } } } ? A : Record<string, unknown>;
type ResultOf<O> = [O] extends [never] ? unknown
  : O extends { responses: { 200: { content: { "application/json": infer R } } } } ? R : unknown;

/** A client of one JitRuntime host. */
export interface JitClient<P = AnyPaths> {
  /** Logs in (or reuses the stored session while it lives): `register: true` registers a new WeChat user when the element allows it. */
  login(options?: { element?: string; register?: boolean }): Promise<JitSession>;
  /** Calls a function; the session's token is sent; a 401 `session_invalid` logs in again once and retries once. */
  call<E extends string, F extends string>(element: E, fn: F, args?: ArgsOf<Operation<P, E, F>>): Promise<ResultOf<Operation<P, E, F>>>;
  /** Stores and answers the user's phone number from the phone-number button's code (`e.detail.code`). */
  getPhoneNumber(code: string, element?: string): Promise<{ phoneNumber: string; purePhoneNumber: string; countryCode: string }>;
  /** Ends the session on the host and forgets it here. */
  logout(): Promise<void>;
  /** The stored session, if it is still live. */
  session(): JitSession | null;
}

interface Problem { status?: number; code?: string; detail?: string; errcode?: number }

/** Creates a client. */
export function createJitClient<P = AnyPaths>(options: JitClientOptions): JitClient<P> {
  const wx: WxLike = options.wx ?? (globalThis as unknown as { wx: WxLike }).wx;
  if (!wx) throw new Error("createJitClient: no wx (pass options.wx outside a Mini Program)");
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const authSvc = options.authSvc ?? "auths.loginTypes.services.AuthSvc";
  const storageKey = options.storageKey ?? "jit.session";
  const timeout = options.timeout ?? 10_000;
  const platform = options.platform ?? "wechatMini";
  let inFlight: Promise<JitSession> | null = null;
  let lastLogin: { element?: string; register?: boolean } = {};

  const url = (element: string, fn: string) => options.jitAiPath
    ? `${baseUrl}/api/${options.jitAiPath.orgId}/${options.jitAiPath.appName}/${element.split(".").join("/")}/${fn}`
    : `${baseUrl}/api/elements/${element}/${fn}`;

  const post = (element: string, fn: string, args: unknown, token?: string): Promise<unknown> => new Promise((resolve, reject) => {
    const header: Record<string, string> = { "content-type": "application/json" };
    if (token) header.authorization = `Bearer ${token}`;
    wx.request({
      url: url(element, fn), method: "POST", data: args ?? {}, header, timeout,
      success: ({ statusCode, data }) => {
        if (statusCode >= 200 && statusCode < 300) return resolve(data);
        const problem = (typeof data === "string" ? safeParse(data) : data) as Problem | null;
        reject(new JitError(statusCode, problem?.code ?? `http_${statusCode}`, problem?.detail ?? `the host answered ${statusCode}`, problem?.errcode));
      },
      fail: (error) => reject(new JitError(0, "network_error", error.errMsg)),
    });
  });

  const wxLogin = (): Promise<string> => new Promise((resolve, reject) =>
    wx.login({ timeout, success: ({ code }) => resolve(code), fail: (error) => reject(new JitError(0, "wx_login_failed", error.errMsg)) }));

  const stored = (): JitSession | null => {
    const session = wx.getStorageSync(storageKey) as JitSession | "" | undefined;
    return session && typeof session === "object" && Date.parse(session.expiresAt) > Date.now() ? session : null;
  };

  const freshLogin = async (element: string, register: boolean): Promise<JitSession> => {
    const answer = await post(element, "getLoginCode", { code: await wxLogin() }) as { loginCode?: string; bindCode?: string };
    let loginCode = answer.loginCode;
    let isNewUser = false;
    if (!loginCode) {
      if (!answer.bindCode || !register) throw new JitError(422, "registration_required", "this WeChat user is new: log in with register: true to register");
      loginCode = (await post(element, "register", { bindCode: answer.bindCode }) as { loginCode: string }).loginCode;
      isNewUser = true;
    }

    const session = await post(authSvc, "loginByCode", { loginCode, platform }) as { token: string; userId: number; expiresAt: string };
    const kept: JitSession = { userId: session.userId, token: session.token, expiresAt: session.expiresAt, isNewUser };
    wx.setStorageSync(storageKey, kept);
    return kept;
  };

  // One login at a time: calls that need one while another is under way share it.
  const login = (loginOptions: { element?: string; register?: boolean } = {}, force = false): Promise<JitSession> => {
    lastLogin = { ...lastLogin, ...loginOptions };
    const live = force ? null : stored();
    if (live) return Promise.resolve(live);
    const element = loginOptions.element ?? lastLogin.element ?? options.element;
    if (!element) return Promise.reject(new Error("login: name the login element (options.element or login({ element }))"));
    inFlight ??= freshLogin(element, loginOptions.register ?? lastLogin.register ?? false).finally(() => { inFlight = null; });
    return inFlight;
  };

  const call = async (element: string, fn: string, args?: unknown): Promise<unknown> => {
    const session = stored() ?? (options.element || lastLogin.element ? await login() : null);
    try {
      return await post(element, fn, args, session?.token);
    } catch (error) {
      if (!(error instanceof JitError) || error.status !== 401 || !session) throw error;
      // The session ended on the host (expired, logged out elsewhere): log in again once, retry once.
      wx.removeStorageSync(storageKey);
      const renewed = await login({}, true);
      return post(element, fn, args, renewed.token);
    }
  };

  return {
    login: (loginOptions) => login(loginOptions),
    call: call as JitClient<P>["call"],
    getPhoneNumber: (code, element) => {
      const target = element ?? lastLogin.element ?? options.element;
      if (!target) return Promise.reject(new Error("getPhoneNumber: name the login element"));
      return call(target, "getPhoneNumber", { code }) as ReturnType<JitClient<P>["getPhoneNumber"]>;
    },
    logout: async () => {
      const session = stored();
      wx.removeStorageSync(storageKey);
      if (session) await post(authSvc, "logout", { token: session.token }).catch((error) => { if (!(error instanceof JitError) || error.status >= 500) throw error; });
    },
    session: stored,
  };
}

function safeParse(text: string): unknown {
  try { return JSON.parse(text); } catch { return null; }
}
