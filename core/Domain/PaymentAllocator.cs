namespace CollectionsBot.Core.Domain;

/// <summary>The result of allocating a payment: lines per invoice and the unapplied rest.</summary>
/// <param name="Lines">Invoice and amount, in allocation order.</param>
/// <param name="Unapplied">What no invoice could take: held as credit.</param>
public sealed record AllocationPlan(IReadOnlyList<(Invoice Invoice, Money Amount)> Lines, Money Unapplied);

/// <summary>
/// Decides where a payment goes. Invoices the payer named come first, in the order named; then every other
/// collectible invoice, oldest due date first (ties: oldest issue date, then number). Disputed invoices are
/// skipped unless named: a disputed invoice is not collected. Whatever remains is unapplied credit.
/// </summary>
public static class PaymentAllocator
{
    /// <summary>Plans the allocation without changing anything.</summary>
    public static AllocationPlan Plan(Money payment, IReadOnlyCollection<Invoice> invoices, IReadOnlyList<Guid>? targetInvoiceIds = null)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        if (!payment.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(payment), "Only a positive payment can be allocated.");
        }

        var targets = targetInvoiceIds ?? [];
        var named = targets
            .Select(id => invoices.FirstOrDefault(i => i.Id == id) ?? throw new ArgumentException($"Invoice {id} is not among the case's invoices.", nameof(targetInvoiceIds)))
            .Where(i => i.Balance > 0m && i.Status is InvoiceStatus.Open or InvoiceStatus.Disputed);
        var rest = invoices
            .Where(i => !targets.Contains(i.Id) && i.IsCollectible)
            .OrderBy(i => i.DueDate)
            .ThenBy(i => i.IssueDate)
            .ThenBy(i => i.Number, StringComparer.Ordinal);

        var lines = new List<(Invoice, Money)>();
        var left = payment;
        foreach (var invoice in named.Concat(rest).Distinct())
        {
            if (!left.IsPositive)
            {
                break;
            }

            if (invoice.CurrencyCode != payment.Currency.Code)
            {
                continue;
            }

            var take = Money.Min(left, invoice.OpenBalance);
            lines.Add((invoice, take));
            left -= take;
        }

        return new AllocationPlan(lines, left);
    }
}
