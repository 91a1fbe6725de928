using System.Collections.Frozen;

namespace CollectionsBot.Bot.Understanding;

/// <summary>The intents of the debtor message taxonomy (shared/docs/nlu-taxonomy.md, v1): names are a contract.</summary>
public static class Intents
{
    /// <summary>Wants to pay the whole balance now.</summary>
    public const string PayFull = "pay_full";

    /// <summary>Asks to pay over time or proposes a schedule.</summary>
    public const string PaymentPlan = "payment_plan";

    /// <summary>Offers a reduced lump sum.</summary>
    public const string SettlementOffer = "settlement_offer";

    /// <summary>Commits to pay on a date.</summary>
    public const string PromiseToPay = "promise_to_pay";

    /// <summary>Says it was paid already.</summary>
    public const string AlreadyPaid = "already_paid";

    /// <summary>Contests the debt or part of it.</summary>
    public const string Dispute = "dispute";

    /// <summary>Cannot pay for financial reasons, no concrete terms.</summary>
    public const string Hardship = "hardship";

    /// <summary>Bankruptcy, administration, liquidation.</summary>
    public const string Insolvency = "insolvency";

    /// <summary>Refers to their lawyer.</summary>
    public const string LegalRepresentation = "legal_representation";

    /// <summary>Wants a person.</summary>
    public const string RequestHuman = "request_human";

    /// <summary>Wants contact to stop.</summary>
    public const string OptOut = "opt_out";

    /// <summary>Wrong person, number or company.</summary>
    public const string WrongContact = "wrong_contact";

    /// <summary>Asks what the debt is.</summary>
    public const string RequestDetails = "request_details";

    /// <summary>Asks to be contacted later or elsewhere.</summary>
    public const string CallbackLater = "callback_later";

    /// <summary>Short agreement.</summary>
    public const string Affirm = "affirm";

    /// <summary>Short disagreement.</summary>
    public const string Deny = "deny";

    /// <summary>Hello, nothing else.</summary>
    public const string Greeting = "greeting";

    /// <summary>Thanks or goodbye, nothing else.</summary>
    public const string ThanksBye = "thanks_bye";

    /// <summary>Insults or threats, nothing else.</summary>
    public const string Abusive = "abusive";

    /// <summary>Anything else.</summary>
    public const string Other = "other";

    /// <summary>The taxonomy's priority when a message carries several intents, highest first.</summary>
    public static readonly IReadOnlyList<string> Priority =
    [
        OptOut, Insolvency, LegalRepresentation, Dispute, AlreadyPaid, Hardship, RequestHuman, WrongContact,
        SettlementOffer, PaymentPlan, PromiseToPay, PayFull, RequestDetails, CallbackLater, Abusive, Affirm, Deny,
        ThanksBye, Greeting, Other,
    ];

    /// <summary>Intents whose miss causes legal or relationship harm.</summary>
    public static readonly FrozenSet<string> Critical = new[] { OptOut, Insolvency, LegalRepresentation, Dispute, Hardship, RequestHuman }.ToFrozenSet();

    /// <summary>Every intent name.</summary>
    public static readonly FrozenSet<string> All = Priority.ToFrozenSet();

    private static readonly FrozenDictionary<string, int> Ranks = Priority.Select((name, index) => (name, index)).ToFrozenDictionary(p => p.name, p => p.index);

    /// <summary>Position in <see cref="Priority"/> (0 is highest).</summary>
    public static int Rank(string intent) => Ranks.TryGetValue(intent, out var rank) ? rank : int.MaxValue;
}

/// <summary>Entity names of the taxonomy.</summary>
public static class EntityNames
{
    /// <summary>Decimal string in major units, "1500.00".</summary>
    public const string Amount = "amount";

    /// <summary>ISO 4217 code when stated.</summary>
    public const string Currency = "currency";

    /// <summary>Resolved calendar date, "YYYY-MM-DD".</summary>
    public const string Date = "date";

    /// <summary>Count of payments.</summary>
    public const string Installments = "installments";

    /// <summary>weekly, biweekly, monthly.</summary>
    public const string Frequency = "frequency";

    /// <summary>Number for settlement offers.</summary>
    public const string Percent = "percent";

    /// <summary>As written.</summary>
    public const string InvoiceNumber = "invoice_number";

    /// <summary>As written.</summary>
    public const string Email = "email";
}
