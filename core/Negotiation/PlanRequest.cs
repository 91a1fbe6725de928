using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Negotiation;

/// <summary>
/// Everything a debtor may have said about a payment plan; every part is optional. The negotiator fills the parts
/// left open from its own current terms.
/// </summary>
/// <param name="InstallmentAmount">What the debtor can pay each time, in major units. Used only when
/// <paramref name="Installments"/> is not given: it becomes the number of equal installments closest to it.</param>
/// <param name="Installments">Number of installments after any down payment. One installment and no down payment
/// means a single payment of the whole balance on the start date.</param>
/// <param name="Frequency">Weekly, biweekly or monthly (one value, not a combination).</param>
/// <param name="DownPayment">Down payment in major units; wins over <paramref name="DownPaymentPercent"/>.</param>
/// <param name="DownPaymentPercent">Down payment as a percentage of the balance (rounded up to the minor unit).</param>
/// <param name="StartDate">Date of the down payment, or of the first installment when there is none.</param>
public sealed record PlanRequest(
    decimal? InstallmentAmount = null,
    int? Installments = null,
    PaymentFrequency? Frequency = null,
    decimal? DownPayment = null,
    decimal? DownPaymentPercent = null,
    DateOnly? StartDate = null)
{
    /// <summary>True when the debtor said nothing the negotiator can use.</summary>
    public bool IsEmpty => InstallmentAmount is null && Installments is null && Frequency is null && DownPayment is null && DownPaymentPercent is null && StartDate is null;
}
