using System.Reflection;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Persistence.Migrations.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CollectionsBot.Core.Tests.Persistence;

/// <summary>What the SQLite migrations leave in the file, where EF's model cannot say it.</summary>
public sealed class SqliteSchemaTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AuditTrail_HasNoSequence_KeepsItsIndexesAndTriggers_AndNumbersEventsInOrder()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.NewContext();

        await AssertAuditTableAsync(db, autoincrement: false);
        for (var i = 1; i <= 3; i++)
        {
            db.Record(new AuditEvent(Now.AddMinutes(i), "bot", "turn.recognized", nameof(Conversation), "c-1", $$"""{"n":{{i}}}"""));
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal([1L, 2L, 3L], await db.AuditEvents.OrderBy(a => a.OccurredAt).Select(a => a.Id).ToListAsync(ct));
        await AssertAppendOnlyAsync(db);
        Assert.Equal(0, await db.Database.SqlQuery<int>($"""SELECT COUNT(*) AS "Value" FROM "sqlite_sequence" WHERE "name" = 'AuditEvents'""").SingleAsync(ct));
    }

    [Fact]
    public async Task UpgradingAFileWithATrail_KeepsEveryEventAndId_AndTheNextIdFollowsTheLargest_AndDownBringsTheSequenceBack()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.NewContext();
        var migrator = db.GetService<IMigrator>();
        var before = MigrationId<SparseIndexes>(db);
        var after = MigrationId<AuditTrailWithoutSequence>(db);

        // A file as it was before: AUTOINCREMENT, with events whose ids have gaps (rolled-back inserts leave none, but
        // an upgrade must keep whatever ids it finds).
        await migrator.MigrateAsync(before, ct);
        await AssertAuditTableAsync(db, autoincrement: true);
        var caseId = Guid.NewGuid();
        foreach (var (id, action) in new[] { (7L, "message.sent"), (8L, AuditEvent.DeskNoteAction), (12L, "turn.recognized") })
        {
            await db.Database.ExecuteSqlRawAsync(
                """INSERT INTO "AuditEvents" ("Id", "OccurredAt", "Actor", "Action", "EntityType", "EntityId", "CaseId", "Data") VALUES ({0}, 0, 'bot', {1}, 'Conversation', 'c-1', {2}, {3})""",
                [id, action, caseId.ToString().ToUpperInvariant(), "{}"], ct);
        }

        await AssertAppendOnlyAsync(db);

        await migrator.MigrateAsync(after, ct);
        await AssertAuditTableAsync(db, autoincrement: false);
        await AssertAppendOnlyAsync(db);
        var kept = await db.AuditEvents.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.Action, a.CaseId }).ToListAsync(ct);
        Assert.Equal([7L, 8L, 12L], kept.Select(k => k.Id));
        Assert.Equal(["message.sent", AuditEvent.DeskNoteAction, "turn.recognized"], kept.Select(k => k.Action));
        Assert.All(kept, k => Assert.Equal(caseId, k.CaseId));
        Assert.Equal(3, await db.AuditEvents.CountAsync(a => a.CaseId == caseId, ct)); // through the rebuilt case index

        var next = new AuditEvent(Now, "bot", "turn.recognized", nameof(Conversation), "c-1");
        db.Record(next);
        await db.SaveChangesAsync(ct);
        Assert.Equal(13L, await db.AuditEvents.MaxAsync(a => a.Id, ct));

        // And back down: the sequence again, starting after the largest id, every row kept.
        await migrator.MigrateAsync(before, ct);
        await AssertAuditTableAsync(db, autoincrement: true);
        await AssertAppendOnlyAsync(db);
        Assert.Equal([7L, 8L, 12L, 13L], await db.AuditEvents.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct));
        await migrator.MigrateAsync(after, ct);
    }

    // The table's own statement, its indexes and its append-only triggers, as the migrations leave them.
    private static async Task AssertAuditTableAsync(CollectionsDbContext db, bool autoincrement)
    {
        var objects = await db.Database
            .SqlQuery<SchemaObject>($"""SELECT "type" AS "Type", "name" AS "Name", coalesce("sql", '') AS "Sql" FROM "sqlite_master" WHERE "tbl_name" = 'AuditEvents' ORDER BY "type", "name" """)
            .ToListAsync(TestContext.Current.CancellationToken);

        var table = Assert.Single(objects, o => o.Type == "table");
        Assert.Equal(autoincrement, table.Sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(
            ["IX_AuditEvents_CaseId_Id", "IX_AuditEvents_CreditorId_Id", "IX_AuditEvents_DeskNotes"],
            objects.Where(o => o.Type == "index" && !o.Name.StartsWith("sqlite_", StringComparison.Ordinal)).Select(o => o.Name));
        Assert.Contains("WHERE \"Action\" = 'desk.note'", objects.Single(o => o.Name == "IX_AuditEvents_DeskNotes").Sql, StringComparison.Ordinal);
        Assert.Equal(["AuditEvents_NoDelete", "AuditEvents_NoUpdate"], objects.Where(o => o.Type == "trigger").Select(o => o.Name));
    }

    // The triggers work, not only exist (on a trail with rows: a statement that touches none fires nothing).
    private static async Task AssertAppendOnlyAsync(CollectionsDbContext db)
    {
        var ct = TestContext.Current.CancellationToken;
        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "Action" = 'x'""", ct));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" """, ct));
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
    }

    private sealed record SchemaObject(string Type, string Name, string Sql);

    private static string MigrationId<T>(CollectionsDbContext db)
        where T : Migration =>
        db.GetService<IMigrationsAssembly>().Migrations.Single(m => m.Value == typeof(T).GetTypeInfo()).Key;
}
