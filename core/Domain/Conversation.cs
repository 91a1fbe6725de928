namespace CollectionsBot.Core.Domain;

/// <summary>Who answers a conversation right now.</summary>
public enum ConversationOwner
{
    /// <summary>The bot answers.</summary>
    Bot = 0,

    /// <summary>Handed off; the bot is silent and the conversation waits in the desk queue.</summary>
    WaitingForAgent = 1,

    /// <summary>A person has claimed it and answers.</summary>
    Agent = 2,

    /// <summary>Wrapped up; a new inbound message reopens it with the bot.</summary>
    Resolved = 3,
}

/// <summary>Why a conversation went to a person.</summary>
public enum HandoffReason
{
    /// <summary>The debtor disputes an invoice.</summary>
    Dispute = 0,

    /// <summary>The debtor reports financial hardship.</summary>
    Hardship = 1,

    /// <summary>Insolvency proceedings.</summary>
    Insolvency = 2,

    /// <summary>The debtor is represented by counsel.</summary>
    Counsel = 3,

    /// <summary>The debtor asked for a person.</summary>
    HumanRequested = 4,

    /// <summary>A deal beyond the bot's limits needs approval.</summary>
    BeyondLimits = 5,

    /// <summary>A claimed payment needs checking.</summary>
    PaymentVerification = 6,

    /// <summary>Abuse after a calm reply.</summary>
    Abusive = 7,

    /// <summary>The bot could not understand the debtor.</summary>
    NotUnderstood = 8,

    /// <summary>A message from an address that matches no contact.</summary>
    UnknownSender = 9,
}

/// <summary>
/// A thread with one contact on one channel. Ownership (bot, waiting, agent, resolved) moves only through the
/// named operations below: the one state machine the bot and the desk share.
/// </summary>
public sealed class Conversation : IVersioned
{
    private Conversation()
    {
    }

    /// <summary>Starts a conversation owned by the bot.</summary>
    /// <param name="caseId">The case, when known.</param>
    /// <param name="contactId">The contact, when known.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="channelConversationId">The channel's thread key.</param>
    /// <param name="startedAt">When it started.</param>
    /// <param name="address">The debtor side's address on the channel (phone, email, channel user id); defaults to the thread key.</param>
    public Conversation(Guid? caseId, Guid? contactId, Channel channel, string channelConversationId, DateTimeOffset startedAt, string? address = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelConversationId);
        Address = ChannelConsent.NormalizeAddress(channel, string.IsNullOrWhiteSpace(address) ? channelConversationId : address);
        Id = SequentialGuids.Next(startedAt);
        CaseId = caseId;
        ContactId = contactId;
        Channel = channel;
        ChannelConversationId = channelConversationId;
        Owner = ConversationOwner.Bot;
        StartedAt = startedAt;
        LastActivityAt = startedAt;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The case it is about; null until the sender is identified.</summary>
    public Guid? CaseId { get; private set; }

    /// <summary>The contact; null for an unidentified sender.</summary>
    public Guid? ContactId { get; private set; }

    /// <summary>The channel.</summary>
    public Channel Channel { get; private set; }

    /// <summary>The channel's own thread key: phone pair, Direct Line conversation id, email thread, Teams conversation.</summary>
    public string ChannelConversationId { get; private set; } = "";

    /// <summary>The debtor side's address on the channel: E.164 phone, email address, or the channel's user id.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Who answers.</summary>
    public ConversationOwner Owner { get; private set; }

    /// <summary>The agent holding it, while <see cref="Owner"/> is <see cref="ConversationOwner.Agent"/>.</summary>
    public string? AgentId { get; private set; }

    /// <summary>Why it was handed off, while with people.</summary>
    public HandoffReason? HandoffReason { get; private set; }

    /// <summary>The bot's summary for the agent.</summary>
    public string? HandoffSummary { get; private set; }

    /// <summary>When it was handed off (queue waiting time starts here).</summary>
    public DateTimeOffset? HandedOffAt { get; private set; }

    /// <summary>Whether the contact has been verified as the debtor's AP contact in this conversation.</summary>
    public bool IsVerified { get; private set; }

