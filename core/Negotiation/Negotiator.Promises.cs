using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Negotiation;

public sealed partial class Negotiator
{
    /// <summary>
    /// Decides on a promise to pay <paramref name="amount"/> (default: the whole balance; more than the balance counts
    /// as the balance; rounded up to the minor unit) by <paramref name="date"/>.
    /// <list type="bullet">
    /// <item>Invalid without a date, with a date before today, or with an amount that is not positive.</item>
    /// <item>The date must be no later than today + MaxPromiseDays. A partial promise must be at least
    /// max(MinInstallmentAmount, balance x MinDownPaymentPercent / 100), the same floor as a plan's first payment, so a
    /// promise never asks less than a plan would; when that floor reaches the balance only the full balance is
    /// accepted.</item>
    /// <item>Accept inside those limits. Otherwise Counter with a ladder step: dates from today to the latest date
    /// (earliest first), amounts from the balance down to the floor; the debtor's own date or amount is kept where it
    /// is inside the limits. From round ConcessionSteps on, Escalate with the limit terms.</item>
    /// </list>
    /// </summary>
    public PromiseDecision EvaluatePromise(decimal? amount, DateOnly? date, Money balance, DateOnly today, int round)
    {
        CheckArguments(balance, round);
        var currency = balance.Currency;
        if (date is not { } promised)
        {
            return new PromiseDecision(NegotiationOutcome.Invalid, null, [NegotiationBreaches.MissingDate], null);
        }

        if (promised < today || amount <= 0m)
        {
            List<string> invalid = [];
            if (promised < today)
            {
                invalid.Add(NegotiationBreaches.InvalidDate);
            }

            if (amount <= 0m)
            {
                invalid.Add(NegotiationBreaches.InvalidAmount);
            }

            return new PromiseDecision(NegotiationOutcome.Invalid, null, invalid, null);
        }

        var offer = Math.Min(RoundUp(amount ?? balance.Amount, currency), balance.Amount);
        var requested = new PromiseTerms(new Money(offer, currency), promised);
        var floor = PromiseFloor(balance);
        var latest = today.AddDays(_limits.MaxPromiseDays);
        var amountOk = offer >= floor;
        var dateOk = promised <= latest;

        List<string> breaches = [];
        if (!amountOk)
        {
            breaches.Add(NegotiationBreaches.MinPromiseAmount);
        }

        if (!dateOk)
        {
            breaches.Add(NegotiationBreaches.MaxPromiseDays);
        }

        if (breaches.Count == 0)
        {
            return new PromiseDecision(NegotiationOutcome.Accept, requested, [], requested);
        }

        var step = round >= _limits.ConcessionSteps ? _limits.ConcessionSteps : CounterStep(round);
        var ladder = PromiseAt(step, balance, today);
        var terms = new PromiseTerms(amountOk ? requested.Amount : ladder.Amount, dateOk ? promised : ladder.Date);
        var outcome = round >= _limits.ConcessionSteps ? NegotiationOutcome.Escalate : NegotiationOutcome.Counter;
        return new PromiseDecision(outcome, terms, breaches, requested);
    }

    /// <summary>The promise at a ladder step: the date and amount move linearly from (today, balance) to the limits.</summary>
    internal PromiseTerms PromiseAt(int step, Money balance, DateOnly today)
    {
        var steps = _limits.ConcessionSteps;
        var floor = PromiseFloor(balance);
        var amount = RoundUp(((balance.Amount * steps) - ((balance.Amount - floor) * step)) / steps, balance.Currency);
        return new PromiseTerms(new Money(amount, balance.Currency), today.AddDays(_limits.MaxPromiseDays * step / steps));
    }

    // The smallest partial promise, capped at the balance.
    private decimal PromiseFloor(Money balance)
    {
        var currency = balance.Currency;
        var floor = Math.Max(RoundUp(_limits.MinInstallmentAmount, currency), RoundUp(balance.Amount * _limits.MinDownPaymentPercent / 100m, currency));
        return Math.Min(floor, balance.Amount);
    }
}
