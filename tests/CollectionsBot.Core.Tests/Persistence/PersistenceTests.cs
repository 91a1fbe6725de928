using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CollectionsBot.Core.Tests.Persistence;

public sealed class PersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 30, 0, TimeSpan.FromHours(-6));

    [Fact]
    public async Task SaveAndLoad_WholeCase_RoundTripsEveryPart()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        Guid caseId;
        await using (var db = database.NewContext())
        {
            var creditor = new Creditor("Hartley Industrial Components Ltd", CreditorKind.Agency, "Europe/London", Now)
            {
                Policy = new NegotiationPolicy { MaxInstallments = 9, AllowedFrequencies = PaymentFrequency.Monthly },
                Compliance = new ComplianceProfile { Jurisdiction = "GB", ContactWindowStart = new TimeOnly(9, 0) },
                RemitTo = new RemitTo { PayeeName = "Hartley ICL", AccountNumber = "GB29NWBK60161331926819" },
            };
            var debtor = new DebtorCompany(creditor.Id, "Ishikawa Precision KK", "IPK-3", Now);
            var contact = debtor.AddContact("Kenji Sato", "+81355550134", "keiri@ishikawa.example", "Asia/Tokyo", Now);
            var collectionCase = new CollectionCase(debtor, Now);
            caseId = collectionCase.Id;
            var invoice = new Invoice(collectionCase, "HIC-5599", new DateOnly(2026, 8, 1), new DateOnly(2026, 8, 31), Money.Of(1250000m, "JPY"), Money.Of(1250000m, "JPY"), Now);
            var payment = new Payment(collectionCase, Money.Of(250000m, "JPY"), PaymentMethod.BankTransfer, "offline", "TT-881", Now);
            payment.Allocate([invoice]);
            var plan = PaymentPlan.Create(collectionCase.Id, Money.Of(1000000m, "JPY"), Money.Zero(Currency.Find("JPY")), 4, PaymentFrequency.Monthly, new DateOnly(2026, 12, 1), "bot", Now);
            var conversation = new Conversation(collectionCase.Id, contact.Id, Channel.Sms, "+81355550134|+18005550100", Now);
            var message = new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "Can we pay in four parts?", Now, "SM0001");
            db.AddRange(creditor, debtor, collectionCase, invoice, payment, plan, conversation, message);
            db.Promises.Add(new PromiseToPay(collectionCase.Id, contact.Id, Money.Of(250000m, "JPY"), new DateOnly(2026, 12, 1), Now));
            db.Consents.Add(new ChannelConsent(creditor.Id, Channel.Sms, "+81355550134", contact.Id, ConsentStatus.OptedOut, "sms keyword STOP", Now));
            await db.SaveChangesAsync(ct);
        }

        await using (var db = database.NewContext())
        {
            var creditor = await db.Creditors.SingleAsync(ct);
            Assert.Equal(CreditorKind.Agency, creditor.Kind);
            Assert.Equal(9, creditor.Policy.MaxInstallments);
            Assert.Equal(PaymentFrequency.Monthly, creditor.Policy.AllowedFrequencies);
            Assert.Equal(new TimeOnly(9, 0), creditor.Compliance.ContactWindowStart);
            Assert.Equal("GB29NWBK60161331926819", creditor.RemitTo.AccountNumber);

            var invoice = await db.Invoices.SingleAsync(ct);
            Assert.Equal(1000000m, invoice.Balance);
            Assert.Equal("JPY", invoice.CurrencyCode);

            var payment = await db.Payments.Include(p => p.Allocations).SingleAsync(ct);
            Assert.Equal(250000m, Assert.Single(payment.Allocations).Amount);
            Assert.Equal(Now, payment.ReceivedAt);
            Assert.Equal(Now.Offset, payment.ReceivedAt.Offset);

            var plan = await db.PaymentPlans.Include(p => p.Installments).SingleAsync(ct);
            Assert.Equal(4, plan.Installments.Count);
            Assert.Equal(caseId, plan.CaseId);

            var debtor = await db.Debtors.Include(d => d.Contacts).SingleAsync(ct);
            Assert.Equal("+81355550134", Assert.Single(debtor.Contacts).PhoneE164);
            Assert.Equal(ConsentStatus.OptedOut, (await db.Consents.SingleAsync(ct)).Status);
            Assert.Equal("SM0001", (await db.Messages.SingleAsync(ct)).ExternalId);
        }
    }

    [Fact]
    public async Task SaveChanges_StaleCase_ThrowsConcurrencyConflict()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var caseId = await SeedCaseAsync(database);

        await using var bot = database.NewContext();
        await using var agent = database.NewContext();
        var seenByBot = await bot.Cases.SingleAsync(c => c.Id == caseId, ct);
        var seenByAgent = await agent.Cases.SingleAsync(c => c.Id == caseId, ct);

        seenByAgent.MoveTo(CaseStage.Escalated, Now);
        await agent.SaveChangesAsync(ct);
        seenByBot.MoveTo(CaseStage.Negotiating, Now);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => bot.SaveChangesAsync(ct));
        await using var check = database.NewContext();
        var stored = await check.Cases.SingleAsync(c => c.Id == caseId, ct);
        Assert.Equal(CaseStage.Escalated, stored.Stage);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task SaveChanges_TwoAgentsClaimSameConversation_SecondFails()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var caseId = await SeedCaseAsync(database);
        var conversation = new Conversation(caseId, null, Channel.WebChat, "dl-42", Now);
        conversation.HandOff(HandoffReason.HumanRequested, "Wants a person.", Now);
        await using (var db = database.NewContext())
        {
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync(ct);
        }

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        (await first.Conversations.SingleAsync(ct)).Claim("agent-1");
        (await second.Conversations.SingleAsync(ct)).Claim("agent-2");
        await first.SaveChangesAsync(ct);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(ct));
        await using var check = database.NewContext();
        Assert.Equal("agent-1", (await check.Conversations.SingleAsync(ct)).AgentId);
    }

    [Fact]
    public async Task AuditTrail_UpdateOrDelete_IsRefusedByContextAndDatabase()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using (var db = database.NewContext())
        {
            db.AuditEvents.Add(new AuditEvent(Now, "bot", "offer.made", "case", "c-1", """{"installments":3}"""));
            await db.SaveChangesAsync(ct);
        }

        await using (var db = database.NewContext())
        {
            db.AuditEvents.Remove(await db.AuditEvents.SingleAsync(ct));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(ct));
        }

        await using (var db = database.NewContext())
        {
            var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "Action" = 'x'""", ct));
            Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
            var delete = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" """, ct));
            Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
            Assert.Equal("offer.made", (await db.AuditEvents.SingleAsync(ct)).Action);
        }
    }

    [Fact]
    public async Task SaveChanges_SameInboundMessageTwice_UniqueIndexRefusesDuplicate()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var conversation = new Conversation(null, null, Channel.Sms, "pair-1", Now);
        await using (var db = database.NewContext())
        {
            db.Conversations.Add(conversation);
            db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hi", Now, "SM-dup"));
            await db.SaveChangesAsync(ct);
        }

        await using (var db = database.NewContext())
        {
            var stored = await db.Conversations.SingleAsync(ct);
            db.Messages.Add(new Message(stored, MessageDirection.Inbound, SenderKind.Contact, "hi", Now, "SM-dup"));
            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
            Assert.True(DatabaseErrors.IsConflict(error));
        }

        await using var check = database.NewContext();
        Assert.Equal(1, await check.Messages.CountAsync(ct));
    }

    [Fact]
    public async Task SaveChanges_NewMessagesAndAuditEvents_WrittenOnceAndTrackedAsSaved()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var conversation = new Conversation(null, null, Channel.Sms, "pair-2", Now);
        await using (var db = database.NewContext())
        {
            db.Conversations.Add(conversation);
            var inbound = new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hello", Now, "SM-1");
            var reply = Message.Outbound(conversation, SenderKind.Bot, "Hello, how can I help?", MessagePurpose.Service, inbound.Id, "greeting", Now);
            db.Messages.AddRange(inbound, reply);
            db.AuditEvents.AddRange(new AuditEvent(Now, "bot", "a.first", "conversation", "1"), new AuditEvent(Now, "bot", "a.second", "conversation", "1"));

            Assert.Equal(5, await db.SaveChangesAsync(ct));

            // As after any EF save: keys the database numbered are on the entities, and nothing is pending.
            var audits = db.ChangeTracker.Entries<AuditEvent>().Select(e => e.Entity).OrderBy(a => a.Id).ToList();
            Assert.Equal([1L, 2L], audits.Select(a => a.Id));
            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
            Assert.Equal(0, await db.SaveChangesAsync(ct));

            // A tracked message saved this way can still be changed and saved through the tracker.
            reply.MarkSent("SM-2", Now.AddMinutes(1));
            Assert.Equal(1, await db.SaveChangesAsync(ct));
        }

        await using var check = database.NewContext();
        Assert.Equal(DeliveryStatus.Sent, (await check.Messages.SingleAsync(m => m.Direction == MessageDirection.Outbound, ct)).Status);
        Assert.Equal(["a.first", "a.second"], await check.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(ct));
    }

    [Fact]
    public async Task SaveChanges_NewRowRefusedAfterOtherChanges_WritesNothingAndKeepsEveryChangePending()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var caseId = await SeedCaseAsync(database);
        var conversation = new Conversation(caseId, null, Channel.Sms, "pair-3", Now);
        await using (var db = database.NewContext())
        {
            db.Conversations.Add(conversation);
            db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hi", Now, "SM-taken"));
            await db.SaveChangesAsync(ct);
        }

        await using (var db = database.NewContext())
        {
            var stored = await db.Conversations.SingleAsync(ct);
            var collectionCase = await db.Cases.SingleAsync(ct);
            collectionCase.MoveTo(CaseStage.Negotiating, Now);
            stored.SaveDialog("[]", "v2");
            var audit = new AuditEvent(Now, "bot", "turn.recognized", "conversation", stored.Id.ToString());
            db.AuditEvents.Add(audit);
            var duplicate = new Message(stored, MessageDirection.Inbound, SenderKind.Contact, "hi again", Now, "SM-taken");
            db.Messages.Add(duplicate);

            var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
            Assert.True(DatabaseErrors.IsConflict(error));

            // Nothing of the save stayed written: the case and conversation updates rolled back with the refused row.
            await using (var check = database.NewContext())
            {
                Assert.Equal(CaseStage.New, (await check.Cases.SingleAsync(ct)).Stage);
                Assert.Equal("", (await check.Conversations.SingleAsync(ct)).DialogVersion);
                Assert.Equal(0, await check.AuditEvents.CountAsync(ct));
            }

            // Every change is still pending, so the caller can drop the duplicate and save the rest.
            Assert.Equal(EntityState.Modified, db.Entry(collectionCase).State);
            Assert.Equal(EntityState.Modified, db.Entry(stored).State);
            Assert.Equal(EntityState.Added, db.Entry(audit).State);
            db.Entry(duplicate).State = EntityState.Detached;
            await db.SaveChangesAsync(ct);
            Assert.Equal(1, audit.Id);
        }

        await using var after = database.NewContext();
        Assert.Equal(CaseStage.Negotiating, (await after.Cases.SingleAsync(ct)).Stage);
        Assert.Equal("v2", (await after.Conversations.SingleAsync(ct)).DialogVersion);
        Assert.Equal(1, await after.Messages.CountAsync(ct));
        Assert.Equal("turn.recognized", (await after.AuditEvents.SingleAsync(ct)).Action);
    }

    [Fact]
    public async Task RecordedAuditEvents_AreWrittenWithTheSave_KeptAfterAFailedOne_AndGoneWhenChangesAreDiscarded()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var caseId = await SeedCaseAsync(database);
        var conversation = new Conversation(caseId, null, Channel.Sms, "pair-4", Now);
        await using (var db = database.NewContext())
        {
            db.Conversations.Add(conversation);
            db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hi", Now, "SM-taken"));
            var first = new AuditEvent(Now, "bot", "a.first", "conversation", "1");
            db.Record(first);

            // Written and counted with the rest, numbered by the database, and never tracked.
            Assert.Equal(3, await db.SaveChangesAsync(ct));
            Assert.Equal(1, first.Id);
            Assert.Empty(db.ChangeTracker.Entries<AuditEvent>());
            Assert.Equal(0, await db.SaveChangesAsync(ct));

            // A save that fails writes none of them and keeps them, in order, for the next one.
            var duplicate = new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hi again", Now, "SM-taken");
            db.Messages.Add(duplicate);
            var second = new AuditEvent(Now, "bot", "a.second", "conversation", "1");
            var third = new AuditEvent(Now, "bot", "a.third", "conversation", "1");
            db.Record(second);
            db.Record(third);
            Assert.True(DatabaseErrors.IsConflict(await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct))));
            Assert.Equal(0, second.Id);
            db.Entry(duplicate).State = EntityState.Detached;
            Assert.Equal(2, await db.SaveChangesAsync(ct));
            Assert.Equal((2L, 3L), (second.Id, third.Id));

            // Discarded changes take recorded events with them.
            db.Record(new AuditEvent(Now, "bot", "a.discarded", "conversation", "1"));
            db.DiscardChanges();
            Assert.Equal(0, await db.SaveChangesAsync(ct));

            // The synchronous save writes them too (through the change tracker).
            db.Record(new AuditEvent(Now, "bot", "a.fourth", "conversation", "1"));
            Assert.Equal(1, db.SaveChanges());
        }

        await using var check = database.NewContext();
        Assert.Equal(["a.first", "a.second", "a.third", "a.fourth"], await check.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(ct));
    }

    [Fact]
    public async Task RecordedMessages_AreWrittenWithTheirValuesAtTheSave_BesideRecordedEvents_AndAreNotTracked()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var caseId = await SeedCaseAsync(database);
        var conversation = new Conversation(caseId, null, Channel.Sms, "pair-5", Now);
        Message inbound, reply;
        await using (var db = database.NewContext())
        {
            // A new conversation (tracked) with its first messages and events recorded in between: the conversation's
            // row goes first, the reply after the message it answers.
            db.Conversations.Add(conversation);
            inbound = new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hi", Now, "SM-first");
            db.Record(inbound);
            db.Record(new AuditEvent(Now, "bot", "turn.recognized", "conversation", "1"));
            reply = Message.Outbound(conversation, SenderKind.Bot, "Hello", MessagePurpose.Service, inbound.Id, "greeting", Now);
            db.Record(reply);
            db.Record(new AuditEvent(Now, "bot", "message.queue", "message", "2"));

            // Written with the values the message has when the save runs.
            reply.MarkBlocked("opt_out", Now);
            Assert.Equal(5, await db.SaveChangesAsync(ct));
            Assert.Empty(db.ChangeTracker.Entries<Message>());
            Assert.Equal(0, await db.SaveChangesAsync(ct));

            // A recorded message whose channel id is taken fails the whole save as a conflict, as an added one does.
            db.Record(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hi", Now, "SM-first"));
            db.Record(new AuditEvent(Now, "bot", "turn.recognized", "conversation", "1"));
            Assert.True(DatabaseErrors.IsConflict(await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct))));
            db.DiscardChanges();
        }

        await using var check = database.NewContext();
        var messages = await check.Messages.ToListAsync(ct);
        Assert.Equal(new[] { inbound.Id, reply.Id }.Order(), messages.Select(m => m.Id).Order());
        var saved = messages.Single(m => m.Id == reply.Id);
        Assert.Equal((DeliveryStatus.Blocked, (Guid?)inbound.Id), (saved.Status, saved.InReplyToId));
        Assert.Equal(["turn.recognized", "message.queue"], await check.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(ct));
    }

    [Fact]
    public async Task RecordedAuditEvents_NeverSaved_DoNotOutliveTheirUnitOfWork_InAPool()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        var pool = new PooledDbContextFactory<SqliteCollectionsDbContext>(
            new DbContextOptionsBuilder<SqliteCollectionsDbContext>().UseSqlite(database.ConnectionString).Options);
        SqliteCollectionsDbContext first;
        await using (first = await pool.CreateDbContextAsync(ct))
        {
            first.Record(new AuditEvent(Now, "bot", "a.abandoned", "conversation", "1"));
        }

        await using (var next = await pool.CreateDbContextAsync(ct))
        {
            Assert.Same(first, next);
            next.Record(new AuditEvent(Now, "bot", "a.saved", "conversation", "1"));
            Assert.Equal(1, await next.SaveChangesAsync(ct));
        }

        await using var check = database.NewContext();
        Assert.Equal(["a.saved"], await check.AuditEvents.Select(a => a.Action).ToListAsync(ct));
    }

    [Fact]
    public async Task TrackedStateOf_SaysWhetherAndHowAnEntityIsTracked_WithoutDetectingChanges()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.NewContext();
        var creditor = new Creditor("Northwind Logistics", CreditorKind.FirstParty, "America/Chicago", Now);
        var debtor = new DebtorCompany(creditor.Id, "Acme", "A-1", Now);
        Assert.Equal(EntityState.Detached, db.TrackedStateOf(debtor));
        db.AddRange(creditor, debtor);
        await db.SaveChangesAsync(ct);
        Assert.Equal(EntityState.Unchanged, db.TrackedStateOf(debtor));

        // Changed since the last detection: only a detection (Entry().State runs one) sees it; the state it leaves is read after.
        debtor.PostalCode = "60601";
        Assert.Equal(EntityState.Unchanged, db.TrackedStateOf(debtor));
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        Assert.Equal(EntityState.Modified, db.Entry(debtor).State);
        Assert.Equal(EntityState.Modified, db.TrackedStateOf(debtor));
    }

    [Fact]
    public async Task BulkInsert_WithoutTransaction_Refuses()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var db = database.NewContext();
        var creditor = new Creditor("Northwind Logistics", CreditorKind.FirstParty, "America/Chicago", Now);

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InsertAsync<DebtorCompany>([new DebtorCompany(creditor.Id, "Acme", "A-1", Now)], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task BulkInsert_AuditEvents_DatabaseNumbersThemInOrder()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var ct = TestContext.Current.CancellationToken;
        await using (var db = database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.InsertAsync<AuditEvent>([new(Now, "bot", "a.first", "case", "1") { CaseId = Guid.NewGuid() }, new(Now, "bot", "a.second", "case", "2")], ct);
            await transaction.CommitAsync(ct);
        }

        await using var check = database.NewContext();
        var events = await check.AuditEvents.OrderBy(a => a.Id).ToListAsync(ct);
        Assert.Equal(["a.first", "a.second"], events.Select(e => e.Action));
        Assert.Equal([1L, 2L], events.Select(e => e.Id));
        Assert.Equal(Now, events[0].OccurredAt);
        Assert.NotNull(events[0].CaseId);
    }

    private static async Task<Guid> SeedCaseAsync(SqliteTestDatabase database)
    {
        await using var db = database.NewContext();
        var creditor = new Creditor("Northwind Logistics", CreditorKind.FirstParty, "America/Chicago", Now);
        var debtor = new DebtorCompany(creditor.Id, "Acme", "ACME-001", Now);
        var collectionCase = new CollectionCase(debtor, Now);
        db.AddRange(creditor, debtor, collectionCase);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return collectionCase.Id;
    }
}
