using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Negotiation;

public sealed partial class Negotiator
{
    /// <summary>The settlement the bot offers first: the smallest discount on its ladder.</summary>
    public Money OpeningSettlement(Money balance)
    {
        CheckArguments(balance, 0);
        return SettlementAt(0, balance);
    }

    /// <summary>
    /// Decides on a settlement offer: a lump sum that closes the balance. <paramref name="offeredAmount"/> wins over
    /// <paramref name="offeredPercent"/>, which means "pay that percentage of the balance"; both are rounded up to the
    /// currency's minor unit. Invalid when nothing usable is offered, or with code full_payment when the offer covers
    /// the balance (that is a full payment, not a settlement). Accept when the discount is at most
    /// MaxSettlementDiscountPercent; otherwise Counter along a ladder of discounts from MaxSettlementDiscountPercent /
    /// (ConcessionSteps + 1) up to the maximum, the last step being the limit, then Escalate with the smallest
    /// amount the bot may accept. Ladder amounts are rounded up, so they never fall below the limit.
    /// </summary>
    public SettlementDecision EvaluateSettlement(decimal? offeredAmount, decimal? offeredPercent, Money balance, int round)
    {
        CheckArguments(balance, round);
        var currency = balance.Currency;
        decimal offer;
        if (offeredAmount is { } amount)
        {
            offer = RoundUp(amount, currency);
        }
        else if (offeredPercent is { } percent)
        {
            offer = RoundUp(balance.Amount * percent / 100m, currency);
        }
        else
        {
            return new SettlementDecision(NegotiationOutcome.Invalid, null, [NegotiationBreaches.NoTerms], null);
        }

        if (offer <= 0m)
        {
            return new SettlementDecision(NegotiationOutcome.Invalid, null, [NegotiationBreaches.InvalidAmount], null);
        }

        var requested = new Money(Math.Min(offer, balance.Amount), currency);
        if (offer >= balance.Amount)
        {
            return new SettlementDecision(NegotiationOutcome.Invalid, null, [NegotiationBreaches.FullPayment], requested);
        }

        var limit = SettlementAt(_limits.ConcessionSteps, balance);
        if (offer >= limit.Amount)
        {
            return new SettlementDecision(NegotiationOutcome.Accept, requested, [], requested);
        }

        string[] breaches = [NegotiationBreaches.MaxSettlementDiscount];
        return round >= _limits.ConcessionSteps
            ? new SettlementDecision(NegotiationOutcome.Escalate, limit, breaches, requested)
            : new SettlementDecision(NegotiationOutcome.Counter, SettlementAt(CounterStep(round), balance), breaches, requested);
    }

    /// <summary>The settlement amount at a ladder step: the balance less (step + 1) / (steps + 1) of the largest discount.</summary>
    internal Money SettlementAt(int step, Money balance)
    {
        // Multiply before dividing so that whole-cent amounts stay exact.
        var rungs = _limits.ConcessionSteps + 1;
        var payPercentTimesRungs = (100m * rungs) - (_limits.MaxSettlementDiscountPercent * (step + 1));
        return new Money(RoundUp(balance.Amount * payPercentTimesRungs / (100m * rungs), balance.Currency), balance.Currency);
    }
}
