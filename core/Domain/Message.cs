namespace CollectionsBot.Core.Domain;

/// <summary>Inbound from the debtor or outbound to them.</summary>
public enum MessageDirection
{
    /// <summary>From the debtor side.</summary>
    Inbound = 0,

    /// <summary>To the debtor side.</summary>
    Outbound = 1,
}

/// <summary>Who wrote a message.</summary>
public enum SenderKind
{
    /// <summary>The debtor's contact.</summary>
    Contact = 0,

    /// <summary>The bot.</summary>
    Bot = 1,

    /// <summary>A human agent.</summary>
    Agent = 2,

    /// <summary>The system (notices, receipts).</summary>
    System = 3,
}

/// <summary>Where a message is on its way; outbound states follow the channel's delivery reports.</summary>
public enum DeliveryStatus
{
    /// <summary>An inbound message we received.</summary>
    Received = 0,

    /// <summary>Accepted by us, not yet handed to the channel.</summary>
    Queued = 1,

    /// <summary>Handed to the channel.</summary>
    Sent = 2,

    /// <summary>The channel reports delivery.</summary>
    Delivered = 3,

    /// <summary>The channel could not deliver it.</summary>
    Undelivered = 4,

    /// <summary>Sending failed.</summary>
    Failed = 5,

    /// <summary>The recipient read it.</summary>
    Read = 6,

    /// <summary>Our compliance guard refused to send it; kept for the record.</summary>
    Blocked = 7,
}

/// <summary>What an outbound message does; the compliance guard treats each kind differently.</summary>
public enum MessagePurpose
{
    /// <summary>Anything that collects: debt details, reminders, offers, payment links.</summary>
    Collection = 0,

    /// <summary>Service: verification questions, acknowledgements, hand-off notices, help.</summary>
    Service = 1,

    /// <summary>The one confirmation of an opt-out, sent to the address that just opted out.</summary>
    OptOutConfirmation = 2,

    /// <summary>An inbound message.</summary>
    Inbound = 3,
}

/// <summary>One message in a conversation, kept for the record whatever became of it.</summary>
public sealed class Message
{
    private Message()
    {
    }

    /// <summary>Records a message.</summary>
    public Message(Conversation conversation, MessageDirection direction, SenderKind sender, string body, DateTimeOffset at, string? externalId = null, string? senderId = null)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(body);
        Id = SequentialGuids.Next(at);
        ConversationId = conversation.Id;
        Channel = conversation.Channel;
        Direction = direction;
        Sender = sender;
        SenderId = senderId;
        Body = body;
        ExternalId = externalId;
        Purpose = direction == MessageDirection.Inbound ? MessagePurpose.Inbound : MessagePurpose.Service;
        CreatedAt = at;
        Status = direction == MessageDirection.Inbound ? DeliveryStatus.Received : DeliveryStatus.Queued;
        StatusChangedAt = at;
        conversation.Touch(at);
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The conversation.</summary>
    public Guid ConversationId { get; private set; }

    /// <summary>The channel it travelled on.</summary>
    public Channel Channel { get; private set; }

    /// <summary>Direction.</summary>
    public MessageDirection Direction { get; private set; }

    /// <summary>Who wrote it.</summary>
    public SenderKind Sender { get; private set; }

    /// <summary>The agent's id, or the channel's user id for inbound messages.</summary>
    public string? SenderId { get; private set; }

    /// <summary>Text as sent or received.</summary>
    public string Body { get; private set; } = "";

    /// <summary>The channel's id (Twilio MessageSid, activity id, Message-ID); unique per channel when set.</summary>
    public string? ExternalId { get; private set; }

    /// <summary>Delivery status.</summary>
    public DeliveryStatus Status { get; private set; }

    /// <summary>The channel's error code for a failed delivery.</summary>
    public string? ErrorCode { get; private set; }

    /// <summary>What the message is for.</summary>
    public MessagePurpose Purpose { get; private set; } = MessagePurpose.Inbound;

    /// <summary>The inbound message this one answers; null for messages we start (reminders, notices).</summary>
    public Guid? InReplyToId { get; private set; }

    /// <summary>The prompts/ template that worded it, for the record; null for free text (agents).</summary>
    public string? TemplateKey { get; private set; }

    /// <summary>While queued: not to be sent before this instant (contact window, frequency cap).</summary>
    public DateTimeOffset? NotBefore { get; private set; }

    /// <summary>When recorded.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the status last changed.</summary>
    public DateTimeOffset StatusChangedAt { get; private set; }

    /// <summary>Records an outbound message the guard has let through (or will let through at <see cref="NotBefore"/>).</summary>
    public static Message Outbound(Conversation conversation, SenderKind sender, string body, MessagePurpose purpose, Guid? inReplyToId, string? templateKey, DateTimeOffset at, string? senderId = null)
    {
        if (purpose == MessagePurpose.Inbound)
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), "An outbound message needs an outbound purpose.");
        }

        return new Message(conversation, MessageDirection.Outbound, sender, body, at, null, senderId)
        {
            Purpose = purpose,
            InReplyToId = inReplyToId,
            TemplateKey = templateKey,
        };
    }

    /// <summary>Keeps a queued message until <paramref name="until"/> (contact window or frequency cap).</summary>
    public void Hold(DateTimeOffset until, string rule)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        if (Status != DeliveryStatus.Queued)
        {
            throw new InvalidOperationException($"Only a queued message can be held; this one is {Status}.");
        }

        NotBefore = until;
        ErrorCode = rule;
    }

    /// <summary>Releases a held message for sending.</summary>
    public void Release(DateTimeOffset at)
    {
        NotBefore = null;
        ErrorCode = null;
        StatusChangedAt = at;
    }

    /// <summary>An outbound message the guard let through and nothing holds: its channel may have it now.</summary>
    public bool ReadyToSend => Direction == MessageDirection.Outbound && Status == DeliveryStatus.Queued && NotBefore is null;

    /// <summary>Notes the channel's id once the channel accepted the message.</summary>
    public void MarkSent(string externalId, DateTimeOffset at)
    {
        ExternalId = externalId;
        UpdateStatus(DeliveryStatus.Sent, null, at);
    }

    /// <summary>
    /// Applies a delivery report. Reports can arrive out of order, so a later state is never replaced by an
    /// earlier one (a late "sent" after "delivered" changes nothing). Returns true when the status changed.
    /// </summary>
    public bool UpdateStatus(DeliveryStatus status, string? errorCode, DateTimeOffset at)
    {
        if (Direction == MessageDirection.Inbound || Rank(status) < Rank(Status) || (status == Status && errorCode == ErrorCode))
        {
            return false;
        }

        Status = status;
        ErrorCode = errorCode ?? ErrorCode;
        StatusChangedAt = at;
        return true;
    }

    /// <summary>Records that the compliance guard refused the message.</summary>
    public void MarkBlocked(string rule, DateTimeOffset at)
    {
        Status = DeliveryStatus.Blocked;
        ErrorCode = rule;
        StatusChangedAt = at;
    }

    private static int Rank(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Received => 0,
        DeliveryStatus.Queued => 1,
        DeliveryStatus.Sent => 2,
        DeliveryStatus.Delivered or DeliveryStatus.Undelivered or DeliveryStatus.Failed or DeliveryStatus.Blocked => 3,
        DeliveryStatus.Read => 4,
        _ => 0,
    };
}
