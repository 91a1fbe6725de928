using System.Text.Json;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Receivables;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Demo;

/// <summary>The <c>Demo</c> configuration section.</summary>
public sealed class DemoOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Demo";

    /// <summary>Seed the demo portfolio when the database is empty and the environment is Development.</summary>
    public bool SeedWhenEmpty { get; set; } = true;
}

/// <summary>
/// A small portfolio for a first run: the sample file (three creditors, thirteen debtors) plus a few
/// arrangements so every screen has something to show: a payment, a plan, a promise and a dispute.
/// </summary>
public sealed partial class DemoPortfolio(
    CollectionsDbContext db,
    ReceivablesImporter importer,
    Microsoft.Extensions.Options.IOptions<DemoOptions> options,
    TimeProvider clock,
    ILogger<DemoPortfolio> logger)
{
    /// <summary>Seeds when enabled and no creditor exists yet. Returns true when it seeded.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedWhenEmpty || await db.Creditors.AnyAsync(cancellationToken))
        {
            return false;
        }

        // The sample and the arrangements land together or not at all, so a failed seed is retried next start.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var sample = typeof(DemoPortfolio).Assembly.GetManifestResourceStream("CollectionsBot.Bot.Demo.receivables.csv")
            ?? throw new InvalidOperationException("The demo sample file is not embedded in the host.");
        var outcome = await importer.ImportAsync(sample, new ImportRequest("demo-seed"), cancellationToken);
        if (outcome.Summary is null)
        {
            throw new InvalidOperationException($"The embedded demo file did not import: {string.Join("; ", outcome.Errors.Select(e => $"line {e.Line}: {e.Message}"))}");
        }

        await AddArrangementsAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSeeded(logger, outcome.Summary.Rows, outcome.Summary.CreditorsCreated, outcome.Summary.DebtorsCreated);
        return true;
    }

    private async Task AddArrangementsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var creditors = await db.Creditors.ToDictionaryAsync(c => c.Name, cancellationToken);

        var northwind = creditors["Northwind Logistics"];
        northwind.ChangeTimeZone("America/Chicago");
        northwind.RemitTo = new RemitTo
        {
            PayeeName = "Northwind Logistics Inc.",
            Address = "400 W Lake St\nChicago, IL 60606",
            BankName = "First Lakeshore Bank",
            AccountNumber = "000123456789",
            RoutingCode = "071000013",
            ReferenceInstructions = "Quote your customer reference and invoice numbers.",
        };

        var hartley = creditors["Hartley Industrial Components Ltd"];
        hartley.ChangeTimeZone("Europe/London");
        hartley.Compliance = new ComplianceProfile { Jurisdiction = "GB", MaxMessagesPerChannelPerWeek = 3 };

        var keystone = creditors["Keystone Recovery Partners"];
        keystone.Kind = CreditorKind.Agency;
        keystone.Compliance = new ComplianceProfile { Jurisdiction = "US", RequiresCollectorDisclosure = true };
        keystone.Policy = new NegotiationPolicy { MaxInstallments = 12, MaxPlanLengthDays = 365, MinDownPaymentPercent = 5m, MaxSettlementDiscountPercent = 25m };

        // Acme wired 500.00 for NWL-10533 last month and has promised the oldest invoice for next week.
        var acme = await CaseOfAsync("ACME-001", cancellationToken);
        var acmeInvoices = await db.Invoices.Where(i => i.CaseId == acme.Id).ToListAsync(cancellationToken);
        var transfer = new Payment(acme, Money.Of(500m, "USD"), PaymentMethod.BankTransfer, "offline", "WIRE-20261104-0042", now.AddDays(-20));
        transfer.Allocate(acmeInvoices, [acmeInvoices.Single(i => i.Number == "NWL-10533").Id]);
        db.Payments.Add(transfer);
        db.Promises.Add(new PromiseToPay(acme.Id, null, Money.Of(4250m, "USD"), today.AddDays(5), now.AddDays(-1)));
        acme.MoveTo(CaseStage.Arranged, now);

        // Brightline is on a three-month plan for its older invoice.
        var brightline = await CaseOfAsync("BRL-204", cancellationToken);
        var plan = PaymentPlan.Create(brightline.Id, Money.Of(12800m, "USD"), Money.Of(1280m, "USD"), 3, PaymentFrequency.Monthly, today.AddDays(-10), "bot", now.AddDays(-12));
        plan.Activate();
        db.PaymentPlans.Add(plan);
        brightline.MoveTo(CaseStage.Arranged, now);

        // Gdańsk Marine disputes HIC-5640 (goods arrived damaged).
        var gdansk = await CaseOfAsync("GMS-7", cancellationToken);
        var hic5640 = await db.Invoices.SingleAsync(i => i.CaseId == gdansk.Id && i.Number == "HIC-5640", cancellationToken);
        db.Disputes.Add(new Dispute(gdansk.Id, [hic5640], DisputeReason.Defective, "Two of the four gearboxes arrived with cracked housings.", now.AddDays(-3)));
        gdansk.MoveTo(CaseStage.Escalated, now);

        db.Record(new AuditEvent(now, "demo-seed", "demo.seeded", "portfolio", "demo", JsonSerializer.Serialize(new { creditors = creditors.Count })));
        await db.SaveChangesAsync(cancellationToken);
    }

    private Task<CollectionCase> CaseOfAsync(string debtorReference, CancellationToken cancellationToken) =>
        db.Cases.SingleAsync(c => db.Debtors.Any(d => d.Id == c.DebtorId && d.Reference == debtorReference), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo portfolio: {Rows} invoices, {Creditors} creditors, {Debtors} debtors")]
    private static partial void LogSeeded(ILogger logger, int rows, int creditors, int debtors);
}

/// <summary>Registration.</summary>
public static class DemoPortfolioServiceCollectionExtensions
{
    /// <summary>Adds the demo seeder and its options.</summary>
    public static IServiceCollection AddDemoPortfolio(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddScoped<DemoPortfolio>();
        return services;
    }
}
