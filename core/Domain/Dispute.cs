namespace CollectionsBot.Core.Domain;

/// <summary>Why the debtor contests an invoice (the taxonomy's dispute kinds).</summary>
public enum DisputeReason
{
    /// <summary>Wrong amount.</summary>
    WrongAmount = 0,

    /// <summary>Goods or service not delivered.</summary>
    NotDelivered = 1,

    /// <summary>Defective goods or poor service.</summary>
    Defective = 2,

    /// <summary>Never ordered.</summary>
    NeverOrdered = 3,

    /// <summary>Billed twice.</summary>
    Duplicate = 4,

    /// <summary>A credit note is missing.</summary>
    MissingCreditNote = 5,

    /// <summary>Price differs from what was agreed.</summary>
    Pricing = 6,

    /// <summary>Anything else.</summary>
    Other = 7,
}

/// <summary>Where a dispute stands.</summary>
public enum DisputeStatus
{
    /// <summary>Waiting for a person to decide; the invoices are not collected.</summary>
    Open = 0,

    /// <summary>The creditor agreed: the disputed balances are written off.</summary>
    Accepted = 1,

    /// <summary>The creditor disagreed: collection resumes.</summary>
    Rejected = 2,

    /// <summary>The debtor withdrew it: collection resumes.</summary>
    Withdrawn = 3,
}

/// <summary>A debtor's challenge to one or more invoices of a case.</summary>
public sealed class Dispute
{
    private readonly List<DisputedInvoice> _invoices = [];

    private Dispute()
    {
    }

    /// <summary>Opens a dispute and stops collection of the invoices named.</summary>
    public Dispute(Guid caseId, IReadOnlyCollection<Invoice> invoices, DisputeReason reason, string details, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(details);
        if (invoices.Count == 0)
        {
            throw new ArgumentException("A dispute names at least one invoice.", nameof(invoices));
        }

        Id = SequentialGuids.Next(at);
        CaseId = caseId;
        Reason = reason;
        Details = details;
        OpenedAt = at;
        foreach (var invoice in invoices)
        {
            if (invoice.CaseId != caseId)
            {
                throw new ArgumentException($"Invoice {invoice.Number} belongs to another case.", nameof(invoices));
            }

            invoice.MarkDisputed();
            _invoices.Add(new DisputedInvoice(Id, invoice.Id));
        }
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The case.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>Reason.</summary>
    public DisputeReason Reason { get; private set; }

    /// <summary>The debtor's words.</summary>
    public string Details { get; private set; } = "";

    /// <summary>Status.</summary>
    public DisputeStatus Status { get; private set; }

    /// <summary>When opened.</summary>
    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>When decided.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>Who decided.</summary>
    public string? ResolvedBy { get; private set; }

    /// <summary>The invoices contested.</summary>
    public IReadOnlyList<DisputedInvoice> Invoices => _invoices;

    /// <summary>Decides the dispute; <paramref name="invoices"/> must hold the disputed ones.</summary>
    public void Resolve(DisputeStatus outcome, IReadOnlyCollection<Invoice> invoices, string resolvedBy, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvedBy);
        if (Status != DisputeStatus.Open)
        {
            throw new InvalidOperationException($"The dispute is already {Status}.");
        }

        if (outcome == DisputeStatus.Open)
        {
            throw new ArgumentOutOfRangeException(nameof(outcome));
        }

        // Find every invoice before changing any, so a missing one leaves the dispute and its invoices as they were.
        var disputed = _invoices.Select(link => invoices.SingleOrDefault(i => i.Id == link.InvoiceId)
            ?? throw new ArgumentException($"Invoice {link.InvoiceId} of the dispute was not supplied.", nameof(invoices))).ToList();
        foreach (var invoice in disputed)
        {
            if (outcome == DisputeStatus.Accepted)
            {
                // What was paid meanwhile stays paid; only what is still owed is given up.
                if (invoice.Status is InvoiceStatus.Open or InvoiceStatus.Disputed)
                {
                    invoice.WriteOff();
                }
            }
            else
            {
                invoice.ReopenAfterDispute();
            }
        }

        Status = outcome;
        ResolvedAt = at;
        ResolvedBy = resolvedBy;
    }
}

/// <summary>Link between a dispute and an invoice it contests.</summary>
public sealed class DisputedInvoice
{
    private DisputedInvoice()
    {
    }

    internal DisputedInvoice(Guid disputeId, Guid invoiceId)
    {
        DisputeId = disputeId;
        InvoiceId = invoiceId;
    }

    /// <summary>The dispute.</summary>
    public Guid DisputeId { get; private set; }

    /// <summary>The invoice.</summary>
    public Guid InvoiceId { get; private set; }
}
