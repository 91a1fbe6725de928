using System.Globalization;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace CollectionsBot.Bot.Payments.Stripe;

/// <summary>One difference between Stripe and our ledger.</summary>
/// <param name="Reference">The PaymentIntent id.</param>
/// <param name="Problem">"not in our ledger", "not at Stripe" or "amounts differ".</param>
/// <param name="AtStripe">Stripe's amount, if Stripe has it.</param>
/// <param name="InLedger">Our amount, if we have it.</param>
public sealed record ReconciliationDifference(string Reference, string Problem, Money? AtStripe, Money? InLedger);

/// <summary>What a reconciliation found.</summary>
/// <param name="From">First day (UTC) looked at.</param>
/// <param name="To">Last day (UTC) looked at.</param>
/// <param name="Matched">Payments both sides agree on.</param>
/// <param name="Differences">Everything else.</param>
public sealed record ReconciliationReport(DateOnly From, DateOnly To, int Matched, IReadOnlyList<ReconciliationDifference> Differences);

/// <summary>
/// Compares Stripe's succeeded PaymentIntents created in a date range with the Stripe payments in our ledger
/// received in the same range: money Stripe took that we never recorded (a lost webhook), payments we recorded that
/// Stripe does not know, and amounts that differ. Reversed payments still count as received: a refund does not
/// unmake the PaymentIntent.
/// </summary>
public static class StripeReconciliation
{
    /// <summary>Runs the comparison for the UTC days <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static async Task<ReconciliationReport> RunAsync(StripeClient client, CollectionsDbContext db, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(db);
        if (to < from)
        {
            throw new ArgumentException("The range ends before it starts.", nameof(to));
        }

        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var atStripe = new Dictionary<string, Money>(StringComparer.Ordinal);
        var options = new PaymentIntentListOptions { Created = new DateRangeOptions { GreaterThanOrEqual = start, LessThan = end }, Limit = 100 };
        await foreach (var intent in new PaymentIntentService(client).ListAutoPagingAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (intent.Status == "succeeded" && StripeAmounts.FromUnitAmount(intent.AmountReceived, intent.Currency) is { } amount)
            {
                atStripe[intent.Id] = amount;
            }
        }

        // Every Stripe payment we hold, read once: one received outside the range (a late webhook) still counts
        // as recorded for a PaymentIntent Stripe lists in it.
        var startOffset = new DateTimeOffset(start);
        var endOffset = new DateTimeOffset(end);
        var all = await db.Payments.AsNoTracking().Where(p => p.Source == "stripe" && p.ExternalReference != null)
            .Select(p => new { Reference = p.ExternalReference!, p.Amount, p.CurrencyCode, p.ReceivedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var recordedAnyDay = all.ToDictionary(p => p.Reference, p => Money.Of(p.Amount, p.CurrencyCode), StringComparer.Ordinal);
        var ours = all.Where(p => p.ReceivedAt >= startOffset && p.ReceivedAt < endOffset)
            .ToDictionary(p => p.Reference, p => recordedAnyDay[p.Reference], StringComparer.Ordinal);

        var differences = new List<ReconciliationDifference>();
        var matched = 0;
        foreach (var (reference, amount) in atStripe.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!recordedAnyDay.TryGetValue(reference, out var recorded))
            {
                differences.Add(new ReconciliationDifference(reference, "not in our ledger", amount, null));
            }
            else if (recorded.Currency.Code != amount.Currency.Code || recorded.Amount != amount.Amount)
            {
                differences.Add(new ReconciliationDifference(reference, "amounts differ", amount, recorded));
            }
            else
            {
                matched++;
            }
        }

        differences.AddRange(ours.Where(p => !atStripe.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new ReconciliationDifference(p.Key, "not at Stripe", null, p.Value)));
        return new ReconciliationReport(from, to, matched, differences);
    }

    /// <summary>The report as text, one line per difference.</summary>
    public static string Describe(ReconciliationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Stripe reconciliation {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}: {report.Matched} matched, {report.Differences.Count} difference(s)."),
        };
        lines.AddRange(report.Differences.Select(d =>
            $"  {d.Reference}: {d.Problem} (Stripe {(d.AtStripe is { } s ? Core.Wording.Words.Money(s) : "-")}, ledger {(d.InLedger is { } l ? Core.Wording.Words.Money(l) : "-")})"));
        return string.Join(Environment.NewLine, lines);
    }
}
