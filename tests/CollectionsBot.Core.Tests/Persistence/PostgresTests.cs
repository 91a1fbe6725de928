using System.Text;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Receivables;
using CollectionsBot.Core.Tests.Receivables;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CollectionsBot.Core.Tests.Persistence;

/// <summary>The same persistence and import rules on PostgreSQL, the provider chosen by Database:Provider=Postgres.</summary>
public sealed class PostgresTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 30, 0, TimeSpan.FromHours(-6));
    private static readonly ImportGate Gate = new();

    [Fact]
    public async Task Import_SampleTwice_CreatesThenFindsEveryRowUnchanged()
    {
        var connectionString = await server.CreateMigratedDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;

        var first = await ImportAsync(connectionString, ImportHarness.Sample);
        var second = await ImportAsync(connectionString, ImportHarness.Sample);

        Assert.Equal((23, 3, 13, 13), (first.Summary?.Created, first.Summary?.CreditorsCreated, first.Summary?.DebtorsCreated, first.Summary?.ContactsCreated));
        Assert.Equal((0, 23), (second.Summary?.Created, second.Summary?.Unchanged));
        await using var db = PostgresServer.NewContext(connectionString);
        Assert.Equal(23, await db.Invoices.CountAsync(ct));
        Assert.Equal(3875.250m, (await db.Invoices.SingleAsync(i => i.Number == "KRP-88407", ct)).Balance);
        Assert.Equal("+447911123456", (await db.Contacts.SingleAsync(c => c.Name == "Amelia Hollis", ct)).PhoneE164);
    }

    [Fact]
    public async Task Import_BadRow_WritesNothing()
    {
        var connectionString = await server.CreateMigratedDatabaseAsync();
        var broken = ImportHarness.Sample.Replace("3875.250,3875.250,BHD", "3875.2505,3875.250,BHD", StringComparison.Ordinal);

        var outcome = await ImportAsync(connectionString, broken);

        Assert.Equal(21, Assert.Single(outcome.Errors).Line);
        await using var db = PostgresServer.NewContext(connectionString);
        Assert.Equal(0, await db.Creditors.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveChanges_StaleCase_ThrowsConcurrencyConflict()
    {
        var connectionString = await server.CreateMigratedDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;
        await ImportAsync(connectionString, ImportHarness.Sample);

        await using var bot = PostgresServer.NewContext(connectionString);
        await using var agent = PostgresServer.NewContext(connectionString);
        var seenByBot = await bot.Cases.OrderBy(c => c.Id).FirstAsync(ct);
        var seenByAgent = await agent.Cases.SingleAsync(c => c.Id == seenByBot.Id, ct);
        seenByAgent.MoveTo(CaseStage.Escalated, Now);
        await agent.SaveChangesAsync(ct);
        seenByBot.MoveTo(CaseStage.Negotiating, Now);

        var error = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => bot.SaveChangesAsync(ct));
        Assert.True(DatabaseErrors.IsConflict(error));
    }

    [Fact]
    public async Task AuditTrail_UpdateOrDelete_IsRefusedByDatabase()
    {
        var connectionString = await server.CreateMigratedDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var db = PostgresServer.NewContext(connectionString);
        db.AuditEvents.Add(new AuditEvent(Now, "bot", "offer.made", "case", "c-1"));
        await db.SaveChangesAsync(ct);

        var update = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "Action" = 'x'""", ct));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" """, ct));

        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.MessageText, StringComparison.Ordinal);
        Assert.Equal(Now, (await db.AuditEvents.AsNoTracking().SingleAsync(ct)).OccurredAt);
    }

    [Fact]
    public async Task SaveChanges_DuplicateInboundMessage_IsAConflict()
    {
        var connectionString = await server.CreateMigratedDatabaseAsync();
        var ct = TestContext.Current.CancellationToken;
        var conversation = new Conversation(null, null, Channel.Sms, "pair", Now);
        await using (var db = PostgresServer.NewContext(connectionString))
        {
            db.Conversations.Add(conversation);
            db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hi", Now, "SM-1"));
            await db.SaveChangesAsync(ct);
        }

        await using var again = PostgresServer.NewContext(connectionString);
        again.Messages.Add(new Message(await again.Conversations.SingleAsync(ct), MessageDirection.Inbound, SenderKind.Contact, "hi", Now, "SM-1"));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => again.SaveChangesAsync(ct));

        Assert.True(DatabaseErrors.IsConflict(error));
    }

    private static async Task<ImportOutcome> ImportAsync(string connectionString, string csv)
    {
        await using var db = PostgresServer.NewContext(connectionString);
        var importer = new ReceivablesImporter(db, Options.Create(new ImportOptions()), ImportHarness.Clock, Gate);
        return await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new ImportRequest("test"), TestContext.Current.CancellationToken);
    }
}
