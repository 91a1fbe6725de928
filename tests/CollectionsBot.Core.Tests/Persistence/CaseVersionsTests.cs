using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Tests.Persistence;

/// <summary>
/// A case's row version stamps everything a conversation reads about it (the case, its invoices, its debtor and
/// contacts, its creditor), whoever saves; and the parties a turn keeps in memory are used only while it holds.
/// </summary>
public sealed class CaseVersionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Save_InvoiceChangedWithoutItsCase_BumpsThatCaseOnly()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var before = await VersionsAsync(database, seeded);

        await using (var db = database.NewContext())
        {
            var invoice = await db.Invoices.SingleAsync(i => i.CaseId == seeded.AcmeCase, TestContext.Current.CancellationToken);
            invoice.ApplyPayment(Money.Of(100m, "USD"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var after = await VersionsAsync(database, seeded);
        Assert.Equal(before.Acme + 1, after.Acme);
        Assert.Equal(before.Brightline, after.Brightline);
        Assert.Equal(before.Other, after.Other);
    }

    [Fact]
    public async Task Save_ContactChanged_BumpsEveryCaseOfItsDebtorOnly()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var before = await VersionsAsync(database, seeded);

        await using (var db = database.NewContext())
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == seeded.AcmeContact, TestContext.Current.CancellationToken);
            contact.MarkInvalid(Now);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var after = await VersionsAsync(database, seeded);
        Assert.Equal(before.Acme + 1, after.Acme);
        Assert.Equal(before.Brightline, after.Brightline);
        Assert.Equal(before.Other, after.Other);
    }

    [Fact]
    public async Task Save_CreditorChanged_BumpsEveryCaseOfThatCreditorOnly()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var before = await VersionsAsync(database, seeded);

        await using (var db = database.NewContext())
        {
            var creditor = await db.Creditors.SingleAsync(c => c.Id == seeded.Creditor, TestContext.Current.CancellationToken);
            creditor.Policy = new NegotiationPolicy { MaxInstallments = 3 };
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var after = await VersionsAsync(database, seeded);
        Assert.Equal(before.Acme + 1, after.Acme);
        Assert.Equal(before.Brightline + 1, after.Brightline);
        Assert.Equal(before.Other, after.Other);
    }

    [Fact]
    public async Task Save_InvoiceChangedWithItsCaseTracked_MemoryAndDatabaseAgree()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var ct = TestContext.Current.CancellationToken;

        await using var db = database.NewContext();
        var collectionCase = await db.Cases.SingleAsync(c => c.Id == seeded.AcmeCase, ct);
        var invoice = await db.Invoices.SingleAsync(i => i.CaseId == seeded.AcmeCase, ct);
        invoice.MarkDisputed();
        await db.SaveChangesAsync(ct);

        Assert.Equal((await VersionsAsync(database, seeded)).Acme, collectionCase.Version);
        Assert.True(db.LastSaveChangedInvoicesOf(seeded.AcmeCase));

        // The same unit of work can go on changing the case: its version is the database's.
        collectionCase.MoveTo(CaseStage.Negotiating, Now);
        await db.SaveChangesAsync(ct);
        Assert.Equal((await VersionsAsync(database, seeded)).Acme, collectionCase.Version);
        Assert.False(db.LastSaveChangedInvoicesOf(seeded.AcmeCase));
    }

    [Fact]
    public async Task Save_OnlyMessagesAndAudit_LeavesCaseVersions()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var before = await VersionsAsync(database, seeded);

        await using (var db = database.NewContext())
        {
            var conversation = new Conversation(seeded.AcmeCase, seeded.AcmeContact, Channel.Sms, "+13125550142|+18005550100", Now);
            db.Conversations.Add(conversation);
            db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, "hello", Now, "SM-1"));
            db.AuditEvents.Add(new AuditEvent(Now, "bot", "turn.recognized", nameof(Conversation), conversation.Id.ToString(), "{}"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(before, await VersionsAsync(database, seeded));
    }

    [Fact]
    public async Task PartiesCache_KeptAndUnchanged_ServesTheSameObjectsWithoutLoading()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var cache = new PartiesCache();
        var conversation = await StartConversationAsync(database, seeded);
        var ct = TestContext.Current.CancellationToken;

        var first = await TurnThatKeepsAsync(database, cache, conversation);

        await using (var db = database.NewContext())
        {
            db.Attach(conversation);
            var second = await cache.LoadAsync(db, conversation, ct);
            Assert.Same(first.Case, second.Case);
            Assert.Same(first.Debtor, second.Debtor);
            Assert.Equal(EntityState.Unchanged, db.Entry(second.Case!).State);
            Assert.Equal(EntityState.Unchanged, db.Entry(second.Contact!).State);

            // Tracked as a load leaves them: a change saves, with the version checked.
            second.Case!.MoveTo(CaseStage.Negotiating, Now);
            await db.SaveChangesAsync(ct);
        }

        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
        await using (var db = database.NewContext())
        {
            Assert.Equal(CaseStage.Negotiating, (await db.Cases.SingleAsync(c => c.Id == seeded.AcmeCase, ct)).Stage);
        }
    }

    [Fact]
    public async Task PartiesCache_HoldsNotTheConversationThatKeptTheParties_AndServesTheCasesNextOne()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var cache = new PartiesCache();
        var ct = TestContext.Current.CancellationToken;

        // Kept after a turn, the parties must not keep that turn's conversation (with its dialog state) alive until
        // the case's next conversation: long enough under load to reach the oldest generation and be collected there.
        var kept = await KeepAfterATurnAsync(database, seeded, cache);
        for (var i = 0; i < 3 && kept.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(kept.IsAlive, "the cache still holds the conversation of the turn that kept the parties");
        Assert.Equal(1, cache.Count);

        var next = await StartConversationAsync(database, seeded, "+13125550142|+18005550199");
        await using var db = database.NewContext();
        db.Attach(next);
        var parties = await cache.LoadAsync(db, next, ct);
        Assert.Same(next, parties.Conversation);
        Assert.Equal(seeded.AcmeCase, parties.Case!.Id);
        Assert.Equal(seeded.AcmeContact, parties.Contact!.Id);
        Assert.Single(parties.Invoices);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public async Task PartiesCache_NewConversationOfTheCaseWithTheSameContact_ServedFromMemory_OtherContactLoads()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var cache = new PartiesCache();
        var ct = TestContext.Current.CancellationToken;
        var first = await StartConversationAsync(database, seeded);
        var kept = await TurnThatKeepsAsync(database, cache, first);

        // The contact answers a reminder sent from another of our numbers: a new conversation, the same case.
        var second = await StartConversationAsync(database, seeded, "+13125550142|+18005550199");
        await using (var db = database.NewContext())
        {
            db.Attach(second);
            var parties = await cache.LoadAsync(db, second, ct);
            Assert.Same(kept.Case, parties.Case);
            Assert.Same(second, parties.Conversation);
            Assert.Equal(EntityState.Unchanged, db.Entry(parties.Case!).State);
            await db.SaveChangesAsync(ct);
            cache.Keep(db, parties);
        }

        // A conversation of the case without that contact (a visitor not yet identified) does not fit: it loads.
        Conversation anonymous;
        await using (var db = database.NewContext())
        {
            anonymous = new Conversation(seeded.AcmeCase, null, Channel.WebChat, "visitor-1", Now);
            db.Conversations.Add(anonymous);
            await db.SaveChangesAsync(ct);
        }

        await using (var db = database.NewContext())
        {
            db.Attach(anonymous);
            var parties = await cache.LoadAsync(db, anonymous, ct);
            Assert.NotSame(kept.Case, parties.Case);
            Assert.Null(parties.Contact);
        }

        Assert.Equal(1, cache.Hits);
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public async Task PartiesCache_InvoicePaidElsewhereMeanwhile_LoadsAfresh()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var cache = new PartiesCache();
        var conversation = await StartConversationAsync(database, seeded);
        var ct = TestContext.Current.CancellationToken;
        await using (var db = database.NewContext())
        {
            db.Attach(conversation);
            var parties = await cache.LoadAsync(db, conversation, ct);
            Assert.Equal(4000m, parties.Invoices.Single().Balance);
            cache.Keep(db, parties);
        }

        // A payment recorded by another unit of work (a webhook, an agent) between two turns.
        await using (var db = database.NewContext())
        {
            var invoice = await db.Invoices.SingleAsync(i => i.CaseId == seeded.AcmeCase, ct);
            invoice.ApplyPayment(Money.Of(1500m, "USD"));
            await db.SaveChangesAsync(ct);
        }

        await using (var db = database.NewContext())
        {
            db.Attach(conversation);
            var parties = await cache.LoadAsync(db, conversation, ct);
            Assert.Equal(2500m, parties.Invoices.Single().Balance);
        }

        Assert.Equal(0, cache.Hits);
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public async Task PartiesCache_TurnChangedAnInvoiceThroughAnotherObject_IsNotKept()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var cache = new PartiesCache();
        var conversation = await StartConversationAsync(database, seeded);
        var ct = TestContext.Current.CancellationToken;
        await using (var db = database.NewContext())
        {
            db.Attach(conversation);
            var parties = await cache.LoadAsync(db, conversation, ct);

            // A dialog reading the invoice tracked gets its own object, not the kept (untracked) one.
            var invoice = await db.Invoices.SingleAsync(i => i.CaseId == seeded.AcmeCase, ct);
            invoice.MarkDisputed();
            await db.SaveChangesAsync(ct);
            cache.Keep(db, parties);
        }

        Assert.Equal(0, cache.Count);
        await using (var db = database.NewContext())
        {
            db.Attach(conversation);
            var parties = await cache.LoadAsync(db, conversation, ct);
            Assert.Equal(InvoiceStatus.Disputed, parties.Invoices.Single().Status);
        }
    }

    [Fact]
    public async Task PartiesCache_UnitOfWorkAlreadyTracksTheCase_LoadsInsteadOfAttachingASecondObject()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var cache = new PartiesCache();
        var conversation = await StartConversationAsync(database, seeded);
        var ct = TestContext.Current.CancellationToken;
        await using (var db = database.NewContext())
        {
            db.Attach(conversation);
            cache.Keep(db, await cache.LoadAsync(db, conversation, ct));
        }

        await using (var db = database.NewContext())
        {
            db.Attach(conversation);
            var tracked = await db.Cases.SingleAsync(c => c.Id == seeded.AcmeCase, ct);
            var parties = await cache.LoadAsync(db, conversation, ct);
            Assert.Same(tracked, parties.Case);
        }

        Assert.Equal(0, cache.Hits);
    }

    [Fact]
    public async Task PartiesCache_Full_DropsSomeAndKeepsWithinCapacity()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var seeded = await SeedAsync(database);
        var cache = new PartiesCache(capacity: 10);
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 25; i++)
        {
            var conversation = await StartConversationAsync(database, seeded, $"thread-{i}");
            await using var db = database.NewContext();
            db.Attach(conversation);
            cache.Keep(db, await cache.LoadAsync(db, conversation, ct));
            Assert.InRange(cache.Count, 1, 10);
        }

        var off = new PartiesCache(capacity: 0);
        var last = await StartConversationAsync(database, seeded, "thread-off");
        await using (var db = database.NewContext())
        {
            db.Attach(last);
            off.Keep(db, await off.LoadAsync(db, last, ct));
        }

        Assert.Equal(0, off.Count);
    }

    // A turn as the engine runs it: loads the parties through the cache, records the contact, saves, keeps them.
    // Not inlined, so nothing of its frame keeps the conversation reachable from the test's.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> KeepAfterATurnAsync(SqliteTestDatabase database, Seeded seeded, PartiesCache cache)
    {
        var conversation = await StartConversationAsync(database, seeded);
        await TurnThatKeepsAsync(database, cache, conversation);
        return new WeakReference(conversation);
    }

    private static async Task<ConversationParties> TurnThatKeepsAsync(SqliteTestDatabase database, PartiesCache cache, Conversation conversation)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.NewContext();
        db.Attach(conversation);
        var parties = await cache.LoadAsync(db, conversation, ct);
        parties.Case!.RecordContact(Now);
        await db.SaveChangesAsync(ct);
        cache.Keep(db, parties);
        return parties;
    }

    private static async Task<Conversation> StartConversationAsync(SqliteTestDatabase database, Seeded seeded, string thread = "+13125550142|+18005550100")
    {
        await using var db = database.NewContext();
        var conversation = new Conversation(seeded.AcmeCase, seeded.AcmeContact, Channel.Sms, thread, Now);
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return conversation;
    }

    private static async Task<Seeded> SeedAsync(SqliteTestDatabase database)
    {
        await using var db = database.NewContext();
        var at = Now.AddDays(-30);
        var creditor = new Creditor("Northwind Logistics", CreditorKind.FirstParty, "America/Chicago", at);
        var acme = new DebtorCompany(creditor.Id, "Acme Manufacturing Inc.", "ACME-001", at);
        var dana = acme.AddContact("Dana Whitfield", "+13125550142", "ap@acme-mfg.example", "America/Chicago", at);
        var brightline = new DebtorCompany(creditor.Id, "Brightline Foods", "BLF-7", at);
        brightline.AddContact("Sam Ortiz", "+13125550199", null, "America/Chicago", at);
        var otherCreditor = new Creditor("Hartley Industrial", CreditorKind.Agency, "Europe/London", at);
        var other = new DebtorCompany(otherCreditor.Id, "Ishikawa Precision KK", "IPK-3", at);
        var acmeCase = new CollectionCase(acme, at);
        var brightlineCase = new CollectionCase(brightline, at);
        var otherCase = new CollectionCase(other, at);
        db.AddRange(creditor, otherCreditor, acme, brightline, other, acmeCase, brightlineCase, otherCase);
        db.Invoices.Add(new Invoice(acmeCase, "INV-1001", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1), Money.Of(4000m, "USD"), Money.Of(4000m, "USD"), at));
        db.Invoices.Add(new Invoice(brightlineCase, "INV-2001", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1), Money.Of(900m, "USD"), Money.Of(900m, "USD"), at));
        db.Invoices.Add(new Invoice(otherCase, "HIC-1", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1), Money.Of(500m, "GBP"), Money.Of(500m, "GBP"), at));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return new Seeded(creditor.Id, acmeCase.Id, dana.Id, brightlineCase.Id, otherCase.Id);
    }

    private static async Task<(long Acme, long Brightline, long Other)> VersionsAsync(SqliteTestDatabase database, Seeded seeded)
    {
        await using var db = database.NewContext();
        var versions = await db.Cases.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Version, TestContext.Current.CancellationToken);
        return (versions[seeded.AcmeCase], versions[seeded.BrightlineCase], versions[seeded.OtherCase]);
    }

    private sealed record Seeded(Guid Creditor, Guid AcmeCase, Guid AcmeContact, Guid BrightlineCase, Guid OtherCase);
}
