using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>
/// The conversation's <c>streamUrl</c>: a WebSocket that first sends what the client has not seen (after the
/// watermark in the URL), then every new activity as a <c>{activities, watermark}</c> frame, and an empty frame
/// when idle so proxies and browsers keep the connection. What the client sends (its pings) is read and ignored.
/// </summary>
internal static partial class DirectLineStreamEndpoint
{
    private const int PageSize = 100;

    public static async Task<IResult> StreamAsync(
        string conversationId,
        string? t,
        string? watermark,
        HttpContext http,
        DirectLineTokens tokens,
        DirectLineStore store,
        DirectLineStreams streams,
        IOptions<DirectLineOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<DirectLineStreams> logger)
    {
        var grant = t is null ? null : tokens.ReadStream(t);
        if (grant is null)
        {
            return DirectLineErrors.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The stream URL is not valid or has expired: reconnect to get a new one.");
        }

        if (!string.Equals(grant.ConversationId, conversationId, StringComparison.Ordinal))
        {
            return DirectLineErrors.Forbidden("The stream URL is for another conversation.");
        }

        if (!DirectLineApi.TryWatermark(watermark, out var after))
        {
            return DirectLineErrors.BadArgument("The watermark is not valid.");
        }

        if (!await store.ExistsAsync(conversationId, http.RequestAborted))
        {
            return DirectLineErrors.NotFound("The conversation does not exist.");
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            return DirectLineErrors.BadArgument("Open the stream URL as a WebSocket.");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var reading = DrainAsync(socket, done);
        try
        {
            await PushAsync(socket, conversationId, after, store, streams, TimeSpan.FromSeconds(Math.Max(0.05, options.Value.KeepAliveSeconds)), done.Token);
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The client left or the host is stopping.
        }
        catch (WebSocketException ex)
        {
            LogStreamBroken(logger, conversationId, ex.Message);
        }

        if (socket.State == WebSocketState.Open)
        {
            // The host is stopping: say so, so the client reconnects (to another instance, or to this one restarted).
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "Server restarting", closing.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                LogStreamBroken(logger, conversationId, ex.Message);
            }
        }

        await done.CancelAsync();
        await reading;
        return Results.Empty;
    }

    private static async Task PushAsync(WebSocket socket, string conversationId, long after, DirectLineStore store, DirectLineStreams streams, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the signal before reading, so an activity appended in between still wakes us.
            var next = streams.NextAsync(conversationId);
            var batch = await store.ReadAfterAsync(conversationId, after, PageSize, cancellationToken);
            if (batch.Count > 0)
            {
                after = batch[^1].Sequence;
                await SendAsync(socket, DirectLineApi.ActivitySet(batch, after).ToJsonString(), cancellationToken);
                continue;
            }

            var woke = await Task.WhenAny(next, Task.Delay(keepAlive, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (woke != next)
            {
                // Idle (or an activity written by another instance): an empty frame, as the service sends, and look again.
                await SendAsync(socket, "", cancellationToken);
            }
        }
    }

    private static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource done)
    {
        var buffer = new byte[4096];
        try
        {
            while (!done.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, done.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }

                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Gone.
        }
        finally
        {
            await done.CancelAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Web chat stream of {ConversationId} ended: {Reason}")]
    private static partial void LogStreamBroken(ILogger logger, string conversationId, string reason);
}
