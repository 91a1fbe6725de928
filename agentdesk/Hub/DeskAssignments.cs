using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CollectionsBot.AgentDesk.Hub;

/// <summary>
/// Putting a person on a conversation: the debtor told who joined (or left), through the guard like every message;
/// and, when the desk assigns automatically (<see cref="DeskOptions.AutoAssign"/>), the choice of the available agent
/// holding the fewest conversations within their most.
/// </summary>
public sealed class DeskAssignments(CollectionsDbContext db, PromptLibrary prompts, UserManager<DeskUser> users, DeskPresence presence, IOptions<DeskOptions> options)
{
    /// <summary>Queues the debtor's notice that a person joined or left (<paramref name="key"/>); the caller saves.</summary>
    public async Task<Message> TellDebtorAsync(Conversation conversation, string key, string agentName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var parties = await ConversationParties.LoadAsync(db, conversation, cancellationToken).ConfigureAwait(false);
        var outbox = await MessageOutbox.OpenAsync(db, parties, prompts, now, cancellationToken).ConfigureAwait(false);
        var text = prompts.Render(key, parties.Tone, PromptModel.For(conversation.Channel) with { AgentName = agentName });
        return outbox.Queue(new OutboundDraft(text, MessagePurpose.Service, IsReply: true, DisclosesDebt: false), SenderKind.System, null, key, null, now).Message;
    }

    /// <summary>
    /// Assigns a waiting conversation to the available agent holding the fewest (ties: the first by name), never to
    /// <paramref name="except"/> (who just sent it away) and never past an agent's most. Returns who took it, or null
    /// when the desk does not assign, nobody is free, or someone claimed it first.
    /// </summary>
    public async Task<(string AgentId, string Name, Message Joined)?> AutoAssignAsync(Guid conversationId, string? except, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!options.Value.AutoAssign)
        {
            return null;
        }

        var online = presence.Available().Where(id => id != except).ToList();
        if (online.Count == 0)
        {
            return null;
        }

        var holding = await db.Conversations.AsNoTracking().Where(c => c.Owner == ConversationOwner.Agent && c.AgentId != null && online.Contains(c.AgentId))
            .GroupBy(c => c.AgentId!).Select(g => new { Agent = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Agent, x => x.Count, cancellationToken).ConfigureAwait(false);
        var candidates = new List<DeskUser>();
        foreach (var id in online)
        {
            if (await users.FindByIdAsync(id).ConfigureAwait(false) is { } user && await users.IsInRoleAsync(user, DeskRoles.Agent).ConfigureAwait(false) && holding.GetValueOrDefault(id) < user.MaxConversations)
            {
                candidates.Add(user);
            }
        }

        var chosen = candidates.OrderBy(u => holding.GetValueOrDefault(u.Id)).ThenBy(u => u.DisplayName, StringComparer.Ordinal).FirstOrDefault();
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken).ConfigureAwait(false);
        if (chosen is null || conversation is not { Owner: ConversationOwner.WaitingForAgent })
        {
            return null;
        }

        return await AssignAsync(conversation, chosen, holding.GetValueOrDefault(chosen.Id), now, cancellationToken).ConfigureAwait(false) is { } joined
            ? (chosen.Id, chosen.DisplayName, joined)
            : null;
    }

    /// <summary>
    /// An agent became free (available again, or done with a conversation): assigns them the waiting conversations,
    /// highest priority and longest waiting first, up to their most. Returns what they took (nothing when the desk
    /// does not assign, or they are away, not an agent, or full).
    /// </summary>
    public async Task<IReadOnlyList<(QueueItem Item, Message Joined)>> AssignWaitingToAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!options.Value.AutoAssign || presence.StatusOf(agentId) != "available"
            || await users.FindByIdAsync(agentId).ConfigureAwait(false) is not { } agent || !await users.IsInRoleAsync(agent, DeskRoles.Agent).ConfigureAwait(false))
        {
            return [];
        }

        var holding = await db.Conversations.CountAsync(c => c.Owner == ConversationOwner.Agent && c.AgentId == agentId, cancellationToken).ConfigureAwait(false);
        var taken = new List<(QueueItem, Message)>();
        foreach (var item in await WaitingList.WaitingAsync(db, null, cancellationToken).ConfigureAwait(false))
        {
            if (holding >= agent.MaxConversations)
            {
                break;
            }

            var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == item.ConversationId, cancellationToken).ConfigureAwait(false);
            if (conversation is { Owner: ConversationOwner.WaitingForAgent } && await AssignAsync(conversation, agent, holding, now, cancellationToken).ConfigureAwait(false) is { } joined)
            {
                taken.Add((item, joined));
                holding++;
            }
        }

        return taken;
    }

    /// <summary>Gives a waiting conversation to an agent and tells the debtor who joined; null when someone claimed it first.</summary>
    private async Task<Message?> AssignAsync(Conversation conversation, DeskUser agent, int holding, DateTimeOffset now, CancellationToken cancellationToken)
    {
        conversation.Claim(agent.Id);
        var joined = await TellDebtorAsync(conversation, "desk.joined", agent.DisplayName, now, cancellationToken).ConfigureAwait(false);
        db.Record(AuditEvent.OnConversation(now, "desk", "desk.assigned", conversation, new { to = agent.Id, holding }));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return joined;
        }
        catch (DbUpdateConcurrencyException)
        {
            // An agent claimed it meanwhile.
            db.DiscardChanges();
            return null;
        }
    }
}
