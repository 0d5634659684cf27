using System.Text.Json;
using JitRuntime.Calls;
using JitRuntime.Tests.Fakes;

namespace JitRuntime.Tests.Support;

/// <summary>Calls through the dispatch HTTP and <c>jit call</c> use (where storage faults become coded errors), and the check of one.</summary>
public static class StorageFaults
{
    public static Task<object?> GetLoginCode(LoginHarness h, string openId) => h.JitApp.InvokeAsync(LoginHarness.LoginName, "getLoginCode", JsonSerializer.SerializeToElement(new { code = h.WeChat.IssueCode(openId) }));

    public static async Task<ElementCallException> StorageFailure(Func<Task> call, string code)
    {
        var error = (await call.Should().ThrowAsync<ElementCallException>()).Which;
        error.Kind.Should().Be(ElementErrorKind.StorageUnavailable);
        error.Code.Should().Be(code);
        return error;
    }
}
