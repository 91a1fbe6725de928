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
/// <param name="AttemptId">Our attempt id: the idempotency key at the provider.</param>
/// <param name="CaseId">The case paid into.</param>
/// <param name="Amount">How much.</param>
/// <param name="Purpose">What it pays.</param>
/// <param name="InvoiceIds">The invoices it pays first; empty: the oldest due first.</param>
/// <param name="PlanId">The plan it pays into.</param>
/// <param name="InstallmentId">The installment it pays.</param>
/// <param name="Description">What is paid, in words the debtor sees on the provider's page (e.g. "Northwind
/// Logistics: Invoices NWL-10421, NWL-10488"); a provider falls back to the purpose when it is missing.</param>
public sealed record PaymentLinkRequest(
    Guid AttemptId,
    Guid CaseId,
    Money Amount,
    PaymentPurpose Purpose,
    IReadOnlyList<Guid> InvoiceIds,
    Guid? PlanId = null,
    Guid? InstallmentId = null,
    string? Description = null);

/// <summary>A link the debtor can pay through.</summary>
/// <param name="Url">Where the debtor pays.</param>
/// <param name="AttemptId">Our attempt id.</param>
/// <param name="ExpiresAt">When the page stops taking payments, if it does.</param>
/// <param name="ProviderReference">The provider's id for the page (a Checkout Session id), if it has one.</param>
public sealed record PaymentLink(Uri Url, Guid AttemptId, DateTimeOffset? ExpiresAt, string? ProviderReference = null);

/// <summary>
/// The payments port: creates a link where the debtor pays an amount for a case. The payments provider implements
/// it (a hosted checkout page); the conversation only sends the link.
/// </summary>
public interface IPaymentLinks
{
    /// <summary>Who takes the money: "stripe", or "sandbox" for our own test page.</summary>
    string Provider { get; }

    /// <summary>Creates (or, for the same attempt id, returns again) a payment link.</summary>
    Task<PaymentLink> CreateAsync(PaymentLinkRequest request, CancellationToken cancellationToken);
}
