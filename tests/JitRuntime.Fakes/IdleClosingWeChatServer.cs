using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JitRuntime.Fakes;

/// <summary>
/// A code2session server on raw sockets that gives up keep-alive connections idle for <see cref="KeepAlive"/>, as
/// api.weixin.qq.com does (about 20 s). The race it stands for: the server closes an idle connection just as the client
/// sends a request on it, so the request meets a closing socket and the client gets a reset and no answer. Here that
/// crossing is made certain instead of rare: the first request on a connection idle for <see cref="KeepAlive"/> or
/// longer is dropped unanswered and the connection reset (SO_LINGER 0). Kestrel cannot stand in for this: it answers
/// a request that has reached its buffer.
/// </summary>
public sealed class IdleClosingWeChatServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _received = new(StringComparer.Ordinal);
    private readonly Task _accepting;
    private int _connections;
    private int _resets;

    private IdleClosingWeChatServer(TimeSpan keepAlive)
    {
        KeepAlive = keepAlive;
        _listener.Start(256);
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>Where it listens, to be used as <c>WeChat:ApiBaseUrl</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>How long a connection may be idle before the server closes it.</summary>
    public TimeSpan KeepAlive { get; }

    /// <summary>Connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Requests that met a connection the server was closing (reset, never answered).</summary>
    public int Resets => Volatile.Read(ref _resets);

    /// <summary>How many times each js_code reached the server, answered or reset: WeChat may spend a code on either.</summary>
    public IReadOnlyDictionary<string, int> CodesReceived => _received;

    /// <summary>Starts the server on a free port of 127.0.0.1.</summary>
    public static IdleClosingWeChatServer Start(TimeSpan keepAlive) => new(keepAlive);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var buffer = new byte[8192];
        var idleSince = (long?)null;
        try
        {
            while (true)
            {
                var length = 0;
                while (!Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, _stop.Token);
                    if (read == 0 || (length += read) == buffer.Length)
                    {
                        return;
                    }
                }

                var code = ReadCode(Encoding.ASCII.GetString(buffer, 0, length));
                _received.AddOrUpdate(code, 1, (_, count) => count + 1);
                if (idleSince is { } since && Environment.TickCount64 - since >= KeepAlive.TotalMilliseconds)
                {
                    Interlocked.Increment(ref _resets);
                    socket.LingerState = new LingerOption(true, 0);
                    return;
                }

                var body = $$"""{"openid":"o-{{code}}","session_key":"{{Convert.ToBase64String(new byte[16])}}"}""";
                var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}";
                await socket.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, _stop.Token);
                idleSince = Environment.TickCount64;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException)
        {
        }
    }

    private static string ReadCode(string request)
    {
        var start = request.IndexOf("js_code=", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        start += "js_code=".Length;
        var end = request.IndexOfAny(['&', ' '], start);
        return Uri.UnescapeDataString(request[start..(end < 0 ? request.Length : end)]);
    }
}
