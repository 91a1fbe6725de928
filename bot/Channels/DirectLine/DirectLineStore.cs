using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>An activity as stored.</summary>
/// <param name="Id">The id clients see.</param>
/// <param name="Sequence">Its watermark.</param>
/// <param name="Activity">The activity as served.</param>
/// <param name="Duplicate">True when the sender's id had been seen: this is the first activity with it.</param>
public sealed record StoredActivity(string Id, long Sequence, JsonObject Activity, bool Duplicate);

/// <summary>
/// The Direct Line conversations and their activities, in the database: each activity gets the next sequence number
/// of its conversation under a lock (and a unique key, for several instances), so a client resuming from a
/// watermark misses nothing, through reconnects and restarts. A sender's id (Web Chat's <c>clientActivityID</c>,
/// our message id) is recorded once: a retried post gets the first activity back.
/// </summary>
public sealed class DirectLineStore(IServiceScopeFactory scopes, KeyedLocks locks, DirectLineStreams streams, TimeProvider clock)
{
    private const int MaxAttempts = 3;

    /// <summary>Starts a conversation with a new id.</summary>
    public async Task<DirectLineConversation> StartAsync(string userId, Guid? contactId, CancellationToken cancellationToken)
    {
        var conversation = new DirectLineConversation(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), userId, contactId, clock.GetUtcNow());
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        db.DirectLineConversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return conversation;
    }

    /// <summary>True when the conversation exists.</summary>
    public async Task<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        return await db.DirectLineConversations.AnyAsync(c => c.Id == conversationId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user a conversation was started for.</summary>
    public async Task<string> UserIdAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        return await db.DirectLineConversations.Where(c => c.Id == conversationId).Select(c => c.UserId).SingleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The activities after a watermark, oldest first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<DirectLineActivity>> ReadAfterAsync(string conversationId, long watermark, int max, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        return await db.DirectLineActivities.AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.Sequence > watermark)
            .OrderBy(a => a.Sequence).Take(max)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The id clients saw for the activity a sender's id names, if any.</summary>
    public async Task<string?> FindIdAsync(string conversationId, string clientActivityId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        var sequence = await db.DirectLineActivities.AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.ClientActivityId == clientActivityId)
            .Select(a => (long?)a.Sequence).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return sequence is { } s ? DirectLineActivity.IdFor(conversationId, s) : null;
    }

    /// <summary>
    /// Appends an activity (its id and timestamp are set here) and wakes the conversation's streams. With a sender's
    /// id seen before, nothing is appended and the first activity comes back as a duplicate.
    /// </summary>
    public async Task<StoredActivity> AppendAsync(string conversationId, string? clientActivityId, JsonObject activity, bool fromBot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using var held = await locks.AcquireAsync($"directline|{conversationId}", cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
            if (clientActivityId is not null)
            {
                var earlier = await db.DirectLineActivities.AsNoTracking()
                    .SingleOrDefaultAsync(a => a.ConversationId == conversationId && a.ClientActivityId == clientActivityId, cancellationToken).ConfigureAwait(false);
                if (earlier is not null)
                {
                    return new StoredActivity(DirectLineActivity.IdFor(conversationId, earlier.Sequence), earlier.Sequence, (JsonObject)JsonNode.Parse(earlier.Json)!, true);
                }
            }

            var sequence = 1 + (await db.DirectLineActivities.Where(a => a.ConversationId == conversationId)
                .MaxAsync(a => (long?)a.Sequence, cancellationToken).ConfigureAwait(false) ?? 0);
            var id = DirectLineActivity.IdFor(conversationId, sequence);
            activity["id"] = id;
            activity["timestamp"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
            var type = activity["type"]?.GetValue<string>() ?? "message";
            db.DirectLineActivities.Add(new DirectLineActivity(conversationId, sequence, clientActivityId, type, fromBot, activity.ToJsonString(), clock.GetUtcNow()));
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && DatabaseErrors.IsConflict(ex))
            {
                // Another instance appended to this conversation meanwhile (or recorded the same sender's id): look again.
                continue;
            }

            streams.Notify(conversationId);
            return new StoredActivity(id, sequence, activity, false);
        }
    }
}
