using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Negotiation;

/// <summary>One payment of a plan's schedule.</summary>
/// <param name="Sequence">0 for the down payment, then 1, 2, ... as in <see cref="Installment.Sequence"/>.</param>
/// <param name="DueDate">Due date.</param>
/// <param name="Amount">Amount due.</param>
public sealed record ScheduledPayment(int Sequence, DateOnly DueDate, Money Amount);

/// <summary>
/// Concrete plan terms with the schedule <see cref="PaymentPlan.Create"/> builds for them: the schedule is produced by
/// that method, so what the debtor is shown is exactly what <see cref="ToPlan"/> records.
/// </summary>
public sealed record PlanTerms
{
    private PlanTerms(Money total, Money downPayment, int installments, PaymentFrequency frequency, DateOnly startDate, IReadOnlyList<ScheduledPayment> schedule)
    {
        Total = total;
        DownPayment = downPayment;
        Installments = installments;
        Frequency = frequency;
        StartDate = startDate;
        Schedule = schedule;
    }

    /// <summary>Total the plan collects, down payment included (the balance).</summary>
    public Money Total { get; }

    /// <summary>Down payment, zero when none; due on <see cref="StartDate"/>.</summary>
    public Money DownPayment { get; }

    /// <summary>Installments after the down payment.</summary>
    public int Installments { get; }

    /// <summary>Spacing of the installments.</summary>
    public PaymentFrequency Frequency { get; }

    /// <summary>Date of the first payment.</summary>
    public DateOnly StartDate { get; }

    /// <summary>Every payment, down payment first; amounts sum exactly to <see cref="Total"/>.</summary>
    public IReadOnlyList<ScheduledPayment> Schedule { get; }

    /// <summary>True for one payment of the whole balance on the start date.</summary>
    public bool IsSinglePayment => Installments == 1 && !DownPayment.IsPositive;

    /// <summary>The smallest installment after the down payment (installments are equal but for the last).</summary>
    public Money SmallestInstallment => Schedule.Where(p => p.Sequence > 0).MinBy(p => p.Amount.Amount)!.Amount;

    /// <summary>Date of the last payment.</summary>
    public DateOnly LastDueDate => Schedule[^1].DueDate;

    /// <summary>Days from the first to the last payment, as <see cref="PaymentPlan.LengthInDays"/> counts them.</summary>
    public int LengthInDays => LastDueDate.DayNumber - StartDate.DayNumber;

    /// <summary>Terms are equal when they describe the same schedule.</summary>
    public bool Equals(PlanTerms? other) =>
        other is not null &&
        (Total, DownPayment, Installments, Frequency, StartDate) == (other.Total, other.DownPayment, other.Installments, other.Frequency, other.StartDate) &&
        Schedule.SequenceEqual(other.Schedule);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Total, DownPayment, Installments, Frequency, StartDate);

    /// <summary>Records these terms as a proposed plan for a case.</summary>
    public PaymentPlan ToPlan(Guid caseId, string agreedBy, DateTimeOffset at) =>
        PaymentPlan.Create(caseId, Total, DownPayment, Installments, Frequency, StartDate, agreedBy, at);

    /// <summary>Lays out terms through <see cref="PaymentPlan.Create"/>; its argument checks apply.</summary>
    internal static PlanTerms Create(Money total, Money downPayment, int installments, PaymentFrequency frequency, DateOnly startDate)
    {
        var plan = PaymentPlan.Create(Guid.Empty, total, downPayment, installments, frequency, startDate, "negotiator", DateTimeOffset.UnixEpoch);
        var schedule = plan.Installments.Select(i => new ScheduledPayment(i.Sequence, i.DueDate, new Money(i.Amount, total.Currency))).ToArray();
        return new PlanTerms(total, downPayment, installments, frequency, startDate, schedule);
    }
}
