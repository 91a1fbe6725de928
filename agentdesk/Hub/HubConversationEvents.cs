using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.AgentDesk.Hub;

/// <summary>Tells the desk, over the hub, about hand-offs and the debtor's messages to people.</summary>
public sealed class HubConversationEvents(IHubContext<AgentDeskHub, IAgentDeskClient> hub, IServiceScopeFactory scopes, DeskWatchers watchers, TimeProvider clock) : IConversationEvents
{
    /// <inheritdoc />
    public async Task WaitingAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        var assignments = scope.ServiceProvider.GetRequiredService<DeskAssignments>();

        // Looked up here, not taken at construction: the dispatcher depends on the engine, which depends on these events.
        var outbound = scope.ServiceProvider.GetRequiredService<IOutboundSignal>();
        foreach (var item in await WaitingList.WaitingAsync(db, conversationId, cancellationToken).ConfigureAwait(false))
        {
            await OfferAsync(hub.Clients, assignments, outbound, item, null, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A conversation is waiting: assigned at once to the least busy available agent when the desk assigns (they get
    /// <see cref="IAgentDeskClient.Assigned"/>, everyone else <see cref="IAgentDeskClient.Taken"/>), otherwise offered to
    /// everyone's queue.
    /// </summary>
    internal static async Task OfferAsync(IHubClients<IAgentDeskClient> clients, DeskAssignments assignments, IOutboundSignal outbound, QueueItem item, string? except, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await assignments.AutoAssignAsync(item.ConversationId, except, now, cancellationToken).ConfigureAwait(false) is { } assigned)
        {
            outbound.Nudge();
            await clients.User(assigned.AgentId).Assigned(item).ConfigureAwait(false);
            await clients.Group(AgentDeskHub.AgentsGroup).Taken(item.ConversationId, assigned.Name).ConfigureAwait(false);
            return;
        }

        await clients.Group(AgentDeskHub.AgentsGroup).Waiting(item).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DebtorMessageAsync(Conversation conversation, Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var clients = conversation.Owner == ConversationOwner.Agent && conversation.AgentId is { } agent
            ? hub.Clients.User(agent)
            : hub.Clients.Group(AgentDeskHub.AgentsGroup);
        return clients.DebtorMessage(DeskMessage.Of(message));
    }

    /// <inheritdoc />
    public async Task TurnSavedAsync(Guid conversationId, Message inbound, IReadOnlyList<Message> replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(replies);
        if (!watchers.IsWatched(conversationId))
        {
            return;
        }

        var group = hub.Clients.Group(DeskWatchers.Group(conversationId));
        await group.Watched(DeskMessage.Of(inbound)).ConfigureAwait(false);
        foreach (var reply in replies)
        {
            await group.Watched(DeskMessage.Of(reply)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task DebtorTypingAsync(Guid conversationId, string agentId, CancellationToken cancellationToken) =>
        hub.Clients.User(agentId).DebtorTyping(conversationId);
}
