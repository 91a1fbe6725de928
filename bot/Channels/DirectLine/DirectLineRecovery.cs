using System.Text.Json.Nodes;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>
/// At start, runs the turns of web chat messages that were recorded but never reached the engine (the host stopped
/// between the two): every debtor message recorded in the last day without an inbound message on record for its
/// activity id gets its turn now, so nothing a debtor wrote goes unanswered after a crash.
/// </summary>
public sealed partial class DirectLineRecovery(IServiceScopeFactory scopes, DirectLineActivities activities, TimeProvider clock, ILogger<DirectLineRecovery> logger) : BackgroundService
{
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(1);

    /// <summary>Finds and runs the unanswered turns. Returns how many ran.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - LookBack;
        List<(DirectLineActivity Activity, DirectLineConversation Conversation)> pending;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
            var recent = (await db.DirectLineActivities.AsNoTracking()
                    .Where(a => !a.FromBot && a.Type == "message" && a.CreatedAt >= since)
                    .Join(db.DirectLineConversations.AsNoTracking(), a => a.ConversationId, c => c.Id, (a, c) => new { Activity = a, Conversation = c })
                    .ToListAsync(cancellationToken).ConfigureAwait(false));
            var ids = recent.Select(r => DirectLineActivity.IdFor(r.Activity.ConversationId, r.Activity.Sequence)).ToList();
            var handled = (await db.Messages.AsNoTracking()
                    .Where(m => m.Channel == Channel.WebChat && m.Direction == MessageDirection.Inbound && m.ExternalId != null && ids.Contains(m.ExternalId))
                    .Select(m => m.ExternalId!)
                    .ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToHashSet(StringComparer.Ordinal);
            pending = [.. recent.Where(r => !handled.Contains(DirectLineActivity.IdFor(r.Activity.ConversationId, r.Activity.Sequence)))
                .OrderBy(r => r.Activity.ConversationId, StringComparer.Ordinal).ThenBy(r => r.Activity.Sequence)
                .Select(r => (r.Activity, r.Conversation))];
        }

        foreach (var (activity, conversation) in pending)
        {
            var grant = new DirectLineGrant(conversation.Id, conversation.UserId, conversation.ContactId, conversation.ContactId is not null);
            var stored = new StoredActivity(DirectLineActivity.IdFor(activity.ConversationId, activity.Sequence), activity.Sequence, (JsonObject)JsonNode.Parse(activity.Json)!, Duplicate: true);
            await activities.RunTurnAsync(grant, stored).ConfigureAwait(false);
            LogRecovered(logger, stored.Id);
        }

        return pending.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RecoverAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before it finished: the next start looks again.
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web chat message {ActivityId} was recorded before a stop but never answered; its turn ran now.")]
    private static partial void LogRecovered(ILogger logger, string activityId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for unanswered web chat messages failed; the next start looks again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
