using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Conversations;

/// <summary>Wakes the outbound dispatcher: messages were queued and should go out now rather than at its next poll.</summary>
public interface IOutboundSignal
{
    /// <summary>Asks for a delivery pass soon (calls coalesce).</summary>
    void Nudge();
}

/// <summary>
/// What people at the desk must hear about as it happens, raised after the change is saved: a conversation handed
/// to people, and a debtor's message in a conversation a person holds.
/// </summary>
public interface IConversationEvents
{
    /// <summary>A conversation went to the queue (the bot handed it off, or an agent released it).</summary>
    Task WaitingAsync(Guid conversationId, CancellationToken cancellationToken);

    /// <summary>The debtor wrote in a conversation an agent holds (or that waits for one).</summary>
    Task DebtorMessageAsync(Conversation conversation, Message message, CancellationToken cancellationToken);

    /// <summary>
    /// A turn of any conversation was saved: the debtor's message and the replies (for supervisors watching it live).
    /// Called for every turn, so an implementation returns at once for conversations nobody watches.
    /// </summary>
    Task TurnSavedAsync(Guid conversationId, Message inbound, IReadOnlyList<Message> replies, CancellationToken cancellationToken);

    /// <summary>The debtor is typing in a conversation <paramref name="agentId"/> holds (channels that say so: web chat).</summary>
    Task DebtorTypingAsync(Guid conversationId, string agentId, CancellationToken cancellationToken);
}

/// <summary>Shows the debtor that a person is typing, on the channels that have an indicator (web chat).</summary>
public interface ITypingIndicator
{
    /// <summary>Shows it; false when the conversation's channel has no indicator (SMS, email).</summary>
    Task<bool> ShowAsync(Conversation conversation, CancellationToken cancellationToken);
}

/// <summary>No channel with an indicator (tools, tests of the engine alone).</summary>
public sealed class NoTypingIndicator : ITypingIndicator
{
    /// <inheritdoc />
    public Task<bool> ShowAsync(Conversation conversation, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>No desk listening (tools, tests of the engine alone).</summary>
public sealed class NoConversationEvents : IConversationEvents
{
    /// <inheritdoc />
    public Task WaitingAsync(Guid conversationId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task DebtorMessageAsync(Conversation conversation, Message message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task TurnSavedAsync(Guid conversationId, Message inbound, IReadOnlyList<Message> replies, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task DebtorTypingAsync(Guid conversationId, string agentId, CancellationToken cancellationToken) => Task.CompletedTask;
}
