using System.Globalization;
using System.Security.Claims;
using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.AgentDesk.Cases;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.AgentDesk.Reports;

/// <summary>
/// What collection brought a creditor over a period: promises to pay (made, kept, broken, pending; promised against
/// collected; the kept rate), payments, disputes by reason, the recovery rate and the ageing of what is still open,
/// optionally for one debtor. A creditor's users see their own creditor only; the desk sees any creditor.
/// </summary>
public static class CreditorOutcomes
{
    /// <summary>
    /// <c>GET /api/desk/outcomes?creditorId=&amp;from=&amp;to=&amp;debtor=&amp;format=json|csv</c>: the period is
    /// promise and payment dates from <c>from</c> to <c>to</c> inclusive (default: the last 90 days); <c>debtor</c>
    /// is a debtor reference; <c>format=csv</c> exports the promises, one row each. A creditor user may leave out
    /// <c>creditorId</c>; naming another creditor gets 403.
    /// </summary>
    public static IEndpointRouteBuilder MapCreditorOutcomes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/desk/outcomes", async (Guid? creditorId, DateOnly? from, DateOnly? to, string? debtor, string? format, ClaimsPrincipal user, CollectionsDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var own = Guid.TryParse(user.FindFirstValue(DeskAccounts.CreditorClaim), out var bound) ? bound : (Guid?)null;
            var creditor = creditorId ?? own;
            if (creditor is null)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["creditorId"] = ["name the creditor"] });
            }

            if (!CaseContext.MaySee(user, creditor.Value))
            {
                return Results.Problem(title: "These outcomes belong to another creditor.", statusCode: StatusCodes.Status403Forbidden);
            }

            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var (start, end) = (from ?? today.AddDays(-90), to ?? today);
            if (end < start || end.DayNumber - start.DayNumber > 3660)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["must be on or after from, within ten years"] });
            }

            var name = await db.Creditors.AsNoTracking().Where(c => c.Id == creditor).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
            if (name is null)
            {
                return Results.Problem(title: "No such creditor.", statusCode: StatusCodes.Status404NotFound);
            }

            var report = await BuildAsync(db, creditor.Value, name, start, end, string.IsNullOrWhiteSpace(debtor) ? null : debtor.Trim(), today, cancellationToken);
            return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                ? Results.Text(ToCsv(report), "text/csv; charset=utf-8")
                : Results.Ok(report);
        }).RequireAuthorization(DeskAccounts.SignedInPolicy).WithTags("Desk");
        return endpoints;
    }

    /// <summary>Builds the report.</summary>
    public static async Task<Report> BuildAsync(CollectionsDbContext db, Guid creditorId, string creditorName, DateOnly from, DateOnly to, string? debtorReference, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var debtors = await db.Debtors.AsNoTracking().Where(d => d.CreditorId == creditorId && (debtorReference == null || d.Reference == debtorReference))
            .ToDictionaryAsync(d => d.Id, d => (d.Name, d.Reference), cancellationToken).ConfigureAwait(false);
        var cases = await db.Cases.AsNoTracking().Where(c => c.CreditorId == creditorId).Select(c => new { c.Id, c.DebtorId })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var debtorOfCase = cases.Where(c => debtors.ContainsKey(c.DebtorId)).ToDictionary(c => c.Id, c => c.DebtorId);
        var caseIds = debtorOfCase.Keys.ToList();

        // Dates are compared in memory: the period is in calendar days, and SQLite stores instants as binary.
        var promises = (await db.Promises.AsNoTracking().Where(p => caseIds.Contains(p.CaseId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => Within(DateOnly.FromDateTime(p.CreatedAt.UtcDateTime), from, to)).OrderBy(p => p.CreatedAt).ToList();
        var payments = (await db.Payments.AsNoTracking().Where(p => caseIds.Contains(p.CaseId) && p.Status == PaymentStatus.Succeeded).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => Within(DateOnly.FromDateTime(p.ReceivedAt.UtcDateTime), from, to)).ToList();
        var disputes = (await db.Disputes.AsNoTracking().Where(d => caseIds.Contains(d.CaseId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(d => Within(DateOnly.FromDateTime(d.OpenedAt.UtcDateTime), from, to)).ToList();
        var invoices = await db.Invoices.AsNoTracking().Where(i => caseIds.Contains(i.CaseId)).ToListAsync(cancellationToken).ConfigureAwait(false);

        var kept = promises.Count(p => p.Status == PromiseStatus.Kept);
        var broken = promises.Count(p => p.Status == PromiseStatus.Broken);
        var promiseSummary = new PromiseSummary(
            promises.Count,
            kept,
            broken,
            promises.Count(p => p.Status == PromiseStatus.Pending),
            promises.Count(p => p.Status == PromiseStatus.Cancelled),
            kept + broken == 0 ? null : Math.Round((decimal)kept / (kept + broken), 4),
            Totals(promises.Select(p => (p.CurrencyCode, p.Amount))),
            Totals(promises.Select(p => (p.CurrencyCode, p.CollectedAmount))));
        var recovery = invoices.GroupBy(i => i.CurrencyCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var billed = g.Sum(i => i.Amount);
            return new Recovery(g.Key, billed, billed - g.Sum(i => i.Balance), billed == 0 ? 0 : Math.Round((billed - g.Sum(i => i.Balance)) / billed, 4));
        }).ToList();
        var open = invoices.Where(i => i.Balance > 0 && i.Status is InvoiceStatus.Open or InvoiceStatus.Disputed).ToList();
        var ageing = open.GroupBy(i => (i.CurrencyCode, Bucket(i.DaysPastDue(today))))
            .OrderBy(g => g.Key.CurrencyCode, StringComparer.Ordinal).ThenBy(g => Array.IndexOf(Buckets, g.Key.Item2))
            .Select(g => new AgeingBucket(g.Key.CurrencyCode, g.Key.Item2, g.Count(), g.Sum(i => i.Balance))).ToList();
        return new Report(
            creditorId,
            creditorName,
            from,
            to,
            debtorReference,
            promiseSummary,
            Totals(payments.Select(p => (p.CurrencyCode, p.Amount))),
            [.. disputes.GroupBy(d => d.Reason).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => new DisputeCount(g.Key.ToString(), g.Count()))],
            recovery,
            ageing,
            [.. promises.Select(p =>
            {
                var (debtorName, reference) = debtors[debtorOfCase[p.CaseId]];
                return new PromiseRow(DateOnly.FromDateTime(p.CreatedAt.UtcDateTime), debtorName, reference, p.PromisedDate, p.Amount, p.CollectedAmount, p.CurrencyCode, p.Status.ToString());
            })]);
    }

    private static readonly string[] Buckets = ["current", "1-30", "31-60", "61-90", "over 90"];

    private static string Bucket(int daysPastDue) => daysPastDue switch
    {
        <= 0 => Buckets[0],
        <= 30 => Buckets[1],
        <= 60 => Buckets[2],
        <= 90 => Buckets[3],
        _ => Buckets[4],
    };

    private static bool Within(DateOnly day, DateOnly from, DateOnly to) => day >= from && day <= to;

    private static IReadOnlyList<Amount> Totals(IEnumerable<(string Currency, decimal Value)> amounts) =>
        [.. amounts.GroupBy(a => a.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Amount(g.Key, g.Sum(a => a.Value)))];

    private static string ToCsv(Report report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Names come from creditors' files: a cell starting with =, +, - or @ is escaped so a spreadsheet shows it as text.
        using (var csv = new CsvWriter(text, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape }))
        {
            csv.WriteRecords(report.Promises);
        }

        return text.ToString();
    }

    /// <summary>The report.</summary>
    public sealed record Report(
        Guid CreditorId,
        string CreditorName,
        DateOnly From,
        DateOnly To,
        string? Debtor,
        PromiseSummary PromisesToPay,
        IReadOnlyList<Amount> Payments,
        IReadOnlyList<DisputeCount> DisputesByReason,
        IReadOnlyList<Recovery> RecoveryRate,
        IReadOnlyList<AgeingBucket> OpenByAge,
        IReadOnlyList<PromiseRow> Promises);

    /// <summary>Promises made in the period and what became of them; the kept rate is kept / (kept + broken).</summary>
    public sealed record PromiseSummary(int Made, int Kept, int Broken, int Pending, int Cancelled, decimal? KeptRate, IReadOnlyList<Amount> Promised, IReadOnlyList<Amount> Collected);

    /// <summary>A sum in one currency.</summary>
    public sealed record Amount(string Currency, decimal Value);

    /// <summary>Disputes opened in the period for one reason.</summary>
    public sealed record DisputeCount(string Reason, int Count);

    /// <summary>Of what was billed in one currency, what has been paid.</summary>
    public sealed record Recovery(string Currency, decimal Billed, decimal Recovered, decimal Rate);

    /// <summary>What is still open in one currency, by days past due.</summary>
    public sealed record AgeingBucket(string Currency, string DaysPastDue, int Invoices, decimal Balance);

    /// <summary>One promise, as the export lists it.</summary>
    public sealed record PromiseRow(DateOnly Made, string Debtor, string Reference, DateOnly PromisedFor, decimal Amount, decimal Collected, string Currency, string Status);
}
