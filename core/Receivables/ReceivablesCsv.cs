namespace CollectionsBot.Core.Receivables;

/// <summary>The AR-aging CSV format: one row per invoice, this header, ISO dates, dot decimals, IANA zones.</summary>
public static class ReceivablesCsv
{
    /// <summary>Creditor name.</summary>
    public const string Creditor = "creditor";

    /// <summary>Debtor company name.</summary>
    public const string Debtor = "debtor";

    /// <summary>The creditor's customer reference for the debtor.</summary>
    public const string DebtorReference = "debtor_reference";

    /// <summary>AP contact's name.</summary>
    public const string ContactName = "contact_name";

    /// <summary>AP contact's phone.</summary>
    public const string ContactPhone = "contact_phone";

    /// <summary>AP contact's email.</summary>
    public const string ContactEmail = "contact_email";

    /// <summary>AP contact's IANA time zone.</summary>
    public const string ContactTimeZone = "contact_timezone";

    /// <summary>Invoice number.</summary>
    public const string InvoiceNumber = "invoice_number";

    /// <summary>Issue date, yyyy-MM-dd.</summary>
    public const string IssueDate = "issue_date";

    /// <summary>Due date, yyyy-MM-dd.</summary>
    public const string DueDate = "due_date";

    /// <summary>Invoiced amount.</summary>
    public const string Amount = "amount";

    /// <summary>Open balance.</summary>
    public const string Balance = "balance";

    /// <summary>ISO 4217 code.</summary>
    public const string Currency = "currency";

    /// <summary>Every column, in the documented order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        Creditor, Debtor, DebtorReference, ContactName, ContactPhone, ContactEmail, ContactTimeZone,
        InvoiceNumber, IssueDate, DueDate, Amount, Balance, Currency,
    ];

    /// <summary>The header line.</summary>
    public static string Header => string.Join(',', Columns);
}

/// <summary>One problem in an import file.</summary>
/// <param name="Line">1-based line in the file (the header is line 1).</param>
/// <param name="Column">The column at fault, or empty for the whole row.</param>
/// <param name="Message">What is wrong, in words a finance clerk can act on.</param>
public sealed record ImportError(int Line, string Column, string Message);

/// <summary>One validated row.</summary>
public sealed record ReceivableRow(
    int Line,
    string Creditor,
    string Debtor,
    string DebtorReference,
    string? ContactName,
    string? ContactPhone,
    string? ContactEmail,
    string? ContactTimeZone,
    string InvoiceNumber,
    DateOnly IssueDate,
    DateOnly DueDate,
    decimal Amount,
    decimal Balance,
    string Currency);

/// <summary>The <c>Import</c> configuration section.</summary>
public sealed class ImportOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Import";

    /// <summary>Region for phone numbers written without a country code (ISO 3166 alpha-2).</summary>
    public string DefaultPhoneRegion { get; set; } = "US";

    /// <summary>Time zone given to creditors an import creates, and to contacts without one.</summary>
    public string DefaultCreditorTimeZone { get; set; } = "America/New_York";

    /// <summary>How many errors a rejected file reports in detail (the total is always given).</summary>
    public int MaxReportedErrors { get; set; } = 500;
}
