namespace CollectionsBot.Core.Domain;

/// <summary>
/// A web chat conversation as the Direct Line endpoint knows it: its id is the channel's thread key of our
/// <see cref="Conversation"/> once the debtor writes.
/// </summary>
public sealed class DirectLineConversation
{
    private DirectLineConversation()
    {
    }

    /// <summary>Starts a conversation.</summary>
    public DirectLineConversation(string id, string userId, Guid? contactId, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        Id = id;
        UserId = userId;
        ContactId = contactId;
        CreatedAt = createdAt;
    }

    /// <summary>The Direct Line conversation id.</summary>
    public string Id { get; private set; } = "";

    /// <summary>The user id its tokens carry.</summary>
    public string UserId { get; private set; } = "";

    /// <summary>The contact a signed link named, if any.</summary>
    public Guid? ContactId { get; private set; }

    /// <summary>When it started.</summary>
    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>
/// One activity of a Direct Line conversation, in the order the conversation received it: the per-conversation
/// <see cref="Sequence"/> is the watermark clients resume from, so nothing is skipped across reconnects or restarts.
/// </summary>
public sealed class DirectLineActivity
{
    private DirectLineActivity()
    {
    }

    /// <summary>Records an activity.</summary>
    /// <param name="conversationId">The Direct Line conversation.</param>
    /// <param name="sequence">Its place in the conversation (1, 2, ...).</param>
    /// <param name="clientActivityId">The sender's own id for it (idempotency key), if any.</param>
    /// <param name="type">The activity type (message, typing, event...).</param>
    /// <param name="fromBot">True for our messages, false for the user's.</param>
    /// <param name="json">The whole activity as served to clients.</param>
    /// <param name="createdAt">When it was received.</param>
    public DirectLineActivity(string conversationId, long sequence, string? clientActivityId, string type, bool fromBot, string json, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        ConversationId = conversationId;
        Sequence = sequence;
        ClientActivityId = clientActivityId;
        Type = type;
        FromBot = fromBot;
        Json = json;
        CreatedAt = createdAt;
    }

    /// <summary>The Direct Line conversation.</summary>
    public string ConversationId { get; private set; } = "";

    /// <summary>Its place in the conversation, from 1: the watermark.</summary>
    public long Sequence { get; private set; }

    /// <summary>The sender's own id (Web Chat's clientActivityID, our message id for replies), if any.</summary>
    public string? ClientActivityId { get; private set; }

    /// <summary>The activity type.</summary>
    public string Type { get; private set; } = "";

    /// <summary>True for our messages.</summary>
    public bool FromBot { get; private set; }

    /// <summary>The activity as served (JSON).</summary>
    public string Json { get; private set; } = "";

    /// <summary>When it was received.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The activity id clients see: the conversation id and the sequence, as Direct Line writes them.</summary>
    public static string IdFor(string conversationId, long sequence) => FormattableString.Invariant($"{conversationId}|{sequence:D7}");
}
