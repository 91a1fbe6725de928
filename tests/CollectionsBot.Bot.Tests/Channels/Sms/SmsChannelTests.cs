using System.Net;
using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Bot.Channels.Sms;
using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Bot.Tests.Channels.Sms;

/// <summary>Texting the running host as Twilio does, with Twilio's REST API played by a local fake.</summary>
public sealed class SmsChannelTests
{
    [Fact]
    public async Task Conversation_FirstTextToAcceptedPlan_RepliesGoOutThroughTwilio()
    {
        await using var sms = await SmsHarness.StartAsync();

        var greeting = await sms.ConverseAsync(SmsHarness.Dana, "hi there");
        var owed = await sms.ConverseAsync(SmsHarness.Dana, "how much do we owe you?");
        var verified = await sms.ConverseAsync(SmsHarness.Dana, "Acme Manufacturing Inc., account ACME-001");
        var offer = await sms.ConverseAsync(SmsHarness.Dana, "can we set up a payment plan?");
        var accepted = await sms.ConverseAsync(SmsHarness.Dana, "yes that works");

        Assert.NotEmpty(greeting);
        Assert.NotEmpty(owed);

        // Nothing about the debt before verification; the balance after it.
        var balance = await sms.Host.WithDbAsync(db => db.Invoices.Where(i => i.DebtorId == db.Contacts.Single(c => c.PhoneE164 == SmsHarness.Dana).DebtorId)
            .SumAsync(i => i.Balance, TestContext.Current.CancellationToken));
        var total = balance.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("en-US"));
        Assert.All(greeting.Concat(owed), m =>
        {
            Assert.DoesNotContain("$", m["Body"], StringComparison.Ordinal);
            Assert.DoesNotContain("Northwind", m["Body"], StringComparison.Ordinal);
        });
        Assert.Contains(verified, m => m["Body"].Contains(total, StringComparison.Ordinal));
        Assert.NotEmpty(offer);
        var done = Assert.Single(accepted);
        Assert.StartsWith("Done: your plan is set up.", done["Body"], StringComparison.Ordinal);

        // Every reply went to Dana from the number she wrote to, with a status callback to us.
        Assert.All(sms.Twilio.Accepted, m =>
        {
            Assert.Equal(SmsHarness.Dana, m["To"]);
            Assert.Equal(SmsHarness.OurNumber, m["From"]);
            Assert.StartsWith($"{sms.PublicBaseUrl}{TwilioWebhooks.StatusPath}?m=", m["StatusCallback"], StringComparison.Ordinal);
        });

        var caseId = await sms.Host.WithDbAsync(db => db.Conversations.Where(c => c.Address == SmsHarness.Dana).Select(c => c.CaseId).SingleAsync(TestContext.Current.CancellationToken));
        var plan = await sms.Host.WithDbAsync(db => db.PaymentPlans.Include(p => p.Installments).Where(p => p.CaseId == caseId).OrderBy(p => p.Id).LastAsync(TestContext.Current.CancellationToken));
        Assert.Equal(balance, plan.Total);
        foreach (var installment in plan.Installments.Take(4))
        {
            Assert.Contains(installment.Amount.ToString("N2", System.Globalization.CultureInfo.GetCultureInfo("en-US")), done["Body"], StringComparison.Ordinal);
        }

        // The messages are on record as sent, with Twilio's ids.
        var outbound = await sms.Host.WithDbAsync(db => db.Messages.Where(m => m.Direction == MessageDirection.Outbound).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(sms.Twilio.Accepted.Count, outbound.Count);
        Assert.All(outbound, m => Assert.Equal(DeliveryStatus.Sent, m.Status));
        Assert.Equal(sms.Twilio.Accepted.Select(m => m["Sid"]).Order(), outbound.Select(m => m.ExternalId!).Order());
    }

    [Fact]
    public async Task RetriedWebhook_SameMessageSid_OneReply()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        // Twilio retries when we are slow: once after the first was answered, and twice at the same moment.
        using (var first = await sms.TextAsync(SmsHarness.Dana, "hi there", sid: "SMretry0000000000000000000000001"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await sms.SettledAsync();
        var afterFirst = sms.Twilio.Accepted.Count;
        var retries = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => sms.TextAsync(SmsHarness.Dana, "hi there", sid: "SMretry0000000000000000000000001")));
        Assert.All(retries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await sms.Host.App.Services.GetRequiredService<OutboundDispatcher>().DeliverReadyAsync(ct);

        Assert.Equal(1, afterFirst);
        Assert.Single(sms.Twilio.Accepted);
        Assert.Equal(1, await sms.Host.WithDbAsync(db => db.Messages.CountAsync(m => m.Direction == MessageDirection.Inbound, ct)));
    }

