using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Receivables;
using CollectionsBot.Core.Tests.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Tests.Receivables;

public sealed class ReceivablesImportTests
{
    [Fact]
    public async Task Import_SampleIntoEmptyDatabase_CreatesEveryRow()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();

        var outcome = await ImportHarness.ImportAsync(database, ImportHarness.Sample);

        var summary = Assert.IsType<ImportSummary>(outcome.Summary);
        Assert.Equal((23, 23, 0, 0), (summary.Rows, summary.Created, summary.Updated, summary.Unchanged));
        Assert.Equal((3, 13, 13), (summary.CreditorsCreated, summary.DebtorsCreated, summary.ContactsCreated));
        var counts = await database.CountRowsAsync();
        Assert.Equal(3, counts["creditors"]);
        Assert.Equal(13, counts["debtors"]);
        Assert.Equal(13, counts["contacts"]);
        Assert.Equal(13, counts["cases"]);
        Assert.Equal(23, counts["invoices"]);
        Assert.Equal(1, counts["audit"]);
    }

    [Fact]
    public async Task Import_Sample_NormalizesValuesAsWritten()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, ImportHarness.Sample);
        var ct = TestContext.Current.CancellationToken;

        await using var db = database.NewContext();
        var contacts = await db.Contacts.ToDictionaryAsync(c => c.Name, ct);
        Assert.Equal("+14155550198", contacts["Marcus Oyelaran"].PhoneE164);
        Assert.Equal("+447911123456", contacts["Amelia Hollis"].PhoneE164);
        Assert.Equal("Asia/Tokyo", contacts["Kenji Sato"].TimeZone);
        Assert.Null(contacts["Laura Chen"].PhoneE164);
        Assert.Equal(Channel.Email, contacts["Laura Chen"].PreferredChannel);

        var invoices = await db.Invoices.ToDictionaryAsync(i => i.Number, ct);
        Assert.Equal(1250000m, invoices["HIC-5599"].Amount);
        Assert.Equal("JPY", invoices["HIC-5599"].CurrencyCode);
        Assert.Equal(3875.250m, invoices["KRP-88407"].Balance);
        Assert.Equal(InvoiceStatus.Paid, invoices["NWL-10310"].Status);
        Assert.Equal(new DateOnly(2026, 6, 19), invoices["NWL-10310"].DueDate);

        Assert.Equal("Hollis, Reed & Sons", (await db.Debtors.SingleAsync(d => d.Reference == "HRS-105", ct)).Name);
        var audit = await db.AuditEvents.SingleAsync(ct);
        Assert.Equal("receivables.imported", audit.Action);
        Assert.Equal(64, audit.EntityId.Length);
    }

    [Fact]
    public async Task Import_SameFileTwice_ChangesNothing()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, ImportHarness.Sample);
        var before = await database.CountRowsAsync();

        var again = await ImportHarness.ImportAsync(database, ImportHarness.Sample);

        var summary = Assert.IsType<ImportSummary>(again.Summary);
        Assert.Equal((23, 0, 0, 23), (summary.Rows, summary.Created, summary.Updated, summary.Unchanged));
        Assert.Equal((0, 0, 0, 0), (summary.CreditorsCreated, summary.DebtorsCreated, summary.ContactsCreated, summary.ContactsUpdated));
        var after = await database.CountRowsAsync();
        Assert.Equal(before["invoices"], after["invoices"]);
        Assert.Equal(before["contacts"], after["contacts"]);
        Assert.Equal(before["audit"] + 1, after["audit"]);
    }

    [Fact]
    public async Task Import_ChangedBalanceAndNewInvoice_UpdatesInPlace()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, ImportHarness.Sample);
        var ct = TestContext.Current.CancellationToken;
        var changed = ImportHarness.Sample
            .Replace("NWL-10421,2026-07-01,2026-07-31,4250.00,4250.00,USD", "NWL-10421,2026-07-01,2026-07-31,4250.00,2000.00,USD", StringComparison.Ordinal)
            + "Northwind Logistics,Acme Manufacturing Inc.,ACME-001,Dana Whitfield,+1 312 555 0142,ap@acme-mfg.example,America/Chicago,NWL-10700,2026-11-01,2026-12-01,800.00,800.00,USD\n";

        var outcome = await ImportHarness.ImportAsync(database, changed);

        var summary = Assert.IsType<ImportSummary>(outcome.Summary);
        Assert.Equal((24, 1, 1, 22), (summary.Rows, summary.Created, summary.Updated, summary.Unchanged));
        await using var db = database.NewContext();
        Assert.Equal(2000m, (await db.Invoices.SingleAsync(i => i.Number == "NWL-10421", ct)).Balance);
        Assert.Equal(24, await db.Invoices.CountAsync(ct));
        var audit = await db.AuditEvents.OrderBy(a => a.Id).LastAsync(ct);
        Assert.Contains("\"invoice\":\"NWL-10421\"", audit.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_EveryInvoiceOfCasePaid_ResolvesCaseAndReopensWhenBalanceReturns()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        const string open = "Keystone Recovery Partners,Monarch Print Studio,MPS-58,Sam Delgado,+1 305 555 0156,sam@monarchprint.example,America/New_York,KRP-88602,2026-09-05,2026-10-05,1340.00,1340.00,USD\n";
        await ImportHarness.ImportAsync(database, ReceivablesCsv.Header + "\n" + open);

        await ImportHarness.ImportAsync(database, ReceivablesCsv.Header + "\n" + open.Replace("1340.00,1340.00", "1340.00,0.00", StringComparison.Ordinal));
        await using (var db = database.NewContext())
        {
            Assert.Equal(CaseStage.Resolved, (await db.Cases.SingleAsync(ct)).Stage);
            Assert.Equal(InvoiceStatus.Paid, (await db.Invoices.SingleAsync(ct)).Status);
        }

        await ImportHarness.ImportAsync(database, ReceivablesCsv.Header + "\n" + open);
        await using (var db = database.NewContext())
        {
            Assert.Equal(CaseStage.New, (await db.Cases.SingleAsync(ct)).Stage);
            Assert.Equal(InvoiceStatus.Open, (await db.Invoices.SingleAsync(ct)).Status);
        }
    }

    [Fact]
    public async Task Import_ContactDetailsChanged_UpdatesSameContact()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, ImportHarness.Sample);
        var ct = TestContext.Current.CancellationToken;
        var moved = ImportHarness.Sample.Replace("Tom Becker,+1 515 555 0163,,America/Chicago", "Tom Becker,+1 515 555 0199,tom@deltagrain.example,America/Chicago", StringComparison.Ordinal);

        var outcome = await ImportHarness.ImportAsync(database, moved);

        Assert.Equal(1, outcome.Summary?.ContactsUpdated);
        await using var db = database.NewContext();
        var tom = await db.Contacts.SingleAsync(c => c.Name == "Tom Becker", ct);
        Assert.Equal("+15155550199", tom.PhoneE164);
        Assert.Equal("tom@deltagrain.example", tom.Email);
        Assert.Equal(13, await db.Contacts.CountAsync(ct));
    }

    [Fact]
    public async Task Import_SecondContactForKnownDebtor_AddsItOnce()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, ImportHarness.Sample);
        var ct = TestContext.Current.CancellationToken;
        var withController = ImportHarness.Sample
            + "Northwind Logistics,Acme Manufacturing Inc.,ACME-001,Ruth Alvarez,+1 312 555 0177,controller@acme-mfg.example,America/Chicago,NWL-10800,2026-11-01,2026-12-01,500.00,500.00,USD\n";

        var first = await ImportHarness.ImportAsync(database, withController);
        var second = await ImportHarness.ImportAsync(database, withController);

        Assert.Equal((1, 1), (first.Summary?.ContactsCreated, first.Summary?.Created));
        Assert.Equal((0, 0), (second.Summary?.ContactsCreated, second.Summary?.Created));
        await using var db = database.NewContext();
        var acme = await db.Debtors.Include(d => d.Contacts).SingleAsync(d => d.Reference == "ACME-001", ct);
        Assert.Equal(["Dana Whitfield", "Ruth Alvarez"], acme.Contacts.Select(c => c.Name).Order());
        Assert.Equal(14, await db.Contacts.CountAsync(ct));
    }

    [Fact]
    public async Task Import_CreditorScopeOtherCreditorRows_RefusedWithLines()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await ImportHarness.ImportAsync(database, ImportHarness.Sample);
        Guid northwind;
        await using (var db = database.NewContext())
        {
            northwind = (await db.Creditors.SingleAsync(c => c.Name == "Northwind Logistics", TestContext.Current.CancellationToken)).Id;
        }

        var outcome = await ImportHarness.ImportAsync(database, ImportHarness.Sample, new ImportRequest("api:northwind", northwind));

        Assert.Null(outcome.Summary);
        Assert.Equal(13, outcome.ErrorCount);
        Assert.Equal(12, outcome.Errors[0].Line);
        Assert.All(outcome.Errors, e => Assert.Equal(ReceivablesCsv.Creditor, e.Column));
    }
}
