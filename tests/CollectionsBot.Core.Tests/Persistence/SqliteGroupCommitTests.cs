using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
        for (var round = 0; round < 5; round++)
        {
            first.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "again", Now, "SM-1"));
            var duplicate = first.ChangeTracker.Entries<Message>().Single(e => e.State == EntityState.Added).Entity;
            second.Messages.Add(new Message(other, MessageDirection.Inbound, SenderKind.Contact, $"fine {round}", Now, $"SM-OK-{round}"));
            other.Touch(Now.AddMinutes(round + 1));
            var (batches, saves) = (group.Batches, group.Saves);

            // One transaction takes both, in the order they came: the refused one first, then the good one.
            var (refused, saved) = await QueueTogetherAsync(database, group, first, second);

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
    public async Task RecordedMessageRefused_InASharedTransaction_FailsItsSaveAlone_AndStaysRecorded()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        await using var first = await HeldContextAsync(database, statements);
        await using var second = await HeldContextAsync(database, statements);
        var conversation = new Conversation(null, null, Channel.Sms, "+13125550142|+18005550100", Now);
        first.Conversations.Add(conversation);
        first.Record(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hello", Now, "SM-1"));
        Assert.Equal(2, await first.SaveChangesAsync(ct));
        var other = new Conversation(null, null, Channel.Sms, "+13125550199|+18005550100", Now);
        second.Conversations.Add(other);
        await second.SaveChangesAsync(ct);
        var group = Assert.IsType<SqliteGroupCommit>(statements.Group);

        // A turn that raced another process to the same channel message, and a turn of another conversation.
        first.Record(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hello", Now, "SM-1"));
        first.Record(new AuditEvent(Now, "bot", "turn.recognized", nameof(Conversation), conversation.Id.ToString()));
        second.Record(new Message(other, MessageDirection.Inbound, SenderKind.Contact, "fine", Now, "SM-OK"));
        second.Record(new AuditEvent(Now, "bot", "turn.recognized", nameof(Conversation), other.Id.ToString()));
        other.Touch(Now.AddMinutes(1));
        var batches = group.Batches;
        var (refused, saved) = await QueueTogetherAsync(database, group, first, second);

        // One transaction: the refused save is rolled back to its savepoint alone (a conflict the engine answers as a
        // duplicate), and keeps what it recorded; the other is written whole, nothing of it tracked.
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => refused);
        Assert.True(DatabaseErrors.IsConflict(error), error.ToString());
        Assert.Equal(3, await saved);
        Assert.Equal(batches + 1, group.Batches);
        Assert.Empty(second.ChangeTracker.Entries<Message>());
        Assert.True(DatabaseErrors.IsConflict(await Assert.ThrowsAsync<DbUpdateException>(() => first.SaveChangesAsync(ct))));
        first.DiscardChanges();
        Assert.Equal(0, await first.SaveChangesAsync(ct));

        await using var check = database.NewContext();
        Assert.Equal(["SM-1", "SM-OK"], await check.Messages.OrderBy(m => m.ExternalId).Select(m => m.ExternalId!).ToListAsync(ct));
        Assert.Equal([other.Id.ToString()], await check.AuditEvents.Select(a => a.EntityId).ToListAsync(ct));
        Assert.Equal(Now.AddMinutes(1), (await check.Conversations.SingleAsync(c => c.Id == other.Id, ct)).LastActivityAt);
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

    [Fact]
    public async Task NewPlanWithItsInstallments_SavedInTheGroup_IsWrittenByPreparedStatements_AndReadsBackWhole()
    {
        // A turn that agrees a plan adds it with its installments and cancels the plan before it: all of it written
        // directly, none of it planned by EF's update pipeline while the group's writer waits.
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var statements = new SqliteStatements();
        var ct = TestContext.Current.CancellationToken;
        var caseId = await SeedCaseAsync(database);
        var earlier = PaymentPlan.Create(caseId, Money.Of(3000m, "USD"), Money.Of(0m, "USD"), 2, PaymentFrequency.Monthly, new DateOnly(2026, 12, 1), "bot", Now.AddDays(-1));
        await using (var setup = database.NewContext())
        {
            setup.PaymentPlans.Add(earlier);
            await setup.SaveChangesAsync(ct);
        }

        var efCommands = new CommandTexts();
        await using var db = NewContext(database, statements, efCommands);
        await statements.HoldAsync(db, ct);
        (await db.PaymentPlans.SingleAsync(p => p.Id == earlier.Id, ct)).Cancel();
        var plan = PaymentPlan.Create(caseId, Money.Of(3000m, "USD"), Money.Of(600m, "USD"), 3, PaymentFrequency.Monthly, new DateOnly(2026, 12, 1), "bot", Now);
        db.PaymentPlans.Add(plan);
        efCommands.Texts.Clear();

        await db.SaveChangesAsync(ct);

        Assert.Empty(efCommands.Texts);
        Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
        Assert.Equal(1, Assert.IsType<SqliteGroupCommit>(statements.Group).Saves);
        await using var check = database.NewContext();
        var saved = await check.PaymentPlans.Include(p => p.Installments).AsNoTracking().SingleAsync(p => p.Id == plan.Id, ct);
        Assert.Equal(PlanStatus.Proposed, saved.Status);
        Assert.Equal(caseId, saved.CaseId);
        Assert.Equal(
            plan.Installments.Select(i => (i.Id, i.PlanId, i.Sequence, i.DueDate, i.Amount)),
            saved.Installments.OrderBy(i => i.Sequence).Select(i => (i.Id, i.PlanId, i.Sequence, i.DueDate, i.Amount)));
        Assert.Equal(PlanStatus.Cancelled, (await check.PaymentPlans.AsNoTracking().SingleAsync(p => p.Id == earlier.Id, ct)).Status);

        // Tracked as after any save: a later change is an UPDATE of the row just written.
        plan.Cancel();
        await db.SaveChangesAsync(ct);
        await using var again = database.NewContext();
        Assert.Equal(PlanStatus.Cancelled, (await again.PaymentPlans.AsNoTracking().SingleAsync(p => p.Id == plan.Id, ct)).Status);
    }

    private static async Task<Guid> SeedCaseAsync(SqliteTestDatabase database)
    {
        await using var db = database.NewContext();
        var creditor = new Creditor("Northwind Logistics", CreditorKind.FirstParty, "America/Chicago", Now.AddDays(-30));
        var debtor = new DebtorCompany(creditor.Id, "Acme Manufacturing Inc.", "ACME-001", Now.AddDays(-30));
        var collectionCase = new CollectionCase(debtor, Now.AddDays(-30));
        db.AddRange(creditor, debtor, collectionCase);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return collectionCase.Id;
    }

    // A unit of work holding its connection, as the engine's turns do: its saves join the group commit.
    // Starts the two saves with the file's write gate held, so both queue for the group's writer in this order, then
    // gives the gate back: one transaction takes them both.
    private static async Task<(Task<int> First, Task<int> Second)> QueueTogetherAsync(SqliteTestDatabase database, SqliteGroupCommit group, DbContext first, DbContext second)
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = SqliteWrites.GateFor(database.ConnectionString);
        var queued = group.Queued;
        await gate.WaitAsync(ct);
        try
        {
            var one = Task.Run(() => first.SaveChangesAsync(ct), ct);
            while (group.Queued < queued + 1)
            {
                await Task.Delay(1, ct);
            }

            var two = Task.Run(() => second.SaveChangesAsync(ct), ct);
            while (group.Queued < queued + 2)
            {
                await Task.Delay(1, ct);
            }

            return (one, two);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<SqliteCollectionsDbContext> HeldContextAsync(SqliteTestDatabase database, SqliteStatements statements)
    {
        var db = NewContext(database, statements);
        await statements.HoldAsync(db, TestContext.Current.CancellationToken);
        return db;
    }

    private static SqliteCollectionsDbContext NewContext(SqliteTestDatabase database, SqliteStatements statements, CommandTexts? efCommands = null) =>
        new(new DbContextOptionsBuilder<SqliteCollectionsDbContext>().UseSqlite(database.ConnectionString)
            .AddInterceptors([new SqliteWrites(), statements, .. efCommands is null ? Array.Empty<IInterceptor>() : [efCommands]]).Options);

    // The commands EF itself runs (queries and its update pipeline); statements this process prepares directly bypass it.
    private sealed class CommandTexts : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
