namespace CollectionsBot.Core.Domain;

/// <summary>Where a plan stands.</summary>
public enum PlanStatus
{
    /// <summary>Offered, not yet agreed.</summary>
    Proposed = 0,

    /// <summary>Agreed and running.</summary>
    Active = 1,

    /// <summary>Every installment paid.</summary>
    Completed = 2,

    /// <summary>Installments missed beyond grace.</summary>
    Broken = 3,

    /// <summary>Withdrawn.</summary>
    Cancelled = 4,
}

/// <summary>Where an installment stands.</summary>
public enum InstallmentStatus
{
    /// <summary>Not yet (fully) paid.</summary>
    Pending = 0,

    /// <summary>Paid in full.</summary>
    Paid = 1,

    /// <summary>Past due and unpaid.</summary>
    Missed = 2,
}

/// <summary>An agreed schedule of payments for a case's balance.</summary>
public sealed class PaymentPlan : IVersioned
{
    private readonly List<Installment> _installments = [];

    private PaymentPlan()
    {
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The case.</summary>
    public Guid CaseId { get; private set; }

    /// <summary>Total the plan collects, down payment included.</summary>
    public decimal Total { get; private set; }

    /// <summary>ISO 4217 code.</summary>
    public string CurrencyCode { get; private set; } = "USD";

    /// <summary>Down payment (zero when none), due on the start date.</summary>
    public decimal DownPayment { get; private set; }

    /// <summary>Spacing of the installments after the down payment.</summary>
    public PaymentFrequency Frequency { get; private set; }

    /// <summary>Status.</summary>
    public PlanStatus Status { get; private set; }

    /// <summary>When created.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Who agreed it: "bot", or the agent's or supervisor's id.</summary>
    public string AgreedBy { get; private set; } = "bot";

    /// <summary>Optimistic concurrency token.</summary>
    public long Version { get; private set; }

    /// <summary>The schedule, down payment first (sequence 0 when there is one).</summary>
    public IReadOnlyList<Installment> Installments => _installments;

    /// <summary>Installments paid in full.</summary>
    public int PaidCount => _installments.Count(i => i.Status == InstallmentStatus.Paid);

    /// <summary>
    /// Builds a schedule: the down payment on <paramref name="startDate"/>, then <paramref name="installments"/> equal
    /// payments (the last one takes the rounding remainder) every period, the first one period after the down
    /// payment, or on the start date when there is no down payment.
    /// </summary>
    public static PaymentPlan Create(Guid caseId, Money total, Money downPayment, int installments, PaymentFrequency frequency, DateOnly startDate, string agreedBy, DateTimeOffset at)
    {
        if (installments < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(installments), "A plan needs at least one installment.");
        }

        if (frequency is not (PaymentFrequency.Weekly or PaymentFrequency.Biweekly or PaymentFrequency.Monthly))
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), "Choose weekly, biweekly or monthly.");
        }

        if (!total.IsPositive || downPayment.Amount < 0m || (downPayment - total).Amount >= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(downPayment), "The total must be positive and the down payment below it.");
        }

        var plan = new PaymentPlan
        {
            Id = SequentialGuids.Next(at),
            CaseId = caseId,
            Total = total.Amount,
            CurrencyCode = total.Currency.Code,
            DownPayment = downPayment.Amount,
            Frequency = frequency,
            Status = PlanStatus.Proposed,
            CreatedAt = at,
            AgreedBy = agreedBy,
        };

        // Dates count whole periods from the start date, so month ends do not drift (Jan 31, Feb 28, Mar 31).
        var offset = 0;
        if (downPayment.IsPositive)
        {
            plan._installments.Add(new Installment(plan.Id, 0, startDate, downPayment.Amount));
            offset = 1;
        }

        var rest = total.Amount - downPayment.Amount;
        var each = decimal.Round(rest / installments, total.Currency.MinorDigits, MidpointRounding.ToZero);
        for (var i = 0; i < installments; i++)
        {
            var amount = i == installments - 1 ? rest - (each * (installments - 1)) : each;
            plan._installments.Add(new Installment(plan.Id, i + 1, DueDate(startDate, frequency, offset + i), amount));
        }

        return plan;
    }

    /// <summary>Days from the first to the last payment.</summary>
    public int LengthInDays => _installments.Count == 0 ? 0 : _installments[^1].DueDate.DayNumber - _installments[0].DueDate.DayNumber;

    /// <summary>The debtor agreed: the plan runs.</summary>
    public void Activate()
    {
        if (Status != PlanStatus.Proposed)
        {
            throw new InvalidOperationException($"Only a proposed plan can be activated; this one is {Status}.");
        }

        Status = PlanStatus.Active;
    }

    /// <summary>
    /// Applies money to installments: the one named first, then the earliest unpaid. Returns what was left over.
    /// </summary>
    public Money ApplyPayment(Money payment, Guid? installmentId = null)
    {
        if (payment.Currency.Code != CurrencyCode)
        {
            throw new InvalidOperationException($"The plan is in {CurrencyCode}, not {payment.Currency.Code}.");
        }

        if (Status is not (PlanStatus.Active or PlanStatus.Broken))
        {
            throw new InvalidOperationException($"A {Status} plan takes no payments.");
        }

        var left = payment.Amount;
        var order = _installments.Where(i => i.Status != InstallmentStatus.Paid).OrderBy(i => i.Id == installmentId ? 0 : 1).ThenBy(i => i.Sequence);
        foreach (var installment in order)
        {
            if (left <= 0m)
            {
                break;
            }

            left -= installment.Apply(left);
        }

        if (_installments.All(i => i.Status == InstallmentStatus.Paid))
        {
            Status = PlanStatus.Completed;
        }

        return new Money(left, payment.Currency);
    }

    /// <summary>Marks overdue installments missed and the plan broken when any is missed past the grace days.</summary>
    public bool CheckSchedule(DateOnly today, int graceDays)
    {
        var changed = false;
        foreach (var installment in _installments.Where(i => i.Status == InstallmentStatus.Pending && i.DueDate.AddDays(graceDays) < today))
        {
            installment.MarkMissed();
            changed = true;
        }

        if (Status == PlanStatus.Active && _installments.Any(i => i.Status == InstallmentStatus.Missed))
        {
            Status = PlanStatus.Broken;
            changed = true;
        }

        return changed;
    }

    /// <summary>Withdraws the plan.</summary>
    public void Cancel()
    {
        if (Status == PlanStatus.Completed)
        {
            throw new InvalidOperationException("A completed plan cannot be cancelled.");
        }

        Status = PlanStatus.Cancelled;
    }

    /// <summary>
    /// The date <paramref name="periods"/> whole periods after <paramref name="from"/>; the schedule and the
    /// negotiator's plan-length checks both use it, so they agree on every month end.
    /// </summary>
    internal static DateOnly DueDate(DateOnly from, PaymentFrequency frequency, int periods) => frequency switch
    {
        PaymentFrequency.Weekly => from.AddDays(7 * periods),
        PaymentFrequency.Biweekly => from.AddDays(14 * periods),
        _ => from.AddMonths(periods),
    };
}

/// <summary>One payment in a plan.</summary>
public sealed class Installment
{
    private Installment()
    {
    }

    internal Installment(Guid planId, int sequence, DateOnly dueDate, decimal amount)
    {
        Id = SequentialGuids.Next();
        PlanId = planId;
        Sequence = sequence;
        DueDate = dueDate;
        Amount = amount;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The plan.</summary>
    public Guid PlanId { get; private set; }

    /// <summary>0 for a down payment, then 1, 2, ...</summary>
    public int Sequence { get; private set; }

    /// <summary>Due date.</summary>
    public DateOnly DueDate { get; private set; }

    /// <summary>Amount due.</summary>
    public decimal Amount { get; private set; }

    /// <summary>Amount paid so far.</summary>
    public decimal PaidAmount { get; private set; }

    /// <summary>Status.</summary>
    public InstallmentStatus Status { get; private set; }

    internal decimal Apply(decimal available)
    {
        var applied = Math.Min(available, Amount - PaidAmount);
        PaidAmount += applied;
        if (PaidAmount == Amount)
        {
            Status = InstallmentStatus.Paid;
        }

        return applied;
    }

    internal void MarkMissed() => Status = InstallmentStatus.Missed;
}
