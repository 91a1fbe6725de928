using CollectionsBot.Core.Receivables;
using CollectionsBot.Core.Tests.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Tests.Receivables;

public sealed class ReceivablesRejectionTests
{
    private const string Good1 = "Northwind Logistics,Acme Manufacturing Inc.,ACME-001,Dana Whitfield,+1 312 555 0142,ap@acme-mfg.example,America/Chicago,NWL-1,2026-07-01,2026-07-31,4250.00,4250.00,USD";
    private const string Good2 = "Northwind Logistics,Acme Manufacturing Inc.,ACME-001,Dana Whitfield,+1 312 555 0142,ap@acme-mfg.example,America/Chicago,NWL-3,2026-07-01,2026-07-31,100.00,50.00,USD";
    private const string Row = "Northwind Logistics,Brightline Retail LLC,BRL-204,Marcus Oyelaran,(415) 555-0198,payables@brightline.example,America/Los_Angeles,NWL-2,2026-06-15,2026-07-15,12800.00,12800.00,USD";

    public static TheoryData<string, string, string, string> BadRows => new()
    {
        { "bad date", Row.Replace("2026-06-15", "2026-13-01", StringComparison.Ordinal), "issue_date", "is not a date in the form yyyy-MM-dd" },
        { "US-style date", Row.Replace("2026-07-15", "07/15/2026", StringComparison.Ordinal), "due_date", "is not a date in the form yyyy-MM-dd" },
        { "due before issue", Row.Replace("2026-07-15", "2026-06-01", StringComparison.Ordinal), "due_date", "is before the issue date" },
        { "negative amount", Row.Replace("12800.00,12800.00", "-12800.00,0.00", StringComparison.Ordinal), "amount", "is negative" },
        { "non-numeric amount", Row.Replace("12800.00,12800.00", "twelve,12800.00", StringComparison.Ordinal), "amount", "is not a number" },
        { "comma decimal", Row.Replace("12800.00,12800.00", "\"12800,00\",12800.00", StringComparison.Ordinal), "amount", "is not a number" },
        { "negative balance", Row.Replace("12800.00,12800.00", "12800.00,-1.00", StringComparison.Ordinal), "balance", "is negative" },
        { "zero amount", Row.Replace("12800.00,12800.00", "0.00,0.00", StringComparison.Ordinal), "amount", "greater than zero" },
        { "unknown currency", Row.Replace(",USD", ",XYZ", StringComparison.Ordinal), "currency", "is not a known ISO 4217 currency code" },
        { "too many decimals for JPY", Row.Replace("12800.00,12800.00,USD", "12800.50,12800,JPY", StringComparison.Ordinal), "amount", "more decimals than JPY allows" },
        { "balance above amount", Row.Replace("12800.00,12800.00", "12800.00,12800.01", StringComparison.Ordinal), "balance", "is above the amount" },
        { "invalid phone", Row.Replace("(415) 555-0198", "555-01", StringComparison.Ordinal), "contact_phone", "phone" },
        { "invalid email", Row.Replace("payables@brightline.example", "payables@@brightline", StringComparison.Ordinal), "contact_email", "is not a valid email address" },
        { "unknown time zone", Row.Replace("America/Los_Angeles", "Pacific Time", StringComparison.Ordinal), "contact_timezone", "is not an IANA time zone" },
        { "missing invoice number", Row.Replace("NWL-2,", ",", StringComparison.Ordinal), "invoice_number", "is required" },
        { "missing creditor", Row.Replace("Northwind Logistics,", ",", StringComparison.Ordinal), "creditor", "is required" },
        { "missing field", "Northwind Logistics,Brightline Retail LLC,BRL-204,Marcus Oyelaran,(415) 555-0198,payables@brightline.example,America/Los_Angeles,NWL-2,2026-06-15,2026-07-15,12800.00,12800.00", "currency", "Missing column 'currency'" },
        { "extra field", Row + ",surplus", "", "fields but the header has 13" },
        { "duplicate invoice", Good1.Replace("4250.00,4250.00", "10.00,10.00", StringComparison.Ordinal), "invoice_number", "appears twice in the file (first on line 2)" },
        { "reference reused for another debtor", Row.Replace("Brightline Retail LLC,BRL-204", "Other Company,ACME-001", StringComparison.Ordinal), "debtor", "Debtor reference ACME-001 is 'Acme Manufacturing Inc.' on line 2" },
        { "amount beyond 18 digits", Row.Replace("12800.00,12800.00", "1234567890123456789.00,100.00", StringComparison.Ordinal), "amount", "is too large" },
        { "email without name", Row.Replace("Marcus Oyelaran,", ",", StringComparison.Ordinal), "contact_name", "is required when a phone or email is given" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task Import_OneBadRow_RefusesWholeFileWithLineAndWritesNothing(string kind, string badRow, string column, string message)
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var csv = string.Join('\n', ReceivablesCsv.Header, Good1, badRow, Good2) + "\n";

        var outcome = await ImportHarness.ImportAsync(database, csv);

        Assert.False(outcome.Succeeded, kind);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.All(await database.CountRowsAsync(), count => Assert.Equal(0, count.Value));
    }

    [Fact]
    public async Task Import_HeaderMissingColumn_ReportsLineOne()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var header = ReceivablesCsv.Header.Replace(",currency", "", StringComparison.Ordinal);

        var outcome = await ImportHarness.ImportAsync(database, header + "\n" + Good1[..Good1.LastIndexOf(',')] + "\n");

        var error = Assert.Single(outcome.Errors);
        Assert.Equal((1, "currency"), (error.Line, error.Column));
        Assert.Contains("Missing column 'currency'", error.Message, StringComparison.Ordinal);
        Assert.All(await database.CountRowsAsync(), count => Assert.Equal(0, count.Value));
    }

