using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Negotiation;

/// <summary>
/// Decides the bot's side of a negotiation within one creditor's <see cref="NegotiationPolicy"/>. The bot opens with
/// the terms best for the creditor and concedes along a ladder of <see cref="NegotiationPolicy.ConcessionSteps"/>
/// steps whose last step is exactly the limit. A proposal inside the limits is accepted as is; outside them the bot
/// counters with the next step shaped toward the request; once the limit has been offered, a proposal still beyond it
/// escalates to a person.
/// </summary>
/// <remarks>
/// Stateless and thread-safe: the policy is copied when the negotiator is built, and the conversation keeps the round,
/// the number of counter-offers the bot has already made in this negotiation (0 for the debtor's first proposal).
/// Decisions carry terms and internal breach codes, never wording: the limits are not to be shown to the debtor.
/// </remarks>
public sealed partial class Negotiator
{
    private readonly NegotiationLimits _limits;

    /// <summary>Builds a negotiator for a policy; throws <see cref="ArgumentException"/> when the policy is not usable.</summary>
    public Negotiator(NegotiationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = policy.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                "The negotiation policy is not usable: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")),
                nameof(policy));
        }

        _limits = NegotiationLimits.From(policy);
    }

    /// <summary>Steps from the opening terms to the limit; a round at or past this escalates instead of countering.</summary>
    public int ConcessionSteps => _limits.ConcessionSteps;

    // The step the bot concedes to when it counters in a given round; the last step is the limit.
    private int CounterStep(int round) => Math.Min(round + 1, _limits.ConcessionSteps);

    private static void CheckArguments(Money balance, int round)
    {
        if (!balance.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(balance), "There is nothing to negotiate on a balance that is not positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(round);
    }

    /// <summary>Rounds up to the currency's minor unit: amounts derived from limits never fall below the limit.</summary>
    internal static decimal RoundUp(decimal amount, Currency currency) =>
        decimal.Round(amount, currency.MinorDigits, MidpointRounding.ToPositiveInfinity);

    /// <summary>Rounds down to the currency's minor unit.</summary>
    internal static decimal RoundDown(decimal amount, Currency currency) =>
        decimal.Round(amount, currency.MinorDigits, MidpointRounding.ToNegativeInfinity);

    private static PlanDecision PlanInvalid(IReadOnlyList<string> breaches) => new(NegotiationOutcome.Invalid, null, breaches, null);
}

/// <summary>A snapshot of a policy's limits, so later edits to the policy object do not change a built negotiator.</summary>
internal sealed record NegotiationLimits(
    int MaxInstallments,
    int MaxPlanLengthDays,
    decimal MinDownPaymentPercent,
    decimal MinInstallmentAmount,
    PaymentFrequency AllowedFrequencies,
    decimal MaxSettlementDiscountPercent,
    int MaxPromiseDays,
    int ConcessionSteps)
{
    public static NegotiationLimits From(NegotiationPolicy policy) => new(
        policy.MaxInstallments,
        policy.MaxPlanLengthDays,
        policy.MinDownPaymentPercent,
        policy.MinInstallmentAmount,
        policy.AllowedFrequencies,
        policy.MaxSettlementDiscountPercent,
        policy.MaxPromiseDays,
        policy.ConcessionSteps);

    public bool Allows(PaymentFrequency frequency) => (AllowedFrequencies & frequency) == frequency;
}
