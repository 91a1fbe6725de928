using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Negotiation;

/// <summary>Plan terms before they are laid out as a schedule.</summary>
internal readonly record struct PlanDraft(decimal Down, int Installments, PaymentFrequency Frequency, DateOnly Start)
{
    public bool IsSinglePayment => Down == 0m && Installments == 1;
}

/// <summary>
/// The plan side of a negotiation for one balance on one day: the rules a plan must meet and the concession ladder.
/// </summary>
/// <remarks>
/// Rules (single payment of the whole balance on the start date is exempt from all but the start date):
/// at most MaxInstallments installments; first to last payment within MaxPlanLengthDays; a down payment of at least
/// MinDownPaymentPercent of the balance, rounded up to the minor unit; every installment at least MinInstallmentAmount
/// (rounded up to the minor unit); an allowed frequency; a start date no later than today plus MaxPromiseDays.
/// Ladder: step 0 asks a down payment 20 points above the minimum percentage (at most 50 %, never below the minimum)
/// and one installment; each step lowers the down payment linearly to the minimum and raises the installments
/// linearly to the most the limits allow. With no minimum down payment the ladder asks none and step 0 is a single
/// payment. The frequency is the allowed one that, at the limit, lets the debtor pay latest on average.
/// </remarks>
internal sealed class PlanLadder
{
    /// <summary>Points above the policy's minimum down payment that the opening asks for.</summary>
    private const decimal OpeningDownPaymentExtraPercent = 20m;

    /// <summary>The opening never asks more than this share of the balance down (unless the policy's minimum does).</summary>
    private const decimal OpeningDownPaymentCapPercent = 50m;

    private static readonly PaymentFrequency[] LeastFrequentFirst = [PaymentFrequency.Monthly, PaymentFrequency.Biweekly, PaymentFrequency.Weekly];

    private readonly NegotiationLimits _limits;
    private readonly Money _balance;
    private readonly DateOnly _today;
    private readonly decimal _minDown;
    private readonly decimal _minInstallment;
    private readonly int[] _mostInstallments = new int[3];

    public PlanLadder(NegotiationLimits limits, Money balance, DateOnly today)
    {
        _limits = limits;
        _balance = balance;
        _today = today;
        _minDown = Negotiator.RoundUp(balance.Amount * limits.MinDownPaymentPercent / 100m, balance.Currency);
        _minInstallment = Negotiator.RoundUp(limits.MinInstallmentAmount, balance.Currency);

        // Least frequent first, and only a strictly better average replaces it: ties go to fewer, larger payments.
        var best = -1m;
        foreach (var frequency in LeastFrequentFirst.Where(limits.Allows))
        {
            _mostInstallments[Index(frequency)] = MostInstallments(_minDown, frequency, today);
            var score = AverageDaysToPay(Limit(frequency, today));
            if (score > best)
            {
                best = score;
                Frequency = frequency;
            }
        }
    }

    /// <summary>The ladder's frequency.</summary>
    public PaymentFrequency Frequency { get; }

    /// <summary>The smallest down payment the limits allow (0 when the policy asks none).</summary>
    public decimal MinDown => _minDown;

    /// <summary>The smallest installment the limits allow, rounded up to the minor unit.</summary>
    public decimal MinInstallment => _minInstallment;

    /// <summary>The latest start date the limits allow.</summary>
    public DateOnly LatestStart => _today.AddDays(_limits.MaxPromiseDays);

    /// <summary>The down payment the ladder asks at a step.</summary>
    public decimal DownAt(int step)
    {
        if (_minDown == 0m)
        {
            return 0m;
        }

        // Multiply before dividing so that whole-cent steps stay exact (no 200.01 from 16.666...% of 1,200).
        var min = _limits.MinDownPaymentPercent;
        var open = Math.Max(min, Math.Min(min + OpeningDownPaymentExtraPercent, OpeningDownPaymentCapPercent));
        var steps = _limits.ConcessionSteps;
        var percentTimesSteps = (open * steps) - ((open - min) * step);
        return Negotiator.RoundUp(_balance.Amount * percentTimesSteps / (100m * steps), _balance.Currency);
    }

    /// <summary>
    /// The installments the ladder for a frequency offers at a step before the start date caps them: from one at step
    /// 0 to the most the limits allow at the last step; 0 when only a single payment fits.
    /// </summary>
    public int InstallmentsAt(int step, PaymentFrequency frequency)
    {
        var most = _mostInstallments[Index(frequency)];
        return most == 0 ? 0 : 1 + ((most - 1) * step / _limits.ConcessionSteps);
    }

    /// <summary>
    /// Frequencies to try when shaping an offer toward a request: the one asked (or the nearest allowed), then the
    /// allowed ones more frequent than it, nearest first (they fit more installments into the same length), then the
    /// ladder's.
    /// </summary>
    public IEnumerable<PaymentFrequency> FrequenciesFrom(PaymentFrequency asked)
    {
        var first = Nearest(asked);
        yield return first;
        foreach (var frequency in LeastFrequentFirst.Where(f => _limits.Allows(f) && PeriodDays(f) < PeriodDays(first)).OrderByDescending(PeriodDays))
        {
            yield return frequency;
        }

        if (Frequency != first && PeriodDays(Frequency) > PeriodDays(first))
        {
            yield return Frequency;
        }
    }

