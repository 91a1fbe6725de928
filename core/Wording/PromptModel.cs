using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Wording;

/// <summary>One invoice as a message shows it; amounts and dates already worded for the channel.</summary>
public sealed record InvoiceLine(string Number, string DueDate, string Balance, int DaysPastDue);

/// <summary>One payment of a schedule as a message shows it.</summary>
public sealed record ScheduleLine(int Sequence, string DueDate, string Amount, bool IsDownPayment);

/// <summary>
/// Everything a template may show. Values are worded before rendering (amounts with their currency, dates for the
/// channel), so templates only arrange words and never compute.
/// </summary>
public sealed record PromptModel
{
    /// <summary>"sms", "chat" or "email": templates shorten for SMS and complete for email.</summary>
    public string Channel { get; init; } = "chat";

    /// <summary>The contact's name as recorded, or empty.</summary>
    public string ContactName { get; init; } = "";

    /// <summary>The creditor's trading name.</summary>
    public string CreditorName { get; init; } = "";

    /// <summary>The debtor company's name.</summary>
    public string DebtorName { get; init; } = "";

    /// <summary>The open balance, worded.</summary>
    public string Total { get; init; } = "";

    /// <summary>Open invoices.</summary>
    public IReadOnlyList<InvoiceLine> Invoices { get; init; } = [];

    /// <summary>An amount the message is about (a payment, an offer, a promise).</summary>
    public string Amount { get; init; } = "";

    /// <summary>A date the message is about.</summary>
    public string Date { get; init; } = "";

    /// <summary>A link (payment page).</summary>
    public string Url { get; init; } = "";

    /// <summary>A payment schedule.</summary>
    public IReadOnlyList<ScheduleLine> Schedule { get; init; } = [];

    /// <summary>Number of installments (down payment excluded).</summary>
    public int Installments { get; init; }

    /// <summary>The installment amount, worded.</summary>
    public string InstallmentAmount { get; init; } = "";

    /// <summary>The down payment, worded; empty when none.</summary>
    public string DownPayment { get; init; } = "";

    /// <summary>"weekly", "every two weeks" or "monthly".</summary>
    public string Frequency { get; init; } = "";

    /// <summary>Free text the message quotes back (a reference, a contact, a time).</summary>
    public string Detail { get; init; } = "";

    /// <summary>The contact window, worded ("8:00 and 21:00").</summary>
    public string ContactHours { get; init; } = "";

    /// <summary>How many of a plan's payments are made.</summary>
    public int PaidInstallments { get; init; }

    /// <summary>Money paid beyond what was open, held as credit, worded; empty when none.</summary>
    public string Credit { get; init; } = "";

    /// <summary>The name of the person at the desk who joined or left the conversation.</summary>
    public string AgentName { get; init; } = "";

    /// <summary>An empty model for <paramref name="channel"/>.</summary>
    public static PromptModel For(Channel channel) => new() { Channel = ChannelWord(channel) };

    /// <summary>Worded channel name for the model's <see cref="Channel"/>.</summary>
    public static string ChannelWord(Channel channel) => channel switch
    {
        Domain.Channel.Sms => "sms",
        Domain.Channel.Email => "email",
        _ => "chat",
    };
}
