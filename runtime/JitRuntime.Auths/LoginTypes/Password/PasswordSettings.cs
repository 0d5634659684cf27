namespace JitRuntime.Auths.LoginTypes.Password;

/// <summary>The declaration keys a password login element binds.</summary>
internal sealed class PasswordSettings
{
    /// <summary>1: <c>register</c> creates users; 0 (default): it is refused.</summary>
    public int AllowRegister { get; set; }

    /// <summary><c>lockout</c>: how many wrong passwords lock a username, and for how long.</summary>
    public LockoutSettings Lockout { get; set; } = new();

    /// <summary>The <c>lockout</c> object of the declaration.</summary>
    internal sealed class LockoutSettings
    {
        /// <summary>Failed attempts for one username within the window that lock it (default 5).</summary>
        public int MaxFailures { get; set; } = 5;

        /// <summary>The window, which is also how long a locked username stays locked (default 15 minutes).</summary>
        public int WindowMinutes { get; set; } = 15;
    }
}
