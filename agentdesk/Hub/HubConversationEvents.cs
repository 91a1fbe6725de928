using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.AgentDesk.Hub;

/// <summary>Tells the desk, over the hub, about hand-offs and the debtor's messages to people.</summary>
public sealed class HubConversationEvents(IHubContext<AgentDeskHub, IAgentDeskClient> hub, IServiceScopeFactory scopes, DeskWatchers watchers) : IConversationEvents
{
    /// <inheritdoc />
    public async Task WaitingAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        foreach (var item in await WaitingList.WaitingAsync(db, conversationId, cancellationToken).ConfigureAwait(false))
        {
            await hub.Clients.Group(AgentDeskHub.AgentsGroup).Waiting(item).ConfigureAwait(false);
        }
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
}
