namespace CollectionsBot.Core.Receivables;

/// <summary>What an accepted import did.</summary>
/// <param name="Rows">Invoice rows in the file.</param>
/// <param name="Created">Invoices that did not exist before.</param>
/// <param name="Updated">Existing invoices whose dates or amounts changed.</param>
/// <param name="Unchanged">Existing invoices the file repeated as they were.</param>
/// <param name="CreditorsCreated">Creditors first seen in this file.</param>
/// <param name="DebtorsCreated">Debtor companies first seen.</param>
/// <param name="ContactsCreated">Contacts first seen.</param>
/// <param name="ContactsUpdated">Contacts whose details changed.</param>
/// <param name="ElapsedMilliseconds">Wall time of the import.</param>
public sealed record ImportSummary(
    int Rows,
    int Created,
    int Updated,
    int Unchanged,
    int CreditorsCreated,
    int DebtorsCreated,
    int ContactsCreated,
    int ContactsUpdated,
    long ElapsedMilliseconds);

/// <summary>An import's outcome: a summary, or the errors that made the whole file be refused.</summary>
public sealed record ImportOutcome(ImportSummary? Summary, IReadOnlyList<ImportError> Errors, int ErrorCount)
{
    /// <summary>True when the file was written.</summary>
    public bool Succeeded => Summary is not null;
}

/// <summary>Who imports, and what they may touch.</summary>
/// <param name="Actor">Recorded in the audit trail: "api:admin", "cli".</param>
/// <param name="CreditorScope">When set, every row must belong to this creditor (a creditor's own API key).</param>
public sealed record ImportRequest(string Actor, Guid? CreditorScope = null);

