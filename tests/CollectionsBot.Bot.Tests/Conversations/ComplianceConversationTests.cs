using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Conversations;

public sealed class ComplianceConversationTests
{
    [Fact]
    public async Task StopMidPlan_ConfirmsOnceAndNothingIsSentAfterwards()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("can we pay in installments", "verify.ask");
        await sms.VerifyAsync("plan.offer");

        var stop = await sms.SayAsync("STOP", "opt_out.confirm");
        Assert.Equal(DeliveryStatus.Queued, stop.Replies[0].Status);

        var consent = await harness.WithDbAsync(db => db.Consents.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ConsentStatus.OptedOut, consent.Status);
        Assert.Equal(ConversationHarness.Phone, consent.Address);

        // Neither a reminder we start nor a reply to a later message goes out.
        var reminder = await harness.Engine.StartAsync(harness.CaseId, harness.ContactId, Channel.Sms, "reminder.first", TestContext.Current.CancellationToken);
        Assert.Equal(DeliveryStatus.Blocked, reminder.Status);
        Assert.Equal(ComplianceGuard.Rules.OptOut, reminder.ErrorCode);
        var later = await sms.SendAsync("how much do we owe?");
        Assert.All(later.Replies, r => Assert.Equal(DeliveryStatus.Blocked, r.Status));

