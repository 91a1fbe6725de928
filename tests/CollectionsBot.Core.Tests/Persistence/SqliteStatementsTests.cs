using System.Data;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Tests.Persistence;

/// <summary>Compiled statements kept on held connections: reused, and never at the cost of a right answer.</summary>
public sealed class SqliteStatementsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SameQuery_OnAHeldConnection_ReusesTheStatementWithEachCallsParameters()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var (acme, brightline) = await SeedAsync(database);
        await using var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        await using var db = NewContext(database, statements);
        await statements.HoldAsync(db, ct);

        var names = new List<string>();
        foreach (var id in new[] { acme, brightline, acme })
        {
            names.Add(await db.Debtors.Where(d => d.Id == id).Select(d => d.Name).SingleAsync(ct));
        }

        Assert.Equal(["Acme Manufacturing Inc.", "Brightline Foods", "Acme Manufacturing Inc."], names);
        Assert.True(statements.Reused >= 2, $"reused {statements.Reused}");
        Assert.Equal(1, statements.Held);
    }

    [Fact]
    public async Task SameQuery_InsideItsOwnReading_RunsSeparatelyAndAnswersRight()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await SeedAsync(database);
        await using var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        await using var db = NewContext(database, statements);
        await statements.HoldAsync(db, ct);

        var pairs = new List<(string Outer, int Inner)>();
        await foreach (var number in db.Invoices.AsNoTracking().OrderBy(i => i.Number).Select(i => i.Number).AsAsyncEnumerable().WithCancellation(ct))
        {
            // The same SQL while the outer reader is still open.
            var inner = await db.Invoices.AsNoTracking().OrderBy(i => i.Number).Select(i => i.Number).ToListAsync(ct);
            pairs.Add((number, inner.Count));
        }

        Assert.Equal([("INV-1001", 2), ("INV-2001", 2)], pairs);
    }

    [Fact]
    public async Task RefusedInsert_SurfacesAsEFDoes_AndTheNextSaveWorks()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var (acme, _) = await SeedAsync(database);
        await using var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        await using var db = NewContext(database, statements);
        await statements.HoldAsync(db, ct);
        var conversation = new Conversation(null, null, Channel.Sms, "+13125550142|+18005550100", Now);
        db.Conversations.Add(conversation);
        db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hello", Now, "SM-1"));
        await db.SaveChangesAsync(ct);

        var debtor = await db.Debtors.SingleAsync(d => d.Id == acme, ct);
        debtor.Rename("Acme Manufacturing Incorporated");
        db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hello again", Now, "SM-1"));
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
        Assert.True(DatabaseErrors.IsConflict(refused));

        db.ChangeTracker.Clear();
        db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "third", Now, "SM-2"));
        await db.SaveChangesAsync(ct);
        Assert.Equal(["SM-1", "SM-2"], await db.Messages.OrderBy(m => m.ExternalId).Select(m => m.ExternalId!).ToListAsync(ct));
        Assert.Equal("Acme Manufacturing Inc.", await db.Debtors.Where(d => d.Id == acme).Select(d => d.Name).SingleAsync(ct));
    }

    [Fact]
    public async Task HeldConnection_HasEFsFunctions_AndClosesWhenDisposed()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await SeedAsync(database);
        var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        await using var db = NewContext(database, statements);
        await statements.HoldAsync(db, ct);
        var connection = db.Database.GetDbConnection();

        // Decimal sums run through a function EF registers on its connections.
        Assert.Equal(4900m, await db.Invoices.SumAsync(i => i.Balance, ct));
        Assert.Equal(ConnectionState.Open, connection.State);

        await statements.DisposeAsync();
        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal(0, statements.Held);
    }

    private static SqliteCollectionsDbContext NewContext(SqliteTestDatabase database, SqliteStatements statements) =>
        new(new DbContextOptionsBuilder<SqliteCollectionsDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(new SqliteWrites(), statements).Options);

    private static async Task<(Guid Acme, Guid Brightline)> SeedAsync(SqliteTestDatabase database)
    {
        await using var db = database.NewContext();
        var creditor = new Creditor("Northwind Logistics", CreditorKind.FirstParty, "America/Chicago", Now);
        var acme = new DebtorCompany(creditor.Id, "Acme Manufacturing Inc.", "ACME-001", Now);
        var brightline = new DebtorCompany(creditor.Id, "Brightline Foods", "BLF-7", Now);
        var acmeCase = new CollectionCase(acme, Now);
        var brightlineCase = new CollectionCase(brightline, Now);
        db.AddRange(creditor, acme, brightline, acmeCase, brightlineCase);
        db.Invoices.Add(new Invoice(acmeCase, "INV-1001", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1), Money.Of(4000m, "USD"), Money.Of(4000m, "USD"), Now));
        db.Invoices.Add(new Invoice(brightlineCase, "INV-2001", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1), Money.Of(900m, "USD"), Money.Of(900m, "USD"), Now));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (acme.Id, brightline.Id);
    }
}
