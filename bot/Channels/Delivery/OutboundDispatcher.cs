using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Channels.Delivery;

/// <summary>Settings of outbound delivery (section <c>Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Delivery";

    /// <summary>How often held messages are checked for release and leftovers swept up, in seconds.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>How long a message the channel could not take waits before the next attempt, in seconds.</summary>
    public double RetryAfterSeconds { get; set; } = 30;

    /// <summary>How many conversations are sent to at once.</summary>
    public int MaxParallel { get; set; } = 8;

    /// <summary>How many ready messages one pass picks up.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// How long a pass waits after a nudge so the replies of turns finishing together go out in one pass (one
    /// write for their results instead of one each), in milliseconds.
    /// </summary>
    public int CoalesceMilliseconds { get; set; } = 10;
}

/// <summary>
/// Hands every recorded, guard-allowed outbound message to its channel, once, in the order each conversation
/// recorded them: right after a turn commits (<see cref="Offer"/>: the turn hands over its ready replies, so the
/// pass asks the database nothing before sending them), when something else recorded messages (<see cref="Nudge"/>:
/// the pass asks the database what is ready), and on a timer for messages held until the contact window opens
/// (released through the guard again by <see cref="ConversationEngine.ReleaseDueAsync"/>) and for anything left over
/// by a restart, an outage or a failed attempt. Results are written back to the messages: sent with the channel's id,
/// failed with its error code (an opted-out recipient is recorded as opted out), or left queued for a later attempt.
/// One dispatcher per process sends; nothing is sent twice within it.
/// </summary>
public sealed partial class OutboundDispatcher(
    IServiceScopeFactory scopes,
    ConversationEngine engine,
    IEnumerable<IChannelSender> senders,
    TimeProvider clock,
    IOptions<DeliveryOptions> options,
    ILogger<OutboundDispatcher> logger,
    SqliteStatements? statements = null) : BackgroundService, IOutboundSignal
{
    private readonly System.Threading.Channels.Channel<bool> _nudges = System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
    // Compiled once: every pass that asks runs it. Ready: queued outbound messages not held, on a channel this process
    // sends on, in a conversation not waiting for a retry, oldest first.
    private static readonly Func<CollectionsDbContext, List<Channel>, List<Guid>, int, IAsyncEnumerable<OutboundEnvelope>> ReadyQuery =
        EF.CompileAsyncQuery((CollectionsDbContext db, List<Channel> channels, List<Guid> waiting, int take) =>
            db.Messages.AsNoTracking()
                .Where(m => m.Direction == MessageDirection.Outbound && m.Status == DeliveryStatus.Queued && m.NotBefore == null && channels.Contains(m.Channel))
                .Where(m => !waiting.Contains(m.ConversationId))
                .OrderBy(m => m.CreatedAt)
                .Take(take)
                .Join(db.Conversations, m => m.ConversationId, c => c.Id, (m, c) => new OutboundEnvelope(m.Id, m.ConversationId, m.Channel, c.ChannelConversationId, c.Address, m.Body, m.Purpose, m.InReplyToId, m.CreatedAt)));

    private static readonly Func<CollectionsDbContext, List<Guid>, IAsyncEnumerable<Message>> MessagesQuery =
        EF.CompileAsyncQuery((CollectionsDbContext db, List<Guid> ids) => db.Messages.Where(m => ids.Contains(m.Id)));

    private readonly Dictionary<Channel, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);
    private readonly List<Channel> _channels = [.. senders.Select(s => s.Channel).Distinct()];
    // Conversations waiting for a retry, and until when: one of their messages could not be handed over, and the
    // later ones wait with it so the conversation's order holds.
    private readonly Dictionary<Guid, DateTimeOffset> _deferred = [];
    private readonly SemaphoreSlim _pass = new(1, 1);

    // Ready replies handed over by turns that have committed them, not yet taken by a pass.
    private readonly System.Collections.Concurrent.ConcurrentQueue<OutboundEnvelope> _offered = new();

    // Messages a pass found by asking the database and settled, with when: the turn that recorded one may offer it
    // after that (a pass can run between a turn's commit and its offer), and the offer must then be dropped. Entries
    // go when their offer comes, or after OfferLateBy.
    private readonly Dictionary<Guid, DateTimeOffset> _settledUnoffered = [];
    private static readonly TimeSpan OfferLateBy = TimeSpan.FromMinutes(10);
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    // Whether the next pass asks the database what is ready (a nudge, or the start: leftovers of an earlier run).
    private int _askWanted = 1;

    /// <summary>
    /// Asks for a delivery pass now that asks the database what is ready (messages recorded by anything but a turn
    /// that offers its replies). Cheap; repeated nudges coalesce.
    /// </summary>
    public void Nudge()
    {
        Volatile.Write(ref _askWanted, 1);
        _nudges.Writer.TryWrite(true);
    }

    /// <summary>
    /// Hands over the replies a turn has just committed that are ready to go now (queued, not held), for the next
    /// pass to send without asking the database; a duplicate turn's replies are not offered (they went out, or wait
    /// for the timer, as left over). Call it only after the turn's save: a pass may send what is offered at once.
    /// </summary>
    public void Offer(TurnResult turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.Duplicate || turn.ChannelConversationId.Length == 0)
        {
            return;
        }

        var any = false;
        foreach (var reply in turn.Replies)
        {
            if (reply.ReadyToSend && _senders.ContainsKey(reply.Channel))
            {
                _offered.Enqueue(new OutboundEnvelope(reply.Id, reply.ConversationId, reply.Channel, turn.ChannelConversationId, turn.Address, reply.Body, reply.Purpose, reply.InReplyToId, reply.CreatedAt));
                any = true;
            }
        }

        if (any)
        {
            _nudges.Writer.TryWrite(true);
        }
    }

    /// <summary>Releases held messages whose time has come, then delivers everything ready. Used by the timer and by tests.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await engine.ReleaseDueAsync(cancellationToken).ConfigureAwait(false);
        await DeliverReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Delivers every ready message (queued, not held, not waiting for a retry). Returns how many were handed over or settled.</summary>
    public Task<int> DeliverReadyAsync(CancellationToken cancellationToken) => DeliverAsync(ask: true, cancellationToken);

    // One pass: what the database has ready when asked (which holds every offered message committed by then), then
    // what turns offered and nobody has sent yet.
    private async Task<int> DeliverAsync(bool ask, CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (ask)
            {
                // This pass asks: a nudge that came before now is answered by it.
                Volatile.Write(ref _askWanted, 0);
            }

            var settled = 0;
            while (ask)
            {
                var batch = await ReadyAsync(cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }

                var results = await SendAllAsync(batch, cancellationToken).ConfigureAwait(false);
                settled += await RecordAsync(results, cancellationToken).ConfigureAwait(false);
                var now = clock.GetUtcNow();
                foreach (var (id, result) in results)
                {
                    if (result is not DeliveryResult.Deferred)
                    {
                        _settledUnoffered[id] = now;
                    }
                }

                if (results.Values.All(r => r is DeliveryResult.Deferred))
                {
                    break;
                }
            }

            var offered = TakeOffered();
            if (offered.Count > 0)
            {
                settled += await RecordAsync(await SendAllAsync(offered, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }

            return settled;
        }
        finally
        {
            _pass.Release();
        }
    }

    // The offered messages still to send: not settled by a pass that asked the database, not in a conversation waiting
    // for a retry (a pass that asks finds those, in order, when its time comes).
    private List<OutboundEnvelope> TakeOffered()
    {
        var taken = new List<OutboundEnvelope>();
        var now = clock.GetUtcNow();
        lock (_deferred)
        {
            while (_offered.TryDequeue(out var envelope))
            {
                if (!_settledUnoffered.Remove(envelope.MessageId) && !(_deferred.TryGetValue(envelope.ConversationId, out var until) && until > now))
                {
                    taken.Add(envelope);
                }
            }
        }

        // Entries whose offer never came (messages nobody offers: the desk's, reminders) go, swept once a minute
        // rather than looked through at every pass.
        if (now >= _nextPrune)
        {
            _nextPrune = now.AddMinutes(1);
            foreach (var late in _settledUnoffered.Where(s => now - s.Value > OfferLateBy).Select(s => s.Key).ToList())
            {
                _settledUnoffered.Remove(late);
            }
        }

        return taken;
    }

    // Sends a batch, the messages of each conversation one after another in the order recorded, conversations side
    // by side.
    private async Task<Dictionary<Guid, DeliveryResult>> SendAllAsync(List<OutboundEnvelope> batch, CancellationToken cancellationToken)
    {
        var results = new Dictionary<Guid, DeliveryResult>();
        await Parallel.ForEachAsync(
            batch.GroupBy(m => m.ConversationId),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxParallel), CancellationToken = cancellationToken },
            async (conversation, ct) =>
            {
                foreach (var message in conversation.OrderBy(m => m.CreatedAt))
                {
                    var result = await SendAsync(message, ct).ConfigureAwait(false);
                    lock (results)
                    {
                        results[message.MessageId] = result;
                    }

                    if (result is DeliveryResult.Deferred)
                    {
                        // Later messages of the conversation wait too, so its order holds.
                        lock (_deferred)
                        {
                            _deferred[message.ConversationId] = clock.GetUtcNow().AddSeconds(options.Value.RetryAfterSeconds);
                        }

                        break;
                    }
                }
            }).ConfigureAwait(false);
        return results;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.PollSeconds));
        var nextSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                if (now >= nextSweep)
                {
                    nextSweep = now + poll;
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await DeliverAsync(Interlocked.Exchange(ref _askWanted, 0) == 1, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(poll);
            try
            {
                await _nudges.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                if (options.Value.CoalesceMilliseconds > 0)
                {
                    await Task.Delay(options.Value.CoalesceMilliseconds, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll interval passed without a nudge: sweep.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<List<OutboundEnvelope>> ReadyAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<Guid> waiting;
        lock (_deferred)
        {
            foreach (var expired in _deferred.Where(d => d.Value <= now).Select(d => d.Key).ToList())
            {
                _deferred.Remove(expired);
            }

            waiting = [.. _deferred.Keys];
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = await UnitOfWorkAsync(scope, cancellationToken).ConfigureAwait(false);
        var ready = new List<OutboundEnvelope>();
        await foreach (var envelope in ReadyQuery(db, _channels, waiting, Math.Max(1, options.Value.BatchSize)).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ready.Add(envelope);
        }

        return ready;
    }

    // A unit of work that holds its connection on SQLite (statements kept between passes; its saves join the file's
    // group commit with the turns'), as the engine's do.
    private async Task<CollectionsDbContext> UnitOfWorkAsync(AsyncServiceScope scope, CancellationToken cancellationToken)
    {
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        if (statements is not null)
        {
            await statements.HoldAsync(db, cancellationToken).ConfigureAwait(false);
        }

        return db;
    }

    private async Task<DeliveryResult> SendAsync(OutboundEnvelope message, CancellationToken cancellationToken)
    {
        try
        {
            return await _senders[message.Channel].SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSendFailed(logger, ex, message.MessageId, message.Channel);
            return new DeliveryResult.Deferred(ex.GetType().Name);
        }
    }

    private async Task<int> RecordAsync(Dictionary<Guid, DeliveryResult> results, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settled = results.Where(r => r.Value is not DeliveryResult.Deferred).Select(r => r.Key).ToList();
        if (settled.Count == 0)
        {
            return 0;
        }

        // Sent is final whatever happens next: write it even if the caller is stopping.
        await using var scope = scopes.CreateAsyncScope();
        var db = await UnitOfWorkAsync(scope, CancellationToken.None).ConfigureAwait(false);
        var messages = new List<Message>();
        await foreach (var message in MessagesQuery(db, settled).ConfigureAwait(false))
        {
            messages.Add(message);
        }

        foreach (var message in messages)
        {
            switch (results[message.Id])
            {
                case DeliveryResult.Sent sent:
                    message.MarkSent(sent.ExternalId ?? message.ExternalId ?? "", now);
                    break;
                case DeliveryResult.Rejected rejected:
                    message.UpdateStatus(DeliveryStatus.Failed, rejected.ErrorCode, now);
                    LogRejected(logger, message.Id, message.Channel, rejected.ErrorCode, rejected.Detail);
                    if (rejected.RecipientOptedOut)
                    {
                        await Consents.OptOutEverywhereAsync(db, message.ConversationId, $"{message.Channel} error {rejected.ErrorCode}", now, CancellationToken.None).ConfigureAwait(false);
                    }

                    break;
            }

            db.Record(new AuditEvent(now, "system", results[message.Id] is DeliveryResult.Sent ? "message.sent" : "message.failed", nameof(Message), message.Id.ToString(),
                System.Text.Json.JsonSerializer.Serialize(new { conversation = message.ConversationId, channel = message.Channel.ToString(), externalId = message.ExternalId, error = message.ErrorCode })));
        }

        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        return messages.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A delivery pass failed; the next pass tries again.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending message {MessageId} on {Channel} failed; it stays queued for a later attempt.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid messageId, Channel channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} refused message {MessageId}: {ErrorCode} {Detail}")]
    private static partial void LogRejected(ILogger logger, Guid messageId, Channel channel, string errorCode, string detail);
}