    /// <summary>The ladder's terms at a step for a start date and frequency.</summary>
    public PlanDraft At(int step, DateOnly start, PaymentFrequency frequency)
    {
        var down = DownAt(step);
        var installments = Math.Min(InstallmentsAt(step, frequency), MostInstallments(down, frequency, start));
        return installments == 0 ? Single(start, frequency) : new PlanDraft(down, installments, frequency, start);
    }

    /// <summary>A single payment of the whole balance on the start date.</summary>
    public PlanDraft Single(DateOnly start, PaymentFrequency frequency) => new(0m, 1, Nearest(frequency), start);

    /// <summary>The most installments (0 when none fit) a plan with this down payment, frequency and start may have.</summary>
    public int MostInstallments(decimal down, PaymentFrequency frequency, DateOnly start)
    {
        if (down >= _balance.Amount)
        {
            return 0;
        }

        for (var installments = _limits.MaxInstallments; installments >= 1; installments--)
        {
            if (FitsAmountsAndLength(new PlanDraft(down, installments, frequency, start)))
            {
                return installments;
            }
        }

        return 0;
    }

    /// <summary>The smallest installment of a draft, as the schedule will have it.</summary>
    public decimal SmallestInstallment(PlanDraft draft) =>
        Negotiator.RoundDown((_balance.Amount - draft.Down) / draft.Installments, _balance.Currency);

    /// <summary>Every rule a draft breaks, in a fixed order; empty when it is inside the limits.</summary>
    public List<string> Breaches(PlanDraft draft)
    {
        var breaches = new List<string>();
        var single = draft.IsSinglePayment;
        if (!single && !_limits.Allows(draft.Frequency))
        {
            breaches.Add(NegotiationBreaches.Frequency);
        }

        if (draft.Installments > _limits.MaxInstallments)
        {
            breaches.Add(NegotiationBreaches.MaxInstallments);
        }

        if (!single && draft.Down < _minDown)
        {
            breaches.Add(NegotiationBreaches.MinDownPayment);
        }

        if (!single && SmallestInstallment(draft) < _minInstallment)
        {
            breaches.Add(NegotiationBreaches.MinInstallment);
        }

        if (LengthInDays(draft) > _limits.MaxPlanLengthDays)
        {
            breaches.Add(NegotiationBreaches.MaxPlanLength);
        }

        if (draft.Start > LatestStart)
        {
            breaches.Add(NegotiationBreaches.StartDate);
        }

        return breaches;
    }

    /// <summary>
    /// Installments for a debtor who can pay <paramref name="amount"/> each time on <paramref name="rest"/>: the most
    /// equal installments not above that amount, unless they would fall below the policy's minimum; then the fewest
    /// at or above it.
    /// </summary>
    public int InstallmentsFor(decimal rest, decimal amount, int ceiling)
    {
        if (amount >= rest)
        {
            return 1;
        }

        var exact = rest / amount;
        if (exact > ceiling)
        {
            return ceiling + 1;
        }

        var more = (int)Math.Ceiling(exact);
        return Negotiator.RoundDown(rest / more, _balance.Currency) >= _minInstallment ? more : Math.Max(1, (int)Math.Floor(exact));
    }

    /// <summary>Lays a draft out as terms with its schedule.</summary>
    public PlanTerms Lay(PlanDraft draft) => PlanTerms.Create(
        _balance,
        new Money(draft.Down, _balance.Currency),
        draft.Installments,
        draft.Frequency,
        draft.Start);

    /// <summary>The allowed frequency closest in period to the one asked; ties go to the less frequent.</summary>
    public PaymentFrequency Nearest(PaymentFrequency asked) =>
        _limits.Allows(asked)
            ? asked
            : LeastFrequentFirst.Where(_limits.Allows).MinBy(f => Math.Abs(PeriodDays(f) - PeriodDays(asked)));

    private PlanDraft Limit(PaymentFrequency frequency, DateOnly start)
    {
        var installments = MostInstallments(_minDown, frequency, start);
        return installments == 0 ? new PlanDraft(0m, 1, frequency, start) : new PlanDraft(_minDown, installments, frequency, start);
    }

    private bool FitsAmountsAndLength(PlanDraft draft) =>
        (draft.IsSinglePayment || (draft.Down >= _minDown && SmallestInstallment(draft) >= _minInstallment)) &&
        LengthInDays(draft) <= _limits.MaxPlanLengthDays;

    private static int LengthInDays(PlanDraft draft)
    {
        // With a down payment the installments start one period after it; without, on the start date.
        var periods = draft.Down > 0m ? draft.Installments : draft.Installments - 1;
        return PaymentPlan.DueDate(draft.Start, draft.Frequency, periods).DayNumber - draft.Start.DayNumber;
    }

    private decimal AverageDaysToPay(PlanDraft draft) =>
        Lay(draft).Schedule.Sum(p => p.Amount.Amount * (p.DueDate.DayNumber - _today.DayNumber)) / _balance.Amount;

    private static int Index(PaymentFrequency frequency) => frequency switch
    {
        PaymentFrequency.Weekly => 0,
        PaymentFrequency.Biweekly => 1,
        _ => 2,
    };

    private static int PeriodDays(PaymentFrequency frequency) => frequency switch
    {
        PaymentFrequency.Weekly => 7,
        PaymentFrequency.Biweekly => 14,
        _ => 30,
    };
}
