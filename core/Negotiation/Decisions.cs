using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Negotiation;

/// <summary>What the negotiator decided about a debtor's proposal.</summary>
public enum NegotiationOutcome
{
    /// <summary>Inside the creditor's limits: the terms are the debtor's, completed where they left parts open.</summary>
    Accept = 0,

    /// <summary>Beyond the limits: the terms are the bot's next offer, as close to the request as the limits allow.</summary>
    Counter = 1,

    /// <summary>Beyond the limits after the bot's last concession: a person must approve; the terms are the limit.</summary>
    Escalate = 2,

    /// <summary>Nothing usable was proposed (or it was a full payment); the breaches say why. No terms.</summary>
    Invalid = 3,
}

/// <summary>
/// Codes for the limits a proposal broke and for unusable proposals. They go to the audit trail and the agent's
/// summary, never to the debtor: the bot never reveals its limits.
/// </summary>
public static class NegotiationBreaches
{
    /// <summary>More installments than the policy allows.</summary>
    public const string MaxInstallments = "max_installments";

    /// <summary>First to last payment spans more days than the policy allows.</summary>
    public const string MaxPlanLength = "max_plan_length";

    /// <summary>Down payment below the policy's percentage of the balance.</summary>
    public const string MinDownPayment = "min_down_payment";

    /// <summary>An installment below the policy's minimum amount.</summary>
    public const string MinInstallment = "min_installment";

    /// <summary>A frequency the policy does not allow.</summary>
    public const string Frequency = "frequency";

    /// <summary>A plan starting later than the latest promise date (today plus MaxPromiseDays).</summary>
    public const string StartDate = "start_date";

    /// <summary>A settlement discount larger than the policy allows.</summary>
    public const string MaxSettlementDiscount = "max_settlement_discount";

    /// <summary>A promise date later than the policy allows.</summary>
    public const string MaxPromiseDays = "max_promise_days";

    /// <summary>A partial promise below the smallest partial amount the policy accepts.</summary>
    public const string MinPromiseAmount = "min_promise_amount";

    /// <summary>Invalid: the proposal names no terms at all.</summary>
    public const string NoTerms = "no_terms";

    /// <summary>Invalid: an amount that is zero or negative.</summary>
    public const string InvalidAmount = "invalid_amount";

    /// <summary>Invalid: an installment count below one or beyond any schedule we would lay out.</summary>
    public const string InvalidInstallments = "invalid_installments";

    /// <summary>Invalid: a negative down payment or a percentage outside 0-100.</summary>
    public const string InvalidDownPayment = "invalid_down_payment";

    /// <summary>Invalid: not exactly one of weekly, biweekly, monthly.</summary>
    public const string InvalidFrequency = "invalid_frequency";

    /// <summary>Invalid: a date before today, or absurdly far away.</summary>
    public const string InvalidDate = "invalid_date";

    /// <summary>Invalid: a promise without a date.</summary>
    public const string MissingDate = "missing_date";

    /// <summary>Invalid: the offer covers the whole balance; take it as a full payment, not a deal.</summary>
    public const string FullPayment = "full_payment";
}

/// <summary>The negotiator's answer to a payment-plan proposal.</summary>
/// <param name="Outcome">Accept, counter, escalate or invalid.</param>
/// <param name="Terms">Accept: the debtor's terms completed; Counter: the bot's offer; Escalate: the best terms the bot
/// may give (the limit, shaped to the request); Invalid: null.</param>
/// <param name="Breaches">Codes from <see cref="NegotiationBreaches"/>; empty on Accept. Never shown to the debtor.</param>
/// <param name="Requested">The debtor's request completed as a schedule, for the audit and for the person who
/// approves an escalation; null on Invalid.</param>
public sealed record PlanDecision(NegotiationOutcome Outcome, PlanTerms? Terms, IReadOnlyList<string> Breaches, PlanTerms? Requested);

/// <summary>The negotiator's answer to a settlement offer (a lump sum that closes the balance at a discount).</summary>
/// <param name="Outcome">Accept, counter, escalate or invalid.</param>
/// <param name="Amount">Accept: the debtor's amount; Counter: the bot's amount; Escalate: the smallest amount the bot
/// may accept; Invalid: null.</param>
/// <param name="Breaches">Codes from <see cref="NegotiationBreaches"/>; empty on Accept. Never shown to the debtor.</param>
/// <param name="Requested">The debtor's offer as an amount (percentages converted); null when unusable.</param>
public sealed record SettlementDecision(NegotiationOutcome Outcome, Money? Amount, IReadOnlyList<string> Breaches, Money? Requested);

/// <summary>An amount promised by a date.</summary>
/// <param name="Amount">Amount promised.</param>
/// <param name="Date">Date the money should arrive by.</param>
public sealed record PromiseTerms(Money Amount, DateOnly Date)
{
    /// <summary>Records the promise for a case.</summary>
    public PromiseToPay ToPromise(Guid caseId, Guid? contactId, DateTimeOffset at) => new(caseId, contactId, Amount, Date, at);
}

/// <summary>The negotiator's answer to a promise to pay.</summary>
/// <param name="Outcome">Accept, counter, escalate or invalid.</param>
/// <param name="Terms">Accept: the debtor's promise (amount defaulted to the balance); Counter: the bot's proposal;
/// Escalate: the best terms the bot may give; Invalid: null.</param>
/// <param name="Breaches">Codes from <see cref="NegotiationBreaches"/>; empty on Accept. Never shown to the debtor.</param>
/// <param name="Requested">The debtor's promise as understood; null on Invalid.</param>
public sealed record PromiseDecision(NegotiationOutcome Outcome, PromiseTerms? Terms, IReadOnlyList<string> Breaches, PromiseTerms? Requested);