    [Fact]
    public async Task ReplyOfferedAfterAPassThatAskedSentIt_GoesOutOnce()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var dispatcher = sms.Host.App.Services.GetRequiredService<OutboundDispatcher>();

        // A turn whose offer comes late: a pass that asks the database (the timer's, a nudge's) runs between the
        // turn's commit and its offer, finds the reply and sends it.
        var turn = await sms.Host.App.Services.GetRequiredService<ConversationEngine>().HandleAsync(
            new InboundActivity(Channel.Sms, SmsThreads.Key(SmsHarness.Dana, SmsHarness.OurNumber), SmsHarness.Dana, "hi there", "SMlate00000000000000000000000001"), ct);
        var reply = Assert.Single(turn.Replies);
        await dispatcher.DeliverReadyAsync(ct);
        Assert.Single(sms.Twilio.Accepted);

        dispatcher.Offer(turn);
        await dispatcher.DeliverReadyAsync(ct);
        await Task.Delay(500, ct); // the dispatcher's own passes (every 0.2 s here) have had their chance too

        Assert.Equal(1, sms.Twilio.Attempts);
        var sent = await sms.Host.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == reply.Id, ct));
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
        Assert.Equal(sms.Twilio.Accepted.Single()["Sid"], sent.ExternalId);
    }

    [Fact]
    public async Task Stop_ConfirmedOnce_ThenNothingIsSent_UntilStart()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await sms.ConverseAsync(SmsHarness.Dana, "hi there");

        var stop = await sms.ConverseAsync(SmsHarness.Dana, "STOP");
        var again = await sms.ConverseAsync(SmsHarness.Dana, "stop");

        var confirmation = Assert.Single(stop);
        Assert.Contains("opted out", confirmation["Body"], StringComparison.Ordinal);
        Assert.Empty(again);
        var consent = await sms.Host.WithDbAsync(db => db.Consents.SingleAsync(ct));
        Assert.Equal(ConsentStatus.OptedOut, consent.Status);
        Assert.Equal(SmsHarness.Dana, consent.Address);

        // A reminder we start ourselves is recorded as blocked and never reaches Twilio; nor does a reply.
        var (caseId, contactId) = await sms.Host.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.SingleAsync(c => c.PhoneE164 == SmsHarness.Dana, ct);
            return (await db.Cases.Where(c => c.DebtorId == contact.DebtorId).Select(c => c.Id).SingleAsync(ct), contact.Id);
        });
        var reminder = await sms.Host.App.Services.GetRequiredService<ConversationEngine>().StartAsync(caseId, contactId, Channel.Sms, "reminder.first", ct);
        var quiet = await sms.ConverseAsync(SmsHarness.Dana, "how much do we owe?");
        await sms.Host.App.Services.GetRequiredService<OutboundDispatcher>().RunOnceAsync(ct);

        Assert.Equal(DeliveryStatus.Blocked, reminder.Status);
        Assert.Empty(quiet);
        Assert.Equal(2, sms.Twilio.Accepted.Count);
        Assert.Equal(2, sms.Twilio.Attempts);

        // START opts back in, confirmed.
        var start = await sms.ConverseAsync(SmsHarness.Dana, "START");
        Assert.Contains("opted back in", Assert.Single(start)["Body"], StringComparison.Ordinal);
        Assert.Equal(ConsentStatus.OptedIn, (await sms.Host.WithDbAsync(db => db.Consents.AsNoTracking().SingleAsync(ct))).Status);
    }

    [Fact]
    public async Task ReplyToAReminderWeStarted_ContinuesThatConversation()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var (caseId, contactId) = await sms.Host.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.SingleAsync(c => c.PhoneE164 == SmsHarness.Dana, ct);
            return (await db.Cases.Where(c => c.DebtorId == contact.DebtorId).Select(c => c.Id).SingleAsync(ct), contact.Id);
        });
        var reminder = await sms.Host.App.Services.GetRequiredService<ConversationEngine>().StartAsync(caseId, contactId, Channel.Sms, "reminder.first", ct);

        await sms.ConverseAsync(SmsHarness.Dana, "hi, what is this about?");

        var inbound = await sms.Host.WithDbAsync(db => db.Messages.SingleAsync(m => m.Direction == MessageDirection.Inbound, ct));
        Assert.Equal(reminder.ConversationId, inbound.ConversationId);
        Assert.Equal(1, await sms.Host.WithDbAsync(db => db.Conversations.CountAsync(c => c.Address == SmsHarness.Dana, ct)));
    }

    [Fact]
    public async Task Keywords_HelpAndMediaOnly_AnsweredWithoutDisclosure()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var help = Assert.Single(await sms.ConverseAsync(SmsHarness.Dana, "HELP"));
        var before = sms.Twilio.Accepted.Count;
        using (var picture = await sms.TextAsync(SmsHarness.Dana, "", media: 1))
        {
            Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        }

        await sms.SettledAsync();
        var textOnly = Assert.Single(sms.Twilio.Accepted.Skip(before));

        Assert.Contains("STOP", help["Body"], StringComparison.Ordinal);
        Assert.DoesNotContain("Northwind", help["Body"], StringComparison.Ordinal);
        Assert.Contains("only read text", textOnly["Body"], StringComparison.Ordinal);
        Assert.Equal(2, await sms.Host.WithDbAsync(db => db.Messages.CountAsync(m => m.Direction == MessageDirection.Inbound, ct)));
    }

    [Fact]
    public async Task UnknownNumber_NeutralReply_AndQueuedForAPerson()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var replies = await sms.ConverseAsync("+14155550123", "what do we owe you for invoice NWL-10421?");

        var reply = Assert.Single(replies);
        foreach (var secret in new[] { "Northwind", "Acme", "NWL-10421", "4,250", "$" })
        {
            Assert.DoesNotContain(secret, reply["Body"], StringComparison.Ordinal);
        }

        var task = await sms.Host.WithDbAsync(db => db.FollowUps.SingleAsync(ct));
        Assert.Equal(FollowUpKind.ReviewUnknownSender, task.Kind);
        Assert.Contains("+14155550123", task.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signature_MissingOrWrong_Refused403_NothingRecorded()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        using var wrong = await sms.TextAsync(SmsHarness.Dana, "hi", signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        using var missing = await sms.Host.Client.PostAsync(TwilioWebhooks.SmsPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SM1", ["From"] = SmsHarness.Dana, ["To"] = SmsHarness.OurNumber, ["Body"] = "hi" }), ct);
        using var status = await sms.Host.Client.PostAsync(TwilioWebhooks.StatusPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SM1", ["MessageStatus"] = "delivered" }), ct);

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await sms.Host.WithDbAsync(db => db.Messages.CountAsync(ct)));
    }

    [Fact]
    public async Task StatusCallback_MarksDelivery_InOrderOfStates_AndRefusesTampering()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var sent = Assert.Single(await sms.ConverseAsync(SmsHarness.Dana, "hi there"));
        var callback = sent["StatusCallback"][sms.PublicBaseUrl.Length..];

        var fields = new Dictionary<string, string> { ["MessageSid"] = sent["Sid"], ["MessageStatus"] = "delivered", ["AccountSid"] = FakeTwilio.AccountSid, ["To"] = SmsHarness.Dana };
        var tampered = new Dictionary<string, string>(fields) { ["MessageStatus"] = "failed" };
        using var bad = await sms.PostSignedAsync(callback, tampered, signature: Twilio.Signature(sms, callback, fields));
        using var delivered = await sms.PostSignedAsync(callback, fields);
        using var late = await sms.PostSignedAsync(callback, new Dictionary<string, string>(fields) { ["MessageStatus"] = "sent" });

        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delivered.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, late.StatusCode);
        var message = await sms.Host.WithDbAsync(db => db.Messages.SingleAsync(m => m.ExternalId == sent["Sid"], ct));
        Assert.Equal(DeliveryStatus.Delivered, message.Status);
    }

    [Fact]
    public async Task Twilio21610_MessageFailed_AndNumberOptedOut()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        sms.Twilio.Script((400, TwilioSmsSender.OptedOutError));

        await sms.ConverseAsync(SmsHarness.Dana, "hi there");

        var reply = await sms.Host.WithDbAsync(db => db.Messages.SingleAsync(m => m.Direction == MessageDirection.Outbound, ct));
        Assert.Equal(DeliveryStatus.Failed, reply.Status);
        Assert.Equal(TwilioSmsSender.OptedOutError, reply.ErrorCode);
        Assert.Equal(ConsentStatus.OptedOut, (await sms.Host.WithDbAsync(db => db.Consents.SingleAsync(ct))).Status);
        Assert.Equal(1, sms.Twilio.Attempts);
    }

    [Fact]
    public async Task TwilioErrors_5xxRetried_4xxNot()
    {
        await using var sms = await SmsHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        sms.Twilio.Script((500, null), (429, "20429"));
        var retried = await sms.ConverseAsync(SmsHarness.Dana, "hi there");
        Assert.Single(retried);
        Assert.Equal(3, sms.Twilio.Attempts);

        sms.Twilio.Script((400, "21211"));
        await sms.ConverseAsync(SmsHarness.Dana, "how much do we owe?");
        Assert.Equal(4, sms.Twilio.Attempts);
        var failed = await sms.Host.WithDbAsync(db => db.Messages.SingleAsync(m => m.Status == DeliveryStatus.Failed, ct));
        Assert.Equal("21211", failed.ErrorCode);
    }

    [Fact]
    public async Task ReplyWhileAnEarlierOneWaitsForARetry_WaitsWithIt_AndBothGoOutInOrder()
    {
        await using var sms = await SmsHarness.StartAsync("--Delivery:RetryAfterSeconds=3");
        var ct = TestContext.Current.CancellationToken;

        // Twilio is down for the first reply's attempt and all its retries: it waits three seconds.
        sms.Twilio.Script((503, null), (503, null), (503, null), (503, null));
        using (var first = await sms.TextAsync(SmsHarness.Dana, "hi there"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var down = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while (sms.Twilio.Attempts < 4)
            {
                await Task.Delay(10, down.Token);
            }
        }

        // The next turn's reply is ready at once, but its conversation is waiting: it goes out after the first.
        await sms.ConverseAsync(SmsHarness.Dana, "how much do we owe you?");

        var recorded = await sms.Host.WithDbAsync(db => db.Messages.Where(m => m.Direction == MessageDirection.Outbound).OrderBy(m => m.CreatedAt).ToListAsync(ct));
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, m => Assert.Equal(DeliveryStatus.Sent, m.Status));
        Assert.Equal(recorded.Select(m => m.Body), sms.Twilio.Accepted.Select(m => m["Body"]));
    }

    [Fact]
    public async Task WithoutTwilio_WebhooksRefuse_AndTextsGoToTheOutboxFolder()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "collectionsbot-tests", $"outbox-{Guid.NewGuid():N}");
        await using var host = await RunningHost.StartAsync("Testing", $"--Twilio:OutboxFolder={outbox}");
        var ct = TestContext.Current.CancellationToken;
        try
        {
            using var refused = await host.Client.PostAsync(TwilioWebhooks.SmsPath, new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SM1" }), ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

            var engine = host.App.Services.GetRequiredService<ConversationEngine>();
            var turn = await engine.HandleAsync(new InboundActivity(Channel.Sms, SmsThreads.Key(SmsHarness.Dana, SmsHarness.OurNumber), SmsHarness.Dana, "hi there", "SMoffline1"), ct);
            await host.App.Services.GetRequiredService<OutboundDispatcher>().DeliverReadyAsync(ct);

            var file = Assert.Single(Directory.GetFiles(outbox, "*.txt"));
            var text = await File.ReadAllTextAsync(file, ct);
            Assert.Contains($"To: {SmsHarness.Dana}", text, StringComparison.Ordinal);
            Assert.Contains(turn.Replies[0].Body, text, StringComparison.Ordinal);
            Assert.Equal(DeliveryStatus.Sent, (await host.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == turn.Replies[0].Id, ct))).Status);
        }
        finally
        {
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }

    private static class Twilio
    {
        public static string Signature(SmsHarness sms, string pathAndQuery, Dictionary<string, string> fields) =>
            TwilioSignature.Compute(sms.PublicBaseUrl + pathAndQuery, fields, FakeTwilio.AuthToken);
    }
}
