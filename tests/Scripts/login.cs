#!/usr/bin/env -S dotnet run
#:project ../../runtime/JitRuntime/JitRuntime.csproj
#:property PublishAot=false

// The login flow from a script, the way the seed's usage example runs it:
//   WECHAT_APP_SECRET=dev dotnet run tests/Scripts/login.cs -- [APP_DIR] [--dev-wechat]
// It opens the app as `jit run` does (app.json, JIT_ variables, ${NAME}, the app's database) and calls elements by
// name through the same dispatch as HTTP. --dev-wechat starts the local WeChat stand-in (development only).
// PublishAot=false: file-based programs default to native AOT, and JitRuntime needs the JIT (Dapper, JSON Schema).
using JitRuntime;
using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Auths.Development;
using Microsoft.Extensions.Configuration;

var appDirectory = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? ".";
await using var weChat = args.Contains("--dev-wechat") ? await WeChatStandIn.StartAsync() : null;
await using var app = await JitApps.OpenAsync(appDirectory, builder =>
{
    if (weChat is not null)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["WeChat:ApiBaseUrl"] = weChat.BaseUrl });
    }
});

const string login = "auths.loginTypes.myWeChatMiniLogin";
const string authSvc = "auths.loginTypes.services.AuthSvc";
var user = $"script{Random.Shared.Next(1_000_000)}"; // the stand-in names the WeChat user by the code's first part

// By name, as HTTP and `jit call` do: named arguments in, the same JSON out, the same coded errors.
var first = await app.CallAsync(login, "getLoginCode", new { code = $"{user}.1" });
var registered = await app.CallAsync(login, "register", new { bindCode = first.GetProperty("bindCode").GetString() });
Console.WriteLine($"registered user {registered.GetProperty("userId")}");

var again = await app.CallAsync(login, "getLoginCode", new { code = $"{user}.2" });
var session = await app.CallAsync(authSvc, "loginByCode", new { loginCode = again.GetProperty("loginCode").GetString(), platform = "script" });
Console.WriteLine($"logged in as user {session.GetProperty("userId")} until {session.GetProperty("expiresAt")}");

// Or typed, as in C#: the same element instance.
var wechat = app.GetElement<WeChatMiniType>(login);
var unbound = await wechat.UnbindAsync(registered.GetProperty("userId").GetInt64());
Console.WriteLine($"unbind: {unbound.Message}");