    /// <summary>When started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Last inbound or outbound message.</summary>
    public DateTimeOffset LastActivityAt { get; private set; }

    /// <summary>The bot's dialog stack and its typed state, serialized by the dialog engine.</summary>
    public string DialogState { get; private set; } = "";

    /// <summary>Hash of the dialog definitions that wrote <see cref="DialogState"/>; a deploy that changes them is noticed.</summary>
    public string DialogVersion { get; private set; } = "";

    /// <summary>Optimistic concurrency token.</summary>
    public long Version { get; private set; }

    /// <summary>Links the conversation to the identified contact and case.</summary>
    public void Identify(Guid caseId, Guid contactId, bool verified)
    {
        CaseId = caseId;
        ContactId = contactId;
        IsVerified = IsVerified || verified;
    }

    /// <summary>Stores the dialog engine's state after a turn.</summary>
    public void SaveDialog(string state, string version)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(version);
        DialogState = state;
        DialogVersion = version;
    }

    /// <summary>The bot hands the conversation to people; it stays silent from now on.</summary>
    public void HandOff(HandoffReason reason, string summary, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        Require(ConversationOwner.Bot, "hand off");
        Owner = ConversationOwner.WaitingForAgent;
        HandoffReason = reason;
        HandoffSummary = summary;
        HandedOffAt = at;
    }

    /// <summary>An agent claims a waiting conversation.</summary>
    public void Claim(string agentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        Require(ConversationOwner.WaitingForAgent, "claim");
        Owner = ConversationOwner.Agent;
        AgentId = agentId;
    }

    /// <summary>The agent puts it back in the queue.</summary>
    public void Release()
    {
        Require(ConversationOwner.Agent, "release");
        Owner = ConversationOwner.WaitingForAgent;
        AgentId = null;
    }

    /// <summary>
    /// The agent sends it to another queue (another reason: e.g. a dispute that turns out to be hardship), for
    /// whoever works that queue; it waits from now, and the summary says who sent it there and why.
    /// </summary>
    public void Requeue(HandoffReason reason, string sentBy, string note, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sentBy);
        ArgumentException.ThrowIfNullOrWhiteSpace(note);
        Require(ConversationOwner.Agent, "send to another queue");
        var summary = $"{HandoffSummary} Sent to the {reason} queue by {sentBy}: {note.Trim()}".Trim();
        Owner = ConversationOwner.WaitingForAgent;
        AgentId = null;
        HandoffReason = reason;
        HandoffSummary = summary.Length <= 4000 ? summary : string.Concat(summary.AsSpan(0, 3999), "…");
        HandedOffAt = at;
    }

    /// <summary>The agent hands it to another agent directly.</summary>
    public void Transfer(string toAgentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(toAgentId);
        Require(ConversationOwner.Agent, "transfer");
        AgentId = toAgentId;
    }

    /// <summary>People give the conversation back to the bot.</summary>
    public void HandBack()
    {
        if (Owner is not (ConversationOwner.Agent or ConversationOwner.WaitingForAgent))
        {
            throw new InvalidOperationException($"A conversation owned by {Owner} cannot be handed back to the bot.");
        }

        Owner = ConversationOwner.Bot;
        AgentId = null;
        HandoffReason = null;
        HandoffSummary = null;
        HandedOffAt = null;
    }

    /// <summary>Wraps the conversation up.</summary>
    public void Resolve()
    {
        Owner = ConversationOwner.Resolved;
        AgentId = null;
    }

    /// <summary>A new inbound message on a resolved conversation goes back to the bot.</summary>
    public void Reopen()
    {
        Require(ConversationOwner.Resolved, "reopen");
        Owner = ConversationOwner.Bot;
        HandoffReason = null;
        HandoffSummary = null;
        HandedOffAt = null;
    }

    /// <summary>Notes activity for ordering and idle detection.</summary>
    public void Touch(DateTimeOffset at)
    {
        if (at > LastActivityAt)
        {
            LastActivityAt = at;
        }
    }

    private void Require(ConversationOwner expected, string operation)
    {
        if (Owner != expected)
        {
            throw new InvalidOperationException($"Cannot {operation} a conversation owned by {Owner}; it must be {expected}.");
        }
    }
}