    [Fact]
    public async Task Import_SeveralBadRows_ReportsEachInFileOrder()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var csv = string.Join('\n',
            ReceivablesCsv.Header,
            Good1.Replace(",USD", ",EURO", StringComparison.Ordinal),
            Row,
            Good2.Replace("2026-07-31", "31.07.2026", StringComparison.Ordinal).Replace("ap@acme-mfg.example", "nope", StringComparison.Ordinal));

        var outcome = await ImportHarness.ImportAsync(database, csv);

        Assert.Equal([(2, "currency"), (4, "contact_email"), (4, "due_date")], outcome.Errors.Select(e => (e.Line, e.Column)).OrderBy(e => e.Line).ThenBy(e => e.Column));
        Assert.Equal(3, outcome.ErrorCount);
    }

    [Fact]
    public async Task Import_QuotedFieldSpanningLines_ReportsPhysicalLine()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var multiLine = Row.Replace("Brightline Retail LLC", "\"Brightline\nRetail LLC\"", StringComparison.Ordinal);
        var csv = string.Join('\n', ReceivablesCsv.Header, multiLine, "", Good1.Replace(",USD", ",ZZZ", StringComparison.Ordinal)) + "\n";

        var outcome = await ImportHarness.ImportAsync(database, csv);

        Assert.Equal(5, Assert.Single(outcome.Errors).Line);
    }

    [Theory]
    [InlineData("", 1, "The file is empty")]
    [InlineData("creditor,debtor,debtor_reference,contact_name,contact_phone,contact_email,contact_timezone,invoice_number,issue_date,due_date,amount,balance,currency\n", 2, "no invoice rows")]
    public async Task Import_EmptyFile_SaysWhatIsMissing(string csv, int line, string message)
    {
        await using var database = await SqliteTestDatabase.CreateAsync();

        var outcome = await ImportHarness.ImportAsync(database, csv);

        var error = Assert.Single(outcome.Errors);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnclosedQuote_SaysWhereTheRecordRuns()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var csv = string.Join('\n', ReceivablesCsv.Header, Good1, Row.Replace("Brightline Retail LLC", "\"Brightline Retail LLC", StringComparison.Ordinal), Good2) + "\n";

        var outcome = await ImportHarness.ImportAsync(database, csv);

        Assert.False(outcome.Succeeded);
        Assert.Contains(outcome.Errors, e => e.Line == 3 && e.Message.Contains("missing closing quote", StringComparison.Ordinal));
        Assert.All(await database.CountRowsAsync(), count => Assert.Equal(0, count.Value));
    }

    [Fact]
    public async Task Import_SpreadsheetEmptyRows_AreSkipped()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var csv = string.Join('\n', ReceivablesCsv.Header, Good1, ",,,,,,,,,,,,", "   ", Good2) + "\n";

        var outcome = await ImportHarness.ImportAsync(database, csv);

        Assert.Equal(2, outcome.Summary?.Created);
    }

    [Fact]
    public async Task Import_Latin1File_RefusedNotCorrupted()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var text = string.Join('\n', ReceivablesCsv.Header, Good1.Replace("Acme Manufacturing Inc.", "Müller GmbH", StringComparison.Ordinal)) + "\n";

        var outcome = await ImportHarness.ImportBytesAsync(database, System.Text.Encoding.Latin1.GetBytes(text));

        Assert.False(outcome.Succeeded);
        Assert.Contains("not UTF-8", Assert.Single(outcome.Errors).Message, StringComparison.Ordinal);
        Assert.All(await database.CountRowsAsync(), count => Assert.Equal(0, count.Value));
    }

    [Fact]
    public async Task Import_DatabaseRefusesARowHalfwayThroughTheBulkWrite_NothingStays()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using (var db = database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync(
                """CREATE TRIGGER "FailOnInvoice" BEFORE INSERT ON "Invoices" WHEN NEW."Number" = 'KRP-88510' BEGIN SELECT RAISE(ABORT, 'disk said no'); END;""",
                TestContext.Current.CancellationToken);
        }

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => ImportHarness.ImportAsync(database, ImportHarness.Sample));

        Assert.All(await database.CountRowsAsync(), count => Assert.Equal(0, count.Value));
    }

    [Fact]
    public async Task Import_ByteOrderMarkAndCrLf_AreAccepted()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();

        var outcome = await ImportHarness.ImportAsync(database, "\uFEFF" + ReceivablesCsv.Header + "\r\n" + Good1 + "\r\n");

        Assert.Equal(1, outcome.Summary?.Created);
    }

    [Fact]
    public async Task Import_BadFileAfterGoodOne_LeavesEarlierDataUntouched()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await ImportHarness.ImportAsync(database, ImportHarness.Sample);
        var before = await database.CountRowsAsync();
        var changedThenBroken = ImportHarness.Sample
            .Replace("4250.00,4250.00,USD", "4250.00,1.00,USD", StringComparison.Ordinal)
            + "Northwind Logistics,New Debtor,NEW-1,,,,,NWL-99999,2026-01-01,2026-01-31,10.00,10.00,XXX\n";

        var outcome = await ImportHarness.ImportAsync(database, changedThenBroken);

        Assert.False(outcome.Succeeded);
        Assert.Equal(25, Assert.Single(outcome.Errors).Line);
        Assert.Equal(before, await database.CountRowsAsync());
        await using var db = database.NewContext();
        Assert.Equal(4250m, (await db.Invoices.SingleAsync(i => i.Number == "NWL-10421", ct)).Balance);
    }

    [Fact]
    public async Task Import_ManyBadRows_ReportsCappedListWithTotal()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var rows = Enumerable.Range(1, 700).Select(i => Good1.Replace("NWL-1,", $"NWL-{i},", StringComparison.Ordinal).Replace(",USD", ",???", StringComparison.Ordinal));

        var outcome = await ImportHarness.ImportAsync(database, ReceivablesCsv.Header + "\n" + string.Join('\n', rows));

        Assert.Equal(700, outcome.ErrorCount);
        Assert.Equal(500, outcome.Errors.Count);
        Assert.Equal(2, outcome.Errors[0].Line);
    }
}
