namespace CollectionsBot.Core.Domain;

/// <summary>Whether an address may receive messages on a channel.</summary>
public enum ConsentStatus
{
    /// <summary>Messages allowed.</summary>
    OptedIn = 0,

    /// <summary>The person asked us to stop; nothing may be sent until they opt back in themselves.</summary>
    OptedOut = 1,
}

/// <summary>
/// Consent for one address on one channel, for one creditor. Keyed by address rather than contact: a STOP from a
/// number blocks that number for the creditor whichever contact record holds it.
/// </summary>
public sealed class ChannelConsent
{
    private ChannelConsent()
    {
    }

    /// <summary>Records a consent decision.</summary>
    public ChannelConsent(Guid creditorId, Channel channel, string address, Guid? contactId, ConsentStatus status, string source, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Id = SequentialGuids.Next(at);
        CreditorId = creditorId;
        Channel = channel;
        Address = NormalizeAddress(channel, address);
        ContactId = contactId;
        Status = status;
        Source = source;
        ChangedAt = at;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The creditor the consent is given to.</summary>
    public Guid CreditorId { get; private set; }

    /// <summary>The channel.</summary>
    public Channel Channel { get; private set; }

    /// <summary>E.164 number, lower-cased email, or the channel's user id.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The contact the address belonged to when recorded, if known.</summary>
    public Guid? ContactId { get; private set; }

    /// <summary>Current status.</summary>
    public ConsentStatus Status { get; private set; }

    /// <summary>What caused the last change, e.g. "sms keyword STOP", "email one-click unsubscribe".</summary>
    public string Source { get; private set; } = "";

    /// <summary>When the status last changed.</summary>
    public DateTimeOffset ChangedAt { get; private set; }

    /// <summary>Changes the status; returns false when it already had it.</summary>
    public bool Change(ConsentStatus status, string source, DateTimeOffset at)
    {
        if (status == Status)
        {
            return false;
        }

        Status = status;
        Source = source;
        ChangedAt = at;
        return true;
    }

    /// <summary>The form addresses are stored and compared in.</summary>
    public static string NormalizeAddress(Channel channel, string address) =>
        channel == Channel.Email ? address.Trim().ToLowerInvariant() : address.Trim();
}
