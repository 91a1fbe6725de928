namespace CollectionsBot.Core.Domain;

/// <summary>What a follow-up task asks for.</summary>
public enum FollowUpKind
{
    /// <summary>The debtor says it paid: a person checks the payment before collection resumes.</summary>
    VerifyPayment = 0,

    /// <summary>The debtor asked to be contacted later; due at the agreed time, inside the contact window.</summary>
    Callback = 1,

    /// <summary>The contact said it is the wrong person; the details given for the right one need recording.</summary>
    UpdateContact = 2,

    /// <summary>A message came from an address that matches no contact.</summary>
    ReviewUnknownSender = 3,

    /// <summary>A payment was refunded or charged back: the balance is open again and a person looks at why.</summary>
    ReviewReversedPayment = 4,
}

/// <summary>Whether a follow-up task is still to do.</summary>
public enum FollowUpStatus
{
    /// <summary>To do.</summary>
    Open = 0,

    /// <summary>Done.</summary>
    Done = 1,

    /// <summary>No longer needed.</summary>
    Cancelled = 2,
}

/// <summary>
/// Work the conversation leaves for later or for a person, without handing the conversation itself off: checking a
/// claimed payment, calling back at an agreed time, recording a new AP contact.
/// </summary>
public sealed class FollowUpTask
{
    private FollowUpTask()
    {
    }

    /// <summary>Queues a task.</summary>
    public FollowUpTask(Guid? caseId, Guid? conversationId, FollowUpKind kind, DateTimeOffset dueAt, string details, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(details);
        Id = SequentialGuids.Next(createdAt);
        CaseId = caseId;
        ConversationId = conversationId;
        Kind = kind;
        DueAt = dueAt;
        Details = details;
        Status = FollowUpStatus.Open;
        CreatedAt = createdAt;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The case, when known.</summary>
    public Guid? CaseId { get; private set; }

    /// <summary>The conversation it came from.</summary>
    public Guid? ConversationId { get; private set; }

    /// <summary>What to do.</summary>
    public FollowUpKind Kind { get; private set; }

    /// <summary>When it is due.</summary>
    public DateTimeOffset DueAt { get; private set; }

    /// <summary>What the debtor said, for the person doing it.</summary>
    public string Details { get; private set; } = "";

    /// <summary>Status.</summary>
    public FollowUpStatus Status { get; private set; }

    /// <summary>When queued.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When done or cancelled.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Closes the task.</summary>
    public void Close(FollowUpStatus outcome, DateTimeOffset at)
    {
        if (outcome == FollowUpStatus.Open)
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), "A task closes as done or cancelled.");
        }

        Status = outcome;
        ClosedAt = at;
    }
}
