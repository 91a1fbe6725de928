using CollectionsBot.Core.Compliance;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Wording;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Bot.Tests.Conversations;

public sealed class FlowConversationTests
{
    [Fact]
    public async Task InvoicePaidElsewhereBetweenTurns_TheNextTurnShowsTheNewBalance()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var sms = harness.Sms();
        await sms.SayAsync("how much do we owe?", "verify.ask");
        var first = await sms.SendAsync("Acme Manufacturing, account ACME-001");
        Assert.Contains("6,000.00", first.Replies.Single(r => r.TemplateKey == "debt.summary").Body, StringComparison.Ordinal);

        // A payment posted by another unit of work (the ledger, the desk) between two turns of the conversation: the
        // turn's parties kept in memory are stale, which the case's version read with the thread must tell.
        await harness.WithDbAsync(async db =>
        {
            (await db.Invoices.SingleAsync(i => i.Number == "INV-1001", ct)).ApplyPayment(Money.Of(1500m, "USD"));
            return await db.SaveChangesAsync(ct);
        });

        var later = await sms.SendAsync("how much do we owe?");
        var summary = later.Replies.Single(r => r.TemplateKey == "debt.summary").Body;
        Assert.Contains("4,500.00", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("6,000.00", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestDetails_AfterVerification_ListsEveryOpenInvoiceAndTheTotal()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var web = harness.WebChat("dl-details");
        await web.SayAsync("which invoices are open?", "verify.ask");
        var summary = await web.SayAsync("Acme Manufacturing Inc. / ACME-001", "verify.ok", "debt.summary");

        var text = summary.Replies[1].Body;
        Assert.Contains("INV-1001: $4,000.00, due Thursday 1 October 2026", text, StringComparison.Ordinal);
        Assert.Contains("INV-1002: $2,000.00, due Saturday 31 October 2026", text, StringComparison.Ordinal);
        Assert.Contains("Total open: $6,000.00", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestDetails_AfterAPaymentRecordedElsewhereBetweenTurns_StatesTheNewBalance()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var web = harness.WebChat("dl-paid-meanwhile");
        await web.SayAsync("which invoices are open?", "verify.ask");
        var before = await web.SayAsync("Acme Manufacturing Inc. / ACME-001", "verify.ok", "debt.summary");
        Assert.Contains("Total open: $6,000.00", before.Replies[1].Body, StringComparison.Ordinal);
        var again = await web.SayAsync("what do we owe?", "debt.summary");
        Assert.Contains("Total open: $6,000.00", again.Replies[0].Body, StringComparison.Ordinal);

        // A bank transfer booked by another unit of work (the payments API) while the conversation goes on: the bot
        // kept this conversation's parties in memory after the last turn, and must not state the old balance.
        var prompts = harness.Services.GetRequiredService<PromptLibrary>();
        await harness.WithDbAsync(async db =>
        {
            await PaymentLedger.RecordAsync(
                db, prompts, new ReceivedPayment("offline", "TT-4410", Money.Of(1500m, "USD"), PaymentMethod.BankTransfer, ConversationHarness.Start, null, harness.CaseId), ConversationHarness.Start, TestContext.Current.CancellationToken);
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        var after = await web.SayAsync("what do we owe now?", "debt.summary");
        Assert.Contains("INV-1001: $2,500.00", after.Replies[0].Body, StringComparison.Ordinal);
        Assert.Contains("Total open: $4,500.00", after.Replies[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PayFull_SendsALinkForTheCollectibleBalance()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("send me a link to pay the whole balance by card", "verify.ask");
        var link = await sms.SayAsync("Acme Manufacturing ACME-001", "verify.ok", "pay.link");

        var request = Assert.Single(harness.PaymentLinks.Requests);
        Assert.Equal(6000m, request.Amount.Amount);
        Assert.Equal("USD", request.Amount.Currency.Code);
        Assert.Equal(2, request.InvoiceIds.Count);
        Assert.Contains($"https://pay.test/{request.AttemptId:N}", link.Replies[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlreadyPaid_CapturesTheDetailsPausesRemindersAndQueuesACheck()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("we already paid this", "verify.ask");
        await sms.VerifyAsync("already_paid.ask_details");
        await sms.SayAsync("we wired $4,000 on Monday, reference WT-88231", "already_paid.thanks");

        var task = await harness.WithDbAsync(db => db.FollowUps.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(FollowUpKind.VerifyPayment, task.Kind);
        Assert.Contains("WT-88231", task.Details, StringComparison.Ordinal);
        Assert.Contains("4,000.00", task.Details, StringComparison.Ordinal);
        Assert.Contains("2026-11-23", task.Details, StringComparison.Ordinal);
        var collectionCase = await harness.WithDbAsync(db => db.Cases.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ConversationHarness.Start.AddDays(7), collectionCase.RemindersPausedUntil);
        Assert.Equal(ConversationOwner.Bot, (await harness.WithDbAsync(db => db.Conversations.SingleAsync(TestContext.Current.CancellationToken))).Owner);
    }

    [Fact]
    public async Task Insolvency_FlagsTheCaseStopsAutomatedContactAndHandsOff()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        var notice = await sms.SayAsync("We filed for chapter 11 bankruptcy last week.", "handoff.insolvency");
        Assert.Equal(DeliveryStatus.Queued, notice.Replies[0].Status);
        Assert.Equal(ConversationOwner.WaitingForAgent, notice.Owner);

        var collectionCase = await harness.WithDbAsync(db => db.Cases.SingleAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(collectionCase.InsolventSince);
        Assert.Equal(CaseStage.Escalated, collectionCase.Stage);
        var reminder = await harness.Engine.StartAsync(harness.CaseId, harness.ContactId, Channel.Email, "reminder.first", TestContext.Current.CancellationToken);
        Assert.Equal(DeliveryStatus.Blocked, reminder.Status);
        Assert.Equal(ComplianceGuard.Rules.Insolvency, reminder.ErrorCode);
    }

    [Fact]
    public async Task Counsel_IsRecordedAndTheDebtorIsNoLongerContactedDirectly()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("Please speak to our attorney about this.", "counsel.ask_contact");
        var done = await sms.SayAsync("Her name is Jane Porter, jporter@porterlaw.example", "handoff.counsel");
        Assert.Equal(ConversationOwner.WaitingForAgent, done.Owner);

        var counsel = await harness.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Role == ContactRole.Counsel, TestContext.Current.CancellationToken));
        Assert.Equal("jporter@porterlaw.example", counsel.Email);
        Assert.Equal("Jane Porter", counsel.Name);
        var collectionCase = await harness.WithDbAsync(db => db.Cases.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(counsel.Id, collectionCase.CounselContactId);
        var reminder = await harness.Engine.StartAsync(harness.CaseId, harness.ContactId, Channel.Email, "reminder.first", TestContext.Current.CancellationToken);
        Assert.Equal(ComplianceGuard.Rules.Counsel, reminder.ErrorCode);
    }

    [Fact]
    public async Task WrongContact_StopsMessagingThatContactAndRecordsTheReferral()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("wrong number, I don't work at that company", "wrong_contact.ask");
        await sms.SayAsync("try accounts@acme-mfg.example", "wrong_contact.thanks");

        var task = await harness.WithDbAsync(db => db.FollowUps.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(FollowUpKind.UpdateContact, task.Kind);
        Assert.Contains("accounts@acme-mfg.example", task.Details, StringComparison.Ordinal);
        var contact = await harness.WithDbAsync(db => db.Contacts.SingleAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(contact.InvalidSince);
        var reminder = await harness.Engine.StartAsync(harness.CaseId, harness.ContactId, Channel.Sms, "reminder.first", TestContext.Current.CancellationToken);
        Assert.Equal(ComplianceGuard.Rules.WrongContact, reminder.ErrorCode);
    }

    [Fact]
    public async Task CallbackLater_IsScheduledAtTheWindowOpeningOnTheDayNamed()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("busy now, can you contact me on Thursday?", "callback.confirm");

        var task = await harness.WithDbAsync(db => db.FollowUps.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(FollowUpKind.Callback, task.Kind);

        // Thursday 2026-11-26 08:00 in Chicago.
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero), task.DueAt);
    }

    [Fact]
    public async Task CallbackLater_WithoutADay_AsksWhich()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("can you get back to me later?", "callback.ask_time");
        await sms.SayAsync("Saturday", "callback.confirm");

        // Saturday is outside the weekday window: the next opening is Monday 2026-11-30 08:00 in Chicago.
        var task = await harness.WithDbAsync(db => db.FollowUps.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero), task.DueAt);
    }

    [Theory]
    [InlineData("We just can't pay right now, business has collapsed and cash is really tight.", "handoff.hardship", HandoffReason.Hardship)]
    [InlineData("I want to speak to a real person please", "handoff.human", HandoffReason.HumanRequested)]
    public async Task HandOffIntents_GoToPeopleWithAReasonAndSummary(string text, string notice, HandoffReason reason)
    {
        await using var harness = await ConversationHarness.StartAsync();
        var result = await harness.Sms().SayAsync(text, notice);
        Assert.Equal(ConversationOwner.WaitingForAgent, result.Owner);

        var conversation = await harness.WithDbAsync(db => db.Conversations.SingleAsync(TestContext.Current.CancellationToken));
        Assert.Equal(reason, conversation.HandoffReason);
        Assert.Contains(text, conversation.HandoffSummary, StringComparison.Ordinal);
        Assert.Equal(1, await harness.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "conversation.handoff", TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Abuse_GetsACalmReplyFirstThenAPerson()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("you people are useless idiots", "abusive.calm");
        var second = await sms.SayAsync("shut up you idiots", "handoff.abusive");
        Assert.Equal(ConversationOwner.WaitingForAgent, second.Owner);
    }

    [Fact]
    public async Task TwoMessagesNotUnderstood_OfferAPerson()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("the weather in the harbour is grey today", "clarify");
        await sms.SayAsync("purple elephants dance", "clarify.offer_person");
        var yes = await sms.SayAsync("yes please", "handoff.not_understood");
        Assert.Equal(ConversationOwner.WaitingForAgent, yes.Owner);
    }

    [Fact]
    public async Task ResolvedConversation_ReopensWithTheBotOnANewMessage()
    {
        await using var harness = await ConversationHarness.StartAsync();
        var sms = harness.Sms();
        await sms.SayAsync("wrong number", "wrong_contact.ask");
        await sms.SayAsync("no idea, sorry", "wrong_contact.sorry");
        var again = await sms.SendAsync("hello?");
        Assert.Equal(ConversationOwner.Bot, again.Owner);
        var reply = Assert.Single(again.Replies);
        Assert.Equal("greeting", reply.TemplateKey);
        Assert.Equal(MessagePurpose.Service, reply.Purpose);
    }
}
