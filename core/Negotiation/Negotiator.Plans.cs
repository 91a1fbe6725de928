using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Negotiation;

public sealed partial class Negotiator
{
    /// <summary>Most payments a request may ask for before it is treated as unusable rather than as a proposal.</summary>
    private const int MaxRequestedInstallments = 1000;

    /// <summary>A start date further away than this (about ten years) is treated as a misunderstanding.</summary>
    private const int MaxRequestedStartDays = 3660;

    /// <summary>
    /// The bot's opening plan (step 0): the terms best for the creditor on the ladder, starting today. When the balance
    /// is too small for any installment the policy allows, it is a single payment of the whole balance.
    /// </summary>
    public PlanTerms OpeningPlan(Money balance, DateOnly today)
    {
        CheckArguments(balance, 0);
        var ladder = new PlanLadder(_limits, balance, today);
        return ladder.Lay(ladder.At(0, today, ladder.Frequency));
    }

    /// <summary>
    /// Decides on a debtor's plan proposal in a given round.
    /// <list type="bullet">
    /// <item>Invalid when the request names nothing usable, a count below one, a non-positive amount, a date before
    /// today, a combined frequency, or a down payment covering the whole balance (code full_payment).</item>
    /// <item>Otherwise the request is completed: parts left open come from the bot's last offer (step
    /// min(round, ConcessionSteps)); an open down payment is lowered, not below the minimum, when the debtor's
    /// installment count needs it; an installment amount alone becomes an installment count; one installment and no
    /// down payment is a single payment of the whole balance.</item>
    /// <item>Accept when the completed request is inside the limits; otherwise Counter with the ladder's step
    /// min(round + 1, ConcessionSteps) shaped toward the request (the debtor's frequency or the nearest allowed one, or
    /// a more frequent allowed one when only that fits a count they asked for within MaxInstallments; their start date
    /// up to the latest allowed; their larger down payment; their smaller installment count or larger installment
    /// amount); from round ConcessionSteps on, Escalate with the limit shaped the same way.</item>
    /// </list>
    /// </summary>
    public PlanDecision EvaluatePlan(PlanRequest request, Money balance, DateOnly today, int round)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckArguments(balance, round);

        var invalid = Unusable(request, balance, today);
        if (invalid.Count > 0)
        {
            return PlanInvalid(invalid);
        }

        var ladder = new PlanLadder(_limits, balance, today);
        var asked = Complete(ladder, request, balance, today, Math.Min(round, _limits.ConcessionSteps));
        if (asked.Installments > MaxRequestedInstallments)
        {
            return PlanInvalid([NegotiationBreaches.InvalidInstallments]);
        }

        var requested = ladder.Lay(asked);
        var breaches = ladder.Breaches(asked);
        if (breaches.Count == 0)
        {
            return new PlanDecision(NegotiationOutcome.Accept, requested, [], requested);
        }