        var blocked = await harness.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "message.block" && a.Rule == ComplianceGuard.Rules.OptOut, TestContext.Current.CancellationToken));
        Assert.True(blocked >= 2);
    }

    [Fact]
    public async Task OptOutForAnotherCreditor_LeavesThisCreditorsConversationOpen_UntilStopHere()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await harness.WithDbAsync(async db =>
        {
            // The same number opted out of another creditor's messages: consent is kept per creditor.
            var other = new Creditor("Contoso Freight", CreditorKind.FirstParty, "America/Chicago", ConversationHarness.Start);
            db.Creditors.Add(other);
            db.Consents.Add(new ChannelConsent(other.Id, Channel.Sms, ConversationHarness.Phone, null, ConsentStatus.OptedOut, "test", ConversationHarness.Start));
            return await db.SaveChangesAsync(ct);
        });
        var sms = harness.Sms();
        var first = await sms.SayAsync("can we pay in installments", "verify.ask");
        Assert.All(first.Replies, r => Assert.Equal(DeliveryStatus.Queued, r.Status));
        await sms.VerifyAsync("plan.offer");

        // Later turns read the opt-out with their thread: still this creditor's consent only.
        var later = await sms.SayAsync("how much do we owe?", "debt.summary", "plan.offer");
        Assert.All(later.Replies, r => Assert.Equal(DeliveryStatus.Queued, r.Status));

        await sms.SayAsync("STOP", "opt_out.confirm");
        var after = await sms.SendAsync("how much do we owe?");
        Assert.NotEmpty(after.Replies);
        Assert.All(after.Replies, r => Assert.Equal(DeliveryStatus.Blocked, r.Status));
    }

    [Fact]
    public async Task DisputeMidNegotiation_StopsCollectingThatInvoiceAndHandsOff()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("can we do a payment plan", "verify.ask");
        await sms.VerifyAsync("plan.offer");

        var dispute = await sms.SayAsync("actually INV-1002 was never delivered, we won't pay for that one", "handoff.dispute");
        Assert.Equal(ConversationOwner.WaitingForAgent, dispute.Owner);

        var recorded = await harness.WithDbAsync(db => db.Disputes.Include(d => d.Invoices).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(DisputeReason.NotDelivered, recorded.Reason);
        var invoices = await harness.WithDbAsync(db => db.Invoices.ToDictionaryAsync(i => i.Number, i => i.Status, TestContext.Current.CancellationToken));
        Assert.Equal(InvoiceStatus.Disputed, invoices["INV-1002"]);
        Assert.Equal(InvoiceStatus.Open, invoices["INV-1001"]);
        var conversation = await harness.WithDbAsync(db => db.Conversations.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HandoffReason.Dispute, conversation.HandoffReason);
        Assert.Contains("INV-1002", conversation.HandoffSummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisputeWithoutInvoice_AsksWhichThenRecordsTheOnesNamed()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("what do we owe?", "verify.ask");
        await sms.VerifyAsync("debt.summary");
        await sms.SayAsync("the prices on your invoice are wrong, that's not what we agreed", "dispute.ask_invoices");
        await sms.SayAsync("INV-1001", "handoff.dispute");

        var recorded = await harness.WithDbAsync(db => db.Disputes.Include(d => d.Invoices).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(DisputeReason.Pricing, recorded.Reason);
        Assert.Single(recorded.Invoices);
    }

    [Fact]
    public async Task RestartBetweenTwoTurns_ContinuesTheNegotiation()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("payment plan please", "verify.ask");
        await sms.VerifyAsync("plan.offer");

        await harness.RestartAsync();

        await sms.SayAsync("yes", "plan.accepted");
        Assert.Single(await harness.WithDbAsync(db => db.PaymentPlans.ToListAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task DuplicateInboundId_IsAnsweredOnce()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        var first = await sms.SendAsync("how much do we owe?", externalId: "SM0001");
        var retry = await sms.SendAsync("how much do we owe?", externalId: "SM0001");

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.Replies.Select(r => r.Id), retry.Replies.Select(r => r.Id));
        var messages = await harness.WithDbAsync(db => db.Messages.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1 + first.Replies.Count, messages);
    }

    [Fact]
    public async Task ConcurrentDuplicates_AreAnsweredOnce()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => sms.SendAsync("how much do we owe?", externalId: "SM0002")));

        Assert.Single(results, r => !r.Duplicate);
        var inbound = await harness.WithDbAsync(db => db.Messages.CountAsync(m => m.Direction == MessageDirection.Inbound, TestContext.Current.CancellationToken));
        Assert.Equal(1, inbound);
    }

    [Fact]
    public async Task MessageWeStartAt23_IsHeldUntilTheWindowOpens_WhileAReplyAtThatHourGoesOut()
    {
        await using var harness = await ConversationHarness.StartAsync();

        // 23:00 on Tuesday in Chicago is 05:00 UTC on Wednesday.
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero));
        var reminder = await harness.Engine.StartAsync(harness.CaseId, harness.ContactId, Channel.Sms, "reminder.first", TestContext.Current.CancellationToken);
        Assert.Equal(DeliveryStatus.Queued, reminder.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), reminder.NotBefore);
        Assert.Equal(ComplianceGuard.Rules.ContactWindow, reminder.ErrorCode);

        var reply = await harness.Sms().SendAsync("hello, what is this about?");
        Assert.All(reply.Replies, r => Assert.Null(r.NotBefore));
        Assert.All(reply.Replies, r => Assert.Equal(DeliveryStatus.Queued, r.Status));

        Assert.Empty(await harness.Engine.ReleaseDueAsync(TestContext.Current.CancellationToken));
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
        var released = Assert.Single(await harness.Engine.ReleaseDueAsync(TestContext.Current.CancellationToken));
        Assert.Equal(reminder.Id, released.Id);
        Assert.Null(released.NotBefore);
    }

    [Fact]
    public async Task HeldMessage_IsBlockedAtReleaseWhenTheDebtorOptedOutMeanwhile()
    {
        await using var harness = await ConversationHarness.StartAsync();
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero));
        var reminder = await harness.Engine.StartAsync(harness.CaseId, harness.ContactId, Channel.Sms, "reminder.first", TestContext.Current.CancellationToken);
        await harness.Sms().SayAsync("stop texting me", "opt_out.confirm");

        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero));
        Assert.Empty(await harness.Engine.ReleaseDueAsync(TestContext.Current.CancellationToken));
        var status = await harness.WithDbAsync(db => db.Messages.Where(m => m.Id == reminder.Id).Select(m => m.Status).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(DeliveryStatus.Blocked, status);
    }

    [Fact]
    public async Task FrequencyCap_HoldsTheFourthMessageWeStartInAWeek()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sent = new List<Message>();
        for (var i = 0; i < 4; i++)
        {
            sent.Add(await harness.Engine.StartAsync(harness.CaseId, harness.ContactId, Channel.Sms, "reminder.first", TestContext.Current.CancellationToken));
            harness.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.All(sent.Take(3), m => Assert.Null(m.NotBefore));
        Assert.Equal(ComplianceGuard.Rules.FrequencyCap, sent[3].ErrorCode);
        Assert.Equal(ConversationHarness.Start.AddDays(7), sent[3].NotBefore);
    }

    [Fact]
    public async Task CreditorVerifyingByPostalCodeOnly_RefusesTheReference_AndAcceptsThePostalCode()
    {
        await using var harness = await ConversationHarness.StartAsync(c => c.Compliance.VerifyWith = VerificationFactor.PostalCode);
        var sms = harness.Sms();
        await sms.SayAsync("how much do we owe?", "verify.ask_postal_code");

        // The reference alone proves nothing to this creditor; the postal code does.
        await sms.SayAsync("Acme Manufacturing, account ACME-001", "verify.retry");
        var verified = await sms.SendAsync("Acme Manufacturing, 60606");
        Assert.Equal("verify.ok", verified.Replies[0].TemplateKey);
        Assert.True(await harness.WithDbAsync(db => db.Conversations.Select(c => c.IsVerified).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task NothingIsDisclosedBeforeVerification()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        var replies = new List<Message>();
        foreach (var text in new[] { "hi", "how much do we owe you?", "which invoices are open?", "Acme", "ref 12345", "send me the payment link", "we want to pay in 3 installments" })
        {
            replies.AddRange((await sms.SendAsync(text)).Replies);
        }

        Assert.NotEmpty(replies);
        foreach (var reply in replies)
        {
            Assert.DoesNotContain("Northwind", reply.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("INV-", reply.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("$", reply.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("ACME-001", reply.Body, StringComparison.Ordinal);
        }

        Assert.Empty(harness.PaymentLinks.Requests);
        var conversation = await harness.WithDbAsync(db => db.Conversations.SingleAsync(TestContext.Current.CancellationToken));
        Assert.False(conversation.IsVerified);
    }

    [Fact]
    public async Task ThreeFailedVerifications_GoToAPersonWithoutDisclosure()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("what's our balance", "verify.ask");
        await sms.SayAsync("Acme Manufacturing, ref ACME-999", "verify.retry");
        await sms.SayAsync("Northwind Logistics 60601", "verify.retry");
        var last = await sms.SayAsync("ACME-001", "handoff.unverified");
        Assert.Equal(ConversationOwner.WaitingForAgent, last.Owner);
    }

    [Fact]
    public async Task AnonymousWebVisitor_IsIdentifiedByCompanyAndPostalCode()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var web = harness.WebChat("dl-1");
        await web.SayAsync("what is the balance on our account?", "verify.ask");
        var verified = await web.SayAsync("We are Acme Manufacturing Inc, postcode 60606", "verify.ok", "debt.summary");
        Assert.Contains("$6,000.00", verified.Replies[1].Body, StringComparison.Ordinal);
        Assert.Contains("INV-1001", verified.Replies[1].Body, StringComparison.Ordinal);

        var conversation = await harness.WithDbAsync(db => db.Conversations.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(harness.CaseId, conversation.CaseId);
        Assert.True(conversation.IsVerified);
    }

    [Fact]
    public async Task AgencyCreditor_AddsTheCollectorDisclosureToTheFirstCollectionMessageOnly()
    {
        await using var harness = await ConversationHarness.StartAsync(c => c.Kind = CreditorKind.Agency);
        var sms = harness.Sms();
        await sms.SayAsync("what do we owe?", "verify.ask");
        var first = await sms.SendAsync("Acme Manufacturing ACME-001");
        Assert.Contains("attempt to collect a debt", first.Replies[^1].Body, StringComparison.Ordinal);

        var second = await sms.SendAsync("what do we owe?");
        Assert.DoesNotContain("attempt to collect a debt", second.Replies[^1].Body, StringComparison.Ordinal);
        Assert.Contains("from a debt collector", second.Replies[^1].Body, StringComparison.Ordinal);
    }
}
