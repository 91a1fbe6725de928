using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Tests.Persistence;

/// <summary>Saves of units of work that hold their connections share transactions, and each keeps its own outcome.</summary>
public sealed class SqliteGroupCommitTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ManySavesAtOnce_ShareTransactions_AndEveryOneIsSavedAndAccepted()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        const int Writers = 8;
        const int SavesEach = 25;

        var contexts = new List<SqliteCollectionsDbContext>();
        for (var i = 0; i < Writers; i++)
        {
            contexts.Add(await HeldContextAsync(database, statements));
        }

        try
        {
            await Task.WhenAll(contexts.Select((db, writer) => Task.Run(
                async () =>
                {
                    var conversation = new Conversation(null, null, Channel.Sms, $"+1312555{writer:D4}|+18005550100", Now);
                    db.Conversations.Add(conversation);
                    for (var n = 0; n < SavesEach; n++)
                    {
                        db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, $"message {n}", Now, $"SM-{writer}-{n}"));
                        db.AuditEvents.Add(AuditEvent.OnConversation(Now, "test", "message.received", conversation, new { n }));
                        conversation.Touch(Now.AddSeconds(n));
                        await db.SaveChangesAsync(ct);
                        Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
                    }
                },
                ct)));
        }
        finally
        {
            foreach (var db in contexts)
            {
                await db.DisposeAsync();
            }
        }

        await using var check = database.NewContext();
        Assert.Equal(Writers * SavesEach, await check.Messages.CountAsync(ct));
        Assert.Equal(Writers * SavesEach, await check.AuditEvents.CountAsync(ct));
        Assert.All(await check.Conversations.ToListAsync(ct), c => Assert.Equal(Now.AddSeconds(SavesEach - 1), c.LastActivityAt));
        var group = Assert.IsType<SqliteGroupCommit>(statements.Group);
        Assert.Equal(Writers * SavesEach, group.Saves);
        Assert.True(group.Batches < group.Saves, $"{group.Saves} saves in {group.Batches} transactions: none shared one");
    }

    [Fact]
    public async Task OneSaveRefused_InASharedTransaction_FailsAlone_AndKeepsItsChangesPending()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        await using var first = await HeldContextAsync(database, statements);
        await using var second = await HeldContextAsync(database, statements);
        var conversation = new Conversation(null, null, Channel.Sms, "+13125550142|+18005550100", Now);
        first.Conversations.Add(conversation);
        first.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hello", Now, "SM-1"));
        await first.SaveChangesAsync(ct);

        var other = new Conversation(null, null, Channel.Sms, "+13125550199|+18005550100", Now);
        second.Conversations.Add(other);
        await second.SaveChangesAsync(ct);
        var group = Assert.IsType<SqliteGroupCommit>(statements.Group);
        var gate = SqliteWrites.GateFor(database.ConnectionString);
        for (var round = 0; round < 5; round++)
        {
            first.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "again", Now, "SM-1"));
            var duplicate = first.ChangeTracker.Entries<Message>().Single(e => e.State == EntityState.Added).Entity;
            second.Messages.Add(new Message(other, MessageDirection.Inbound, SenderKind.Contact, $"fine {round}", Now, $"SM-OK-{round}"));
            other.Touch(Now.AddMinutes(round + 1));
            var (batches, saves) = (group.Batches, group.Saves);

            // With the file's write gate held, both saves queue; given the gate, one transaction takes both, in the
            // order they came: the refused one first, then the good one.
            await gate.WaitAsync(ct);
            Task<int> refused, saved;
            try
            {
                refused = Task.Run(() => first.SaveChangesAsync(ct), ct);
                while (group.Queued < 1)
                {
                    await Task.Delay(1, ct);
                }

                saved = Task.Run(() => second.SaveChangesAsync(ct), ct);
                while (group.Queued < 2)
                {
                    await Task.Delay(1, ct);
                }
            }
            finally
            {
                gate.Release();
            }

            var error = await Assert.ThrowsAsync<DbUpdateException>(() => refused);
            Assert.True(DatabaseErrors.IsConflict(error), error.ToString());
            Assert.Equal(2, await saved);
            Assert.Equal((batches + 1, saves + 2), (group.Batches, group.Saves));
            Assert.Equal(EntityState.Added, first.Entry(duplicate).State);
            Assert.All(second.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
            first.Entry(duplicate).State = EntityState.Detached;
        }

        await using var check = database.NewContext();
        Assert.Equal(6, await check.Messages.CountAsync(ct));
        Assert.Equal(1, await check.Messages.CountAsync(m => m.ExternalId == "SM-1", ct));
        Assert.Equal(Now.AddMinutes(5), (await check.Conversations.SingleAsync(c => c.Id == other.Id, ct)).LastActivityAt);
    }

    [Fact]
    public async Task ChangedRow_UpdatedElsewhereMeanwhile_FailsAsAConcurrencyConflict_AndSavesOnceReloaded()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        await using var db = await HeldContextAsync(database, statements);
        var conversation = new Conversation(null, null, Channel.Sms, "+13125550142|+18005550100", Now);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(ct);

        // The same row changed by another unit of work after this one read it.
        await using (var elsewhere = database.NewContext())
        {
            var copy = await elsewhere.Conversations.SingleAsync(c => c.Id == conversation.Id, ct);
            copy.SaveDialog("[\"elsewhere\"]", "v1");
            await elsewhere.SaveChangesAsync(ct);
        }

        conversation.SaveDialog("[\"here\"]", "v1");
        db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hello", Now, "SM-1"));
        var conflict = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync(ct));
        Assert.Same(conversation, Assert.Single(conflict.Entries).Entity);
        Assert.Equal(EntityState.Modified, db.Entry(conversation).State);
        Assert.Single(db.ChangeTracker.Entries<Message>(), e => e.State == EntityState.Added);

        // Nothing of the refused save was written; with the row read again, the same change saves.
        await db.Entry(conversation).ReloadAsync(ct);
        conversation.SaveDialog("[\"here\"]", "v1");
        await db.SaveChangesAsync(ct);
        await using var check = database.NewContext();
        var saved = await check.Conversations.SingleAsync(c => c.Id == conversation.Id, ct);
        Assert.Equal("[\"here\"]", saved.DialogState);
        Assert.Equal(conversation.Version, saved.Version);
        Assert.Equal(["hello"], await check.Messages.Select(m => m.Body).ToListAsync(ct));
    }

    [Fact]
    public async Task UnitOfWorkWithoutAHeldConnection_SavesOnItsOwn()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        await using var db = NewContext(database, statements);
        db.Conversations.Add(new Conversation(null, null, Channel.Sms, "+13125550142|+18005550100", Now));

        await db.SaveChangesAsync(ct);

        Assert.Null(statements.Group);
        await using var check = database.NewContext();
        Assert.Equal(1, await check.Conversations.CountAsync(ct));
    }

    // A unit of work holding its connection, as the engine's turns do: its saves join the group commit.
    private static async Task<SqliteCollectionsDbContext> HeldContextAsync(SqliteTestDatabase database, SqliteStatements statements)
    {
        var db = NewContext(database, statements);
        await statements.HoldAsync(db, TestContext.Current.CancellationToken);
        return db;
    }

    private static SqliteCollectionsDbContext NewContext(SqliteTestDatabase database, SqliteStatements statements) =>
        new(new DbContextOptionsBuilder<SqliteCollectionsDbContext>().UseSqlite(database.ConnectionString).AddInterceptors(new SqliteWrites(), statements).Options);
}
