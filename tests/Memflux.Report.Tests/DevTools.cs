using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memflux.Report.Tests;

/// <summary>
/// A minimal Chrome DevTools protocol client over System.Net.WebSockets: commands with ids (optionally on a target's
/// session), and every event kept in order so a test can read what the page logged.
/// </summary>
internal sealed class DevTools : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _receive;
    private int _nextId;

    /// <summary>Every event received so far (method, params, sessionId).</summary>
    public IReadOnlyCollection<JsonElement> Events => _events;

    public static async Task<DevTools> ConnectAsync(Uri endpoint)
    {
        var client = new DevTools();
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await client._socket.ConnectAsync(endpoint, CancellationToken.None);
        client._receive = Task.Run(client.ReceiveLoop);
        return client;
    }

    /// <summary>Sends <paramref name="method"/> and returns its result; a protocol error throws.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, string? session = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = JsonSerializer.SerializeToNode(parameters ?? new { }) };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        var reply = await done.Task.WaitAsync(Timeout);
        if (reply.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method}: {error}");
        }

        return reply.GetProperty("result");
    }

    /// <summary>Waits for an event named <paramref name="method"/> after the first <paramref name="skip"/> events.</summary>
    public async Task WaitForEventAsync(string method, int skip)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!_events.Skip(skip).Any(e => e.GetProperty("method").GetString() == method))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no {method} event within {Timeout.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The browser may already be gone.
        }

        if (_receive is not null)
        {
            await Task.WhenAny(_receive, Task.Delay(2000));
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoop()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var root = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);
                if (root.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var waiter))
                {
                    waiter.SetResult(root);
                }
                else if (root.TryGetProperty("method", out _))
                {
                    _events.Enqueue(root);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }

        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetException(new InvalidOperationException("the DevTools connection closed."));
        }
    }
}
