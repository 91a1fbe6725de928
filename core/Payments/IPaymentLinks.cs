using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Payments;

/// <summary>What a payment link is for.</summary>
public enum PaymentPurpose
{
    /// <summary>The whole collectible balance, or the invoices named.</summary>
    Balance = 0,

    /// <summary>An agreed settlement amount.</summary>
    Settlement = 1,

    /// <summary>One installment of a plan.</summary>
    Installment = 2,
}

/// <summary>A request for a payment link; <see cref="AttemptId"/> is the idempotency key of the attempt.</summary>
public sealed record PaymentLinkRequest(
    Guid AttemptId,
    Guid CaseId,
    Money Amount,
    PaymentPurpose Purpose,
    IReadOnlyList<Guid> InvoiceIds,
    Guid? PlanId = null,
    Guid? InstallmentId = null);

/// <summary>A link the debtor can pay through.</summary>
public sealed record PaymentLink(Uri Url, Guid AttemptId, DateTimeOffset? ExpiresAt);

/// <summary>
/// The payments port: creates a link where the debtor pays an amount for a case. The payments provider implements
/// it (a hosted checkout page); the conversation only sends the link.
/// </summary>
public interface IPaymentLinks
{
    /// <summary>Creates (or, for the same attempt id, returns again) a payment link.</summary>
    Task<PaymentLink> CreateAsync(PaymentLinkRequest request, CancellationToken cancellationToken);
}
