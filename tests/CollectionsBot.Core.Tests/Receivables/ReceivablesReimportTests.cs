using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Receivables;
using CollectionsBot.Core.Tests.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Tests.Receivables;

/// <summary>Re-imports meet what happened here since the last file: payments, other writers, moved invoices.</summary>
public sealed class ReceivablesReimportTests
{
    private const string Acme = "Northwind Logistics,Acme Manufacturing Inc.,ACME-001,Dana Whitfield,+1 312 555 0142,ap@acme-mfg.example,America/Chicago";
    private static readonly DateTimeOffset Now = ImportHarness.Clock.GetUtcNow();

    private static string File(params (string Number, decimal Balance)[] invoices) =>
        ReceivablesCsv.Header + "\n" + string.Join('\n', invoices.Select(i => $"{Acme},{i.Number},2026-07-01,2026-07-31,1000.00,{i.Balance:F2},USD")) + "\n";

    [Fact]
    public async Task Reimport_PaymentCollectedHereNotYetInCreditorFile_KeepsItDeducted()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, File(("INV-1", 1000m)));
        await PayAsync(database, 400m);

        var outcome = await ImportHarness.ImportAsync(database, File(("INV-1", 1000m)));

        Assert.Equal(1, outcome.Summary?.Unchanged);
        Assert.Equal((600m, false), await InvoiceAsync(database));
    }

    [Fact]
    public async Task Reimport_CreditorPostedOurPayment_TakesFileBalanceAndMarksPosted()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, File(("INV-1", 1000m)));
        await PayAsync(database, 400m);

        await ImportHarness.ImportAsync(database, File(("INV-1", 600m)));
        Assert.Equal((600m, true), await InvoiceAsync(database));

        // Next month the creditor also books a 100.00 credit note: nothing is deducted twice.
        await ImportHarness.ImportAsync(database, File(("INV-1", 500m)));
        Assert.Equal((500m, true), await InvoiceAsync(database));
    }

    [Fact]
    public async Task Reimport_CreditorRaisesBalanceWhileOurPaymentIsUnposted_StillDeductsIt()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, File(("INV-1", 800m)));
        await PayAsync(database, 300m);

        var outcome = await ImportHarness.ImportAsync(database, File(("INV-1", 900m)));

        Assert.Equal(1, outcome.Summary?.Updated);
        Assert.Equal((600m, false), await InvoiceAsync(database));
        await using var db = database.NewContext();
        var change = await db.AuditEvents.SingleAsync(a => a.Action == "invoice.balance_imported", TestContext.Current.CancellationToken);
        Assert.Contains("\"from\":500", change.Data, StringComparison.Ordinal);
        Assert.Contains("\"to\":600", change.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reimport_ResolvingACase_BumpsItsVersionSoAStaleWriterConflicts()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await ImportHarness.ImportAsync(database, File(("INV-1", 1000m)));
        await using var stale = database.NewContext();
        var seenBefore = await stale.Cases.SingleAsync(ct);

        await ImportHarness.ImportAsync(database, File(("INV-1", 0m)));

        await using (var db = database.NewContext())
        {
            var stored = await db.Cases.SingleAsync(ct);
            Assert.Equal((CaseStage.Resolved, 1L), (stored.Stage, stored.Version));
            Assert.Equal(1L, (await db.Invoices.SingleAsync(ct)).Version);
        }

        seenBefore.MoveTo(CaseStage.Negotiating, Now);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync(ct));
    }

    [Fact]
    public async Task Reimport_NewInvoiceForAnOpenCase_BumpsTheCaseVersion()
    {
        // New invoices go in by bulk insert; the case's version must still move, since conversations keep a case's
        // invoices in memory while its version holds.
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await ImportHarness.ImportAsync(database, File(("INV-1", 1000m)));
        long before;
        await using (var db = database.NewContext())
        {
            before = (await db.Cases.SingleAsync(ct)).Version;
        }

        await ImportHarness.ImportAsync(database, File(("INV-1", 1000m), ("INV-2", 250m)));

        await using (var db = database.NewContext())
        {
            var stored = await db.Cases.SingleAsync(ct);
            Assert.Equal(CaseStage.New, stored.Stage);
            Assert.Equal(before + 1, stored.Version);
            Assert.Equal(2, await db.Invoices.CountAsync(i => i.CaseId == stored.Id, ct));
        }
    }

    [Fact]
    public async Task Reimport_InvoiceUnderAnotherDebtor_RefusedWithLine()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, File(("INV-1", 1000m), ("INV-2", 1000m)));
        var before = await database.CountRowsAsync();
        var moved = File(("INV-1", 1000m)) + "Northwind Logistics,Other Buyer Ltd,OTH-9,,,,,INV-2,2026-07-01,2026-07-31,1000.00,1000.00,USD\n";

        var outcome = await ImportHarness.ImportAsync(database, moved);

        var error = Assert.Single(outcome.Errors);
        Assert.Equal((3, ReceivablesCsv.DebtorReference), (error.Line, error.Column));
        Assert.Contains("belongs to debtor ACME-001, not OTH-9", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await database.CountRowsAsync());
    }

    [Fact]
    public async Task Reimport_InvoiceInAnotherCurrency_RefusedWithLine()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, File(("INV-1", 1000m)));

        var outcome = await ImportHarness.ImportAsync(database, File(("INV-1", 1000m)).Replace(",USD", ",EUR", StringComparison.Ordinal));

        var error = Assert.Single(outcome.Errors);
        Assert.Equal((2, ReceivablesCsv.Currency), (error.Line, error.Column));
        Assert.Contains("is in USD", error.Message, StringComparison.Ordinal);
    }

    private static async Task PayAsync(SqliteTestDatabase database, decimal amount)
    {
        await using var db = database.NewContext();
        var ct = TestContext.Current.CancellationToken;
        var collectionCase = await db.Cases.SingleAsync(ct);
        var invoices = await db.Invoices.ToListAsync(ct);
        var payment = new Payment(collectionCase, Money.Of(amount, "USD"), PaymentMethod.Card, "stripe", "pi_1", Now);
        payment.Allocate(invoices);
        db.Payments.Add(payment);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<(decimal Balance, bool Posted)> InvoiceAsync(SqliteTestDatabase database)
    {
        await using var db = database.NewContext();
        var ct = TestContext.Current.CancellationToken;
        var invoice = await db.Invoices.SingleAsync(ct);
        var allocation = await db.Set<PaymentAllocation>().SingleAsync(ct);
        return (invoice.Balance, allocation.PostedByCreditor);
    }
}
