namespace CollectionsBot.Core.Domain;

/// <summary>Installment frequencies a plan may use; a policy allows a combination of them.</summary>
[Flags]
public enum PaymentFrequency
{
    /// <summary>No frequency.</summary>
    None = 0,

    /// <summary>Every 7 days.</summary>
    Weekly = 1,

    /// <summary>Every 14 days.</summary>
    Biweekly = 2,

    /// <summary>Same day each month.</summary>
    Monthly = 4,
}

/// <summary>
/// The limits a supervisor sets for one creditor. The bot opens with the terms best for the creditor and concedes
/// step by step (<see cref="ConcessionSteps"/>), never beyond these limits and never revealing them.
/// </summary>
public sealed class NegotiationPolicy
{
    /// <summary>Most installments a plan may have, down payment excluded.</summary>
    public int MaxInstallments { get; set; } = 6;

    /// <summary>Longest plan, first to last payment, in days.</summary>
    public int MaxPlanLengthDays { get; set; } = 180;

    /// <summary>Smallest down payment as a percentage of the balance (0-100).</summary>
    public decimal MinDownPaymentPercent { get; set; } = 10m;

    /// <summary>Smallest installment in the case's currency (major units).</summary>
    public decimal MinInstallmentAmount { get; set; } = 100m;

    /// <summary>Frequencies a plan may use.</summary>
    public PaymentFrequency AllowedFrequencies { get; set; } = PaymentFrequency.Weekly | PaymentFrequency.Biweekly | PaymentFrequency.Monthly;

    /// <summary>Largest settlement discount off the balance, as a percentage (0-100).</summary>
    public decimal MaxSettlementDiscountPercent { get; set; } = 15m;

    /// <summary>Latest promise-to-pay date, in days from the day the promise is made.</summary>
    public int MaxPromiseDays { get; set; } = 14;

    /// <summary>How many steps the bot takes from its opening terms to its limit.</summary>
    public int ConcessionSteps { get; set; } = 3;

    /// <summary>
    /// What an agent may agree without a supervisor when a creditor has set nothing else: wider than the bot's
    /// defaults on every limit (twelve payments over a year, no minimum down payment, a quarter off, a month to pay).
    /// </summary>
    public static NegotiationPolicy AgentDefaults() => new()
    {
        MaxInstallments = 12,
        MaxPlanLengthDays = 365,
        MinDownPaymentPercent = 0m,
        MinInstallmentAmount = 50m,
        MaxSettlementDiscountPercent = 25m,
        MaxPromiseDays = 30,
    };

    /// <summary>
    /// No limit beyond what makes terms usable at all: what a supervisor's approval allows (the negotiator still
    /// refuses unusable proposals, such as a date in the past or an amount of nothing).
    /// </summary>
    public static NegotiationPolicy Unbounded() => new()
    {
        MaxInstallments = 120,
        MaxPlanLengthDays = 3650,
        MinDownPaymentPercent = 0m,
        MinInstallmentAmount = 0.01m,
        MaxSettlementDiscountPercent = 100m,
        MaxPromiseDays = 365,
        ConcessionSteps = 1,
    };

    /// <summary>The more generous of two policies, limit by limit (an agent never has less room than the bot).</summary>
    public NegotiationPolicy Widest(NegotiationPolicy other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new()
        {
            MaxInstallments = Math.Max(MaxInstallments, other.MaxInstallments),
            MaxPlanLengthDays = Math.Max(MaxPlanLengthDays, other.MaxPlanLengthDays),
            MinDownPaymentPercent = Math.Min(MinDownPaymentPercent, other.MinDownPaymentPercent),
            MinInstallmentAmount = Math.Min(MinInstallmentAmount, other.MinInstallmentAmount),
            AllowedFrequencies = AllowedFrequencies | other.AllowedFrequencies,
            MaxSettlementDiscountPercent = Math.Max(MaxSettlementDiscountPercent, other.MaxSettlementDiscountPercent),
            MaxPromiseDays = Math.Max(MaxPromiseDays, other.MaxPromiseDays),
            ConcessionSteps = ConcessionSteps,
        };
    }

    /// <summary>
    /// Every limit on which this policy allows less than <paramref name="bot"/>, as (field, message): an agent's limits
    /// must leave them at least the bot's room.
    /// </summary>
    public IReadOnlyList<(string Field, string Message)> NarrowerThan(NegotiationPolicy bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        var errors = new List<(string, string)>();
        if (MaxInstallments < bot.MaxInstallments)
        {
            errors.Add((nameof(MaxInstallments), $"must be at least the bot's ({bot.MaxInstallments})"));
        }

        if (MaxPlanLengthDays < bot.MaxPlanLengthDays)
        {
            errors.Add((nameof(MaxPlanLengthDays), $"must be at least the bot's ({bot.MaxPlanLengthDays} days)"));
        }

        if (MinDownPaymentPercent > bot.MinDownPaymentPercent)
        {
            errors.Add((nameof(MinDownPaymentPercent), $"must be at most the bot's ({bot.MinDownPaymentPercent})"));
        }

        if (MinInstallmentAmount > bot.MinInstallmentAmount)
        {
            errors.Add((nameof(MinInstallmentAmount), $"must be at most the bot's ({bot.MinInstallmentAmount})"));
        }

        if ((bot.AllowedFrequencies & ~AllowedFrequencies) != 0)
        {
            errors.Add((nameof(AllowedFrequencies), "must allow every frequency the bot may offer"));
        }

        if (MaxSettlementDiscountPercent < bot.MaxSettlementDiscountPercent)
        {
            errors.Add((nameof(MaxSettlementDiscountPercent), $"must be at least the bot's ({bot.MaxSettlementDiscountPercent})"));
        }

        if (MaxPromiseDays < bot.MaxPromiseDays)
        {
            errors.Add((nameof(MaxPromiseDays), $"must be at least the bot's ({bot.MaxPromiseDays} days)"));
        }

        return errors;
    }

    /// <summary>Every rule this policy breaks, as (field, message); empty when the policy is usable.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (MaxInstallments is < 1 or > 120)
        {
            errors.Add((nameof(MaxInstallments), "must be between 1 and 120"));
        }

        if (MaxPlanLengthDays is < 1 or > 3650)
        {
            errors.Add((nameof(MaxPlanLengthDays), "must be between 1 and 3650 days"));
        }

        if (MinDownPaymentPercent is < 0m or > 100m)
        {
            errors.Add((nameof(MinDownPaymentPercent), "must be between 0 and 100"));
        }

        if (MinInstallmentAmount <= 0m)
        {
            errors.Add((nameof(MinInstallmentAmount), "must be greater than 0"));
        }

        if (AllowedFrequencies == PaymentFrequency.None ||
            (AllowedFrequencies & ~(PaymentFrequency.Weekly | PaymentFrequency.Biweekly | PaymentFrequency.Monthly)) != 0)
        {
            errors.Add((nameof(AllowedFrequencies), "must allow at least one of weekly, biweekly, monthly"));
        }

        if (MaxSettlementDiscountPercent is < 0m or > 100m)
        {
            errors.Add((nameof(MaxSettlementDiscountPercent), "must be between 0 and 100"));
        }

        if (MaxPromiseDays is < 0 or > 365)
        {
            errors.Add((nameof(MaxPromiseDays), "must be between 0 and 365 days"));
        }

        if (ConcessionSteps is < 1 or > 10)
        {
            errors.Add((nameof(ConcessionSteps), "must be between 1 and 10"));
        }

        return errors;
    }
}