        return round >= _limits.ConcessionSteps
            ? new PlanDecision(NegotiationOutcome.Escalate, ladder.Lay(Shape(ladder, request, balance, today, _limits.ConcessionSteps)), breaches, requested)
            : new PlanDecision(NegotiationOutcome.Counter, ladder.Lay(Shape(ladder, request, balance, today, CounterStep(round))), breaches, requested);
    }

    /// <summary>The ladder's terms at a step, starting today (for tests and the agent's view of the ladder).</summary>
    internal PlanTerms LadderPlan(int step, Money balance, DateOnly today)
    {
        CheckArguments(balance, 0);
        var ladder = new PlanLadder(_limits, balance, today);
        return ladder.Lay(ladder.At(step, today, ladder.Frequency));
    }

    private static List<string> Unusable(PlanRequest request, Money balance, DateOnly today)
    {
        var breaches = new List<string>();
        if (request.IsEmpty)
        {
            breaches.Add(NegotiationBreaches.NoTerms);
        }

        if (request.Installments is < 1 or > MaxRequestedInstallments)
        {
            breaches.Add(NegotiationBreaches.InvalidInstallments);
        }

        if (request.InstallmentAmount <= 0m)
        {
            breaches.Add(NegotiationBreaches.InvalidAmount);
        }

        if (request.DownPayment < 0m || request.DownPaymentPercent is < 0m or > 100m)
        {
            breaches.Add(NegotiationBreaches.InvalidDownPayment);
        }
        else if (RequestedDown(request, balance) >= balance.Amount)
        {
            breaches.Add(NegotiationBreaches.FullPayment);
        }

        if (request.Frequency is { } frequency && frequency is not (PaymentFrequency.Weekly or PaymentFrequency.Biweekly or PaymentFrequency.Monthly))
        {
            breaches.Add(NegotiationBreaches.InvalidFrequency);
        }

        if (request.StartDate is { } start && (start < today || start.DayNumber - today.DayNumber > MaxRequestedStartDays))
        {
            breaches.Add(NegotiationBreaches.InvalidDate);
        }

        return breaches;
    }

    private static decimal? RequestedDown(PlanRequest request, Money balance) =>
        request.DownPayment is { } amount ? RoundUp(amount, balance.Currency)
        : request.DownPaymentPercent is { } percent ? RoundUp(balance.Amount * percent / 100m, balance.Currency)
        : null;

    private static bool AsksSinglePayment(PlanRequest request, decimal? down) => request.Installments == 1 && (down ?? 0m) == 0m;

    // The debtor's request with the open parts taken from the bot's terms at a step.
    private static PlanDraft Complete(PlanLadder ladder, PlanRequest request, Money balance, DateOnly today, int step)
    {
        var frequency = request.Frequency ?? ladder.Frequency;
        var start = request.StartDate ?? today;
        var asked = RequestedDown(request, balance);
        if (AsksSinglePayment(request, asked))
        {
            return ladder.Single(start, frequency);
        }

        var down = asked ?? ladder.DownAt(step);
        if (down >= balance.Amount)
        {
            return ladder.Single(start, frequency);
        }

        if (request.Installments is { } installments)
        {
            if (asked is null)
            {
                // The debtor chose the count, not the down payment: ask no more down than lets their count meet the
                // smallest installment, and never less than the minimum.
                var fitting = balance.Amount - (installments * ladder.MinInstallment);
                down = Math.Min(down, Math.Max(ladder.MinDown, fitting));
            }

            return new PlanDraft(down, installments, frequency, start);
        }

        if (request.InstallmentAmount is { } amount)
        {
            return new PlanDraft(down, ladder.InstallmentsFor(balance.Amount - down, amount, MaxRequestedInstallments), frequency, start);
        }

        var most = Math.Min(ladder.InstallmentsAt(step, frequency), ladder.MostInstallments(down, frequency, start));
        return new PlanDraft(down, Math.Max(1, most), frequency, start);
    }

    // The ladder's terms at a step, moved toward the request wherever the limits allow.
    private PlanDraft Shape(PlanLadder ladder, PlanRequest request, Money balance, DateOnly today, int step)
    {
        var requestedStart = request.StartDate ?? today;
        var start = requestedStart > ladder.LatestStart ? ladder.LatestStart : requestedStart;
        var asked = RequestedDown(request, balance);
        var frequency = request.Frequency ?? ladder.Frequency;
        if (AsksSinglePayment(request, asked))
        {
            return ladder.Single(start, frequency);
        }

        // A larger down payment than the step asks is the debtor's to give; if nothing fits with it, the step's.
        var stepDown = ladder.DownAt(step);
        decimal[] downs = asked > stepDown ? [asked.Value, stepDown] : [stepDown];
        foreach (var down in downs)
        {
            int? count = request.Installments is { } requestedCount ? requestedCount
                : request.InstallmentAmount is { } amount ? ladder.InstallmentsFor(balance.Amount - down, amount, MaxRequestedInstallments)
                : null;

            // Keep the debtor's frequency, unless a count the policy allows fits only at a more frequent one.
            var switchFor = count <= _limits.MaxInstallments ? count : null;
            PlanDraft? chosen = null;
            foreach (var candidate in ladder.FrequenciesFrom(frequency))
            {
                var most = Math.Min(ladder.InstallmentsAt(step, candidate), ladder.MostInstallments(down, candidate, start));
                if (most < 1)
                {
                    continue;
                }

                var draft = new PlanDraft(down, count is { } c ? Math.Min(c, most) : most, candidate, start);
                chosen ??= draft;
                if (switchFor is null || draft.Installments >= switchFor)
                {
                    chosen = draft;
                    break;
                }
            }

            if (chosen is { } shaped)
            {
                // Every candidate is inside the limits by construction; the check keeps that true if the rules change.
                return ladder.Breaches(shaped).Count == 0 ? shaped : ladder.At(step, start, ladder.Frequency);
            }
        }

        return ladder.Single(start, frequency);
    }
}
