namespace CollectionsBot.Core.Domain;

/// <summary>The kinds of agreement a person at the desk can make with a debtor.</summary>
public enum AgreementKind
{
    /// <summary>A payment plan: an optional down payment and installments.</summary>
    Plan = 0,

    /// <summary>A settlement: less than the balance, paid once, closes the case.</summary>
    Settlement = 1,

    /// <summary>A promise to pay an amount by a date.</summary>
    Promise = 2,
}

/// <summary>Where a request for approval stands.</summary>
public enum ApprovalStatus
{
    /// <summary>Waiting for a supervisor.</summary>
    Pending = 0,

    /// <summary>A supervisor approved it; the agreement was made and the debtor told.</summary>
    Approved = 1,

    /// <summary>A supervisor turned it down, with a reason for the agent.</summary>
    Rejected = 2,

    /// <summary>The agent took it back, or the conversation left the desk before a decision.</summary>
    Withdrawn = 3,
}

/// <summary>
/// An agent's proposal to a debtor that goes beyond what the agent may agree alone (the creditor's
/// <see cref="Creditor.AgentAuthority"/>): it waits for a supervisor, who approves (the agreement is then made in the
/// conversation) or rejects it with a reason. The terms are kept as the agent proposed them, and the limits they
/// broke, for the record.
/// </summary>
public sealed class AgreementApproval : IVersioned
{
    private AgreementApproval()
    {
    }

    /// <summary>Records a request for approval.</summary>
    public AgreementApproval(Guid conversationId, Guid caseId, Guid creditorId, AgreementKind kind, string terms, string summary, IReadOnlyList<string> breaches, string requestedBy, string requestedByName, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(terms);
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        ArgumentNullException.ThrowIfNull(breaches);
        Id = SequentialGuids.Next(at);
        ConversationId = conversationId;
        CaseId = caseId;
        CreditorId = creditorId;
        Kind = kind;
        Terms = terms;
        Summary = summary;
        Breaches = string.Join(',', breaches);
        RequestedBy = requestedBy;
        RequestedByName = requestedByName;
        RequestedAt = at;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The conversation the agreement is for.</summary>
    public Guid ConversationId { get; private set; }

    /// <summary>The case.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>The creditor whose limits were passed.</summary>
    public Guid CreditorId { get; private set; }

    /// <summary>Plan, settlement or promise.</summary>
    public AgreementKind Kind { get; private set; }

    /// <summary>The proposal as the agent made it (JSON), made again as is on approval.</summary>
    public string Terms { get; private set; } = "";

    /// <summary>The terms in words, for the supervisor.</summary>
    public string Summary { get; private set; } = "";

    /// <summary>The limits of the agent's authority the proposal passes (comma-separated breach codes).</summary>
    public string Breaches { get; private set; } = "";

    /// <summary>The agent's user id.</summary>
    public string RequestedBy { get; private set; } = "";

    /// <summary>The agent's name.</summary>
    public string RequestedByName { get; private set; } = "";

    /// <summary>When the agent asked.</summary>
    public DateTimeOffset RequestedAt { get; private set; }

    /// <summary>Pending, approved, rejected or withdrawn.</summary>
    public ApprovalStatus Status { get; private set; }

    /// <summary>The supervisor who decided (user id).</summary>
    public string? DecidedBy { get; private set; }

    /// <summary>Their name.</summary>
    public string? DecidedByName { get; private set; }

    /// <summary>When.</summary>
    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>The supervisor's reason or note.</summary>
    public string? DecisionNote { get; private set; }

    /// <inheritdoc />
    public long Version { get; private set; }

    /// <summary>A supervisor approves or rejects it (once: a decided request stays decided).</summary>
    public void Decide(bool approve, string by, string byName, string? note, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (Status != ApprovalStatus.Pending)
        {
            throw new InvalidOperationException($"This request was already {Status.ToString().ToLowerInvariant()}.");
        }

        if (!approve && string.IsNullOrWhiteSpace(note))
        {
            throw new ArgumentException("Say why, for the agent.", nameof(note));
        }

        Status = approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
        DecidedBy = by;
        DecidedByName = byName;
        DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        DecidedAt = at;
    }

    /// <summary>The agent takes the request back, or it lapses because the conversation left the desk.</summary>
    public void Withdraw(string by, DateTimeOffset at)
    {
        if (Status != ApprovalStatus.Pending)
        {
            throw new InvalidOperationException($"This request was already {Status.ToString().ToLowerInvariant()}.");
        }

        Status = ApprovalStatus.Withdrawn;
        DecidedBy = by;
        DecidedAt = at;
    }
}
