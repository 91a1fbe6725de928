using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.AgentDesk.Hub;

/// <summary>Tells the desk, over the hub, about hand-offs and the debtor's messages to people.</summary>
public sealed class HubConversationEvents(IHubContext<AgentDeskHub, IAgentDeskClient> hub, IServiceScopeFactory scopes) : IConversationEvents
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
}
