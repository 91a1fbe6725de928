using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Channels.Delivery;

/// <summary>One recorded outbound message, ready for its channel: the compliance guard has already allowed it.</summary>
/// <param name="MessageId">Our message id (the channel may echo it back, e.g. as a client id).</param>
/// <param name="ConversationId">Our conversation.</param>
/// <param name="Channel">The channel.</param>
/// <param name="ChannelConversationId">The channel's thread key (an SMS "debtor|our number" pair, a Direct Line conversation id).</param>
/// <param name="To">The recipient's address on the channel (E.164 phone, email, channel user id).</param>
/// <param name="Body">The text, as the guard let it through.</param>
/// <param name="Purpose">Why it is sent.</param>
/// <param name="InReplyToId">The inbound message it answers, if any.</param>
/// <param name="CreatedAt">When it was recorded.</param>
public sealed record OutboundEnvelope(
    Guid MessageId,
    Guid ConversationId,
    Channel Channel,
    string ChannelConversationId,
    string To,
    string Body,
    MessagePurpose Purpose,
    Guid? InReplyToId,
    DateTimeOffset CreatedAt);

/// <summary>What became of one attempt to hand a message to its channel.</summary>
public abstract record DeliveryResult
{
    private DeliveryResult()
    {
    }

    /// <summary>The channel accepted it.</summary>
    /// <param name="ExternalId">The channel's id for it (Twilio MessageSid, Direct Line activity id), if it gave one.</param>
    public sealed record Sent(string? ExternalId) : DeliveryResult;

    /// <summary>The channel refused it for good (a 4xx): it is marked failed and not tried again.</summary>
    /// <param name="ErrorCode">The channel's error code.</param>
    /// <param name="Detail">The channel's explanation, for the log (never a secret).</param>
    /// <param name="RecipientOptedOut">True when the channel says the recipient has opted out (Twilio 21610).</param>
    public sealed record Rejected(string ErrorCode, string Detail, bool RecipientOptedOut = false) : DeliveryResult;

    /// <summary>The channel could not take it now (outage, rate limit after retries): it stays queued for a later attempt.</summary>
    /// <param name="Reason">Why, for the log.</param>
    public sealed record Deferred(string Reason) : DeliveryResult;
}

/// <summary>Hands recorded outbound messages to one channel. One implementation per channel is registered.</summary>
public interface IChannelSender
{
    /// <summary>The channel this sender serves.</summary>
    Channel Channel { get; }

    /// <summary>Sends one message. Transient failures answer <see cref="DeliveryResult.Deferred"/>, not an exception.</summary>
    Task<DeliveryResult> SendAsync(OutboundEnvelope message, CancellationToken cancellationToken);
}
