/// <reference types="miniprogram-api-typings" />
// JitRuntime's client for WeChat Mini Programs. One login flow for every app: wx.login → getLoginCode → register (when
// WeChat's user is new and the login element allows it) → AuthSvc.loginByCode, the session kept in the Mini Program's
// storage and reused until it expires, renewed once when the host says it is no longer valid. No dependency but `wx`.
/** A refusal or failure, with the host's problem (`status`, `code`, `detail`, and WeChat's `errcode` when it answered one). */
export class JitError extends Error {
    constructor(status, code, detail, errcode) {
        super(`${code}: ${detail}`);
        this.name = "JitError";
        this.status = status;
        this.code = code;
        this.detail = detail;
        this.errcode = errcode;
    }
}
/** Creates a client. */
export function createJitClient(options) {
    const wx = options.wx ?? globalThis.wx;
    if (!wx)
        throw new Error("createJitClient: no wx (pass options.wx outside a Mini Program)");
    const baseUrl = options.baseUrl.replace(/\/+$/, "");
    const authSvc = options.authSvc ?? "auths.loginTypes.services.AuthSvc";
    const storageKey = options.storageKey ?? "jit.session";
    const timeout = options.timeout ?? 10000;
    const platform = options.platform ?? "wechatMini";
    let inFlight = null;
    let lastLogin = {};
    const url = (element, fn) => options.jitAiPath
        ? `${baseUrl}/api/${options.jitAiPath.orgId}/${options.jitAiPath.appName}/${element.split(".").join("/")}/${fn}`
        : `${baseUrl}/api/elements/${element}/${fn}`;
    const post = (element, fn, args, token) => new Promise((resolve, reject) => {
        const header = { "content-type": "application/json" };
        if (token)
            header.authorization = `Bearer ${token}`;
        wx.request({
            url: url(element, fn), method: "POST", data: args ?? {}, header, timeout,
            success: ({ statusCode, data }) => {
                if (statusCode >= 200 && statusCode < 300)
                    return resolve(data);
                const problem = (typeof data === "string" ? safeParse(data) : data);
                reject(new JitError(statusCode, problem?.code ?? `http_${statusCode}`, problem?.detail ?? `the host answered ${statusCode}`, problem?.errcode));
            },
            fail: (error) => reject(new JitError(0, "network_error", error.errMsg)),
        });
    });
    const wxLogin = () => new Promise((resolve, reject) => wx.login({ timeout, success: ({ code }) => resolve(code), fail: (error) => reject(new JitError(0, "wx_login_failed", error.errMsg)) }));
    const stored = () => {
        const session = wx.getStorageSync(storageKey);
        return session && typeof session === "object" && Date.parse(session.expiresAt) > Date.now() ? session : null;
    };
    const freshLogin = async (element, register) => {
        const answer = await post(element, "getLoginCode", { code: await wxLogin() });
        let loginCode = answer.loginCode;
        let isNewUser = false;
        if (!loginCode) {
            if (!answer.bindCode || !register)
                throw new JitError(422, "registration_required", "this WeChat user is new: log in with register: true to register");
            loginCode = (await post(element, "register", { bindCode: answer.bindCode })).loginCode;
            isNewUser = true;
        }
        const session = await post(authSvc, "loginByCode", { loginCode, platform });
        const kept = { userId: session.userId, token: session.token, expiresAt: session.expiresAt, isNewUser };
        wx.setStorageSync(storageKey, kept);
        return kept;
    };
    // One login at a time: calls that need one while another is under way share it.
    const login = (loginOptions = {}, force = false) => {
        lastLogin = { ...lastLogin, ...loginOptions };
        const live = force ? null : stored();
        if (live)
            return Promise.resolve(live);
        const element = loginOptions.element ?? lastLogin.element ?? options.element;
        if (!element)
            return Promise.reject(new Error("login: name the login element (options.element or login({ element }))"));
        inFlight ?? (inFlight = freshLogin(element, loginOptions.register ?? lastLogin.register ?? false).finally(() => { inFlight = null; }));
        return inFlight;
    };
    const call = async (element, fn, args) => {
        const session = stored() ?? (options.element || lastLogin.element ? await login() : null);
        try {
            return await post(element, fn, args, session?.token);
        }
        catch (error) {
            if (!(error instanceof JitError) || error.status !== 401 || !session)
                throw error;
            // The session ended on the host (expired, logged out elsewhere): log in again once, retry once.
            wx.removeStorageSync(storageKey);
            const renewed = await login({}, true);
            return post(element, fn, args, renewed.token);
        }
    };
    return {
        login: (loginOptions) => login(loginOptions),
        call: call,
        getPhoneNumber: (code, element) => {
            const target = element ?? lastLogin.element ?? options.element;
            if (!target)
                return Promise.reject(new Error("getPhoneNumber: name the login element"));
            return call(target, "getPhoneNumber", { code });
        },
        logout: async () => {
            const session = stored();
            wx.removeStorageSync(storageKey);
            if (session)
                await post(authSvc, "logout", { token: session.token }).catch((error) => { if (!(error instanceof JitError) || error.status >= 500)
                    throw error; });
        },
        session: stored,
    };
}
function safeParse(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return null;
    }
}
