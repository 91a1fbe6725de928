using System.Net;
using System.Net.Http.Json;
using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.Bot.Tests.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>
/// The desk over real Kestrel with the official SignalR client: an SMS conversation handed off, two agents racing
/// for it, the debtor's messages reaching the one who won, the agent's reply reaching (fake) Twilio.
/// </summary>
public sealed class AgentDeskHubTests
{
    private const string Sam = "sam@desk.example";
    private const string Alex = "alex@desk.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HandedOffBySms_TwoAgentsRace_ExactlyOneWins_AndTalksWithTheDebtor()
    {
        await using var sms = await SmsHarness.StartAsync();
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        await using var alex = await DeskAgent.ConnectAsync(host, Alex);

        // The bot hands the conversation to people: both agents see it join the queue.
        var handoff = await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        Assert.Single(handoff);
        var waiting = await DeskAgent.NextAsync(sam.Waiting);
        Assert.Equal("HumanRequested", waiting.Reason);
        Assert.Equal("sms", waiting.Channel);
        Assert.Equal(waiting.ConversationId, (await DeskAgent.NextAsync(alex.Waiting)).ConversationId);
        Assert.Contains(await sam.Hub.InvokeAsync<IReadOnlyList<AgentDesk.Hub.QueueItem>>("GetQueue", Ct), i => i.ConversationId == waiting.ConversationId);

        // Both claim at once: exactly one wins; the other is told who holds it.
        var results = await Task.WhenAll(
            sam.Hub.InvokeAsync<AgentDesk.Hub.ClaimResult>("Claim", waiting.ConversationId, Ct),
            alex.Hub.InvokeAsync<AgentDesk.Hub.ClaimResult>("Claim", waiting.ConversationId, Ct));
        Assert.Single(results, r => r.Claimed);
        var (winner, loser) = results[0].Claimed ? (sam, alex) : (alex, sam);
        var winnerName = results[0].Claimed ? "Sam Rivera" : "Alex Chen";
        Assert.Equal(winnerName, results.Single(r => !r.Claimed).HeldBy);
        Assert.Contains(results.Single(r => r.Claimed).Transcript, m => m.Body == "I want to speak to a real person please");
        Assert.Equal((waiting.ConversationId, winnerName), await DeskAgent.NextAsync(loser.Taken));
        var owner = await sms.Host.WithDbAsync(db => db.Conversations.AsNoTracking().SingleAsync(c => c.Id == waiting.ConversationId, Ct));
        Assert.Equal(ConversationOwner.Agent, owner.Owner);
        var context = await winner.Hub.InvokeAsync<AgentDesk.Cases.CaseContext?>("GetContext", waiting.ConversationId, Ct);
        Assert.Equal("ACME-001", context!.Debtor.Reference);
        Assert.Contains(context.Conversations, c => c.Id == waiting.ConversationId && c.HandoffReason == "HumanRequested");

        // The debtor is told a person joined.
        await sms.SettledAsync();
        Assert.Contains($"{winnerName} from our team has joined", sms.Twilio.Accepted[^1]["Body"], StringComparison.Ordinal);

        // The debtor's next message goes to the owner, and the bot stays silent.
        var before = sms.Twilio.Accepted.Count;
        using (var response = await sms.TextAsync(SmsHarness.Dana, "Invoice INV-1002 was for goods we never received"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var message = await DeskAgent.NextAsync(winner.DebtorMessages);
        Assert.Equal("Invoice INV-1002 was for goods we never received", message.Body);
        Assert.Equal("contact", message.Sender);
        await sms.SettledAsync();
        Assert.Equal(before, sms.Twilio.Accepted.Count);
        Assert.False(loser.DebtorMessages.Reader.TryRead(out _));

        // The owner answers on the debtor's own channel, through the guard.
        var reply = await winner.Hub.InvokeAsync<AgentDesk.Hub.ReplyResult>("Reply", waiting.ConversationId, "Thank you Dana, I am checking the delivery records now.", Ct);
        Assert.Equal("allow", reply.Verdict);
        var sent = await sms.Twilio.WaitForAsync(before + 1);
        Assert.Equal("Thank you Dana, I am checking the delivery records now.", sent[^1]["Body"]);
        Assert.Equal(SmsHarness.Dana, sent[^1]["To"]);
        var recorded = await sms.Host.WithDbAsync(db => db.Messages.AsNoTracking().SingleAsync(m => m.Id == reply.MessageId, Ct));
        Assert.Equal(SenderKind.Agent, recorded.Sender);

        // The one who lost cannot answer for it.
        var refused = await Assert.ThrowsAsync<HubException>(() => loser.Hub.InvokeAsync<AgentDesk.Hub.ReplyResult>("Reply", waiting.ConversationId, "Hello from me too", Ct));
        Assert.Contains("claim it first", refused.Message, StringComparison.Ordinal);

        // Handed back to the bot: the debtor is told the person left, and the bot answers again.
        await winner.Hub.InvokeAsync("HandBack", waiting.ConversationId, Ct);
        var left = await sms.Twilio.WaitForAsync(before + 2);
        Assert.Contains($"{winnerName} has left the conversation", left[^1]["Body"], StringComparison.Ordinal);
        Assert.NotEmpty(await sms.ConverseAsync(SmsHarness.Dana, "hello again"));
    }

    [Fact]
    public async Task AgentAway_DebtorWritesMeanwhile_ReconnectFindsTheConversationAndTheMessage()
    {
        await using var sms = await SmsHarness.StartAsync();
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var waiting = await DeskAgent.NextAsync(sam.Waiting);
        var claim = await sam.Hub.InvokeAsync<AgentDesk.Hub.ClaimResult>("Claim", waiting.ConversationId, Ct);
        Assert.True(claim.Claimed);
        var seen = claim.Transcript[^1].At;

        await sam.Hub.StopAsync(Ct);
        await sms.ConverseAsync(SmsHarness.Dana, "Are you still there? We can pay half on Friday.");

        await using var back = DeskAgent.Connection(host, sam.Cookies);
        await back.StartAsync(Ct);
        Assert.Equal([waiting.ConversationId], await back.InvokeAsync<IReadOnlyList<Guid>>("GetMine", Ct));
        var missed = await back.InvokeAsync<IReadOnlyList<AgentDesk.Hub.DeskMessage>>("GetTranscript", waiting.ConversationId, seen, Ct);
        Assert.Contains(missed, m => m.Body == "Are you still there? We can pay half on Friday." && m.Direction == "inbound");
        Assert.DoesNotContain(missed, m => m.Body == "I want to speak to a real person please");
    }

    [Fact]
    public async Task Held_NotedTransferredAndWrappedUp_TheDebtorHearsWhoJoinsAndLeaves()
    {
        await using var sms = await SmsHarness.StartAsync();
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        await using var alex = await DeskAgent.ConnectAsync(host, Alex);
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var waiting = await DeskAgent.NextAsync(sam.Waiting);
        Assert.True((await sam.Hub.InvokeAsync<AgentDesk.Hub.ClaimResult>("Claim", waiting.ConversationId, Ct)).Claimed);

        // A note for colleagues: on the record, never sent.
        await sms.SettledAsync();
        var sentBefore = sms.Twilio.Accepted.Count;
        var note = await sam.Hub.InvokeAsync<AgentDesk.Hub.DeskNote>("AddNote", waiting.ConversationId, "Dana says the pallet arrived damaged; photos promised.", Ct);
        Assert.Equal("Sam Rivera", note.Author);
        await sms.SettledAsync();
        Assert.Equal(sentBefore, sms.Twilio.Accepted.Count);

        // Transferred to Alex, who is told at once; the debtor hears who joined; Sam no longer holds it.
        await sam.Hub.InvokeAsync("Transfer", waiting.ConversationId, Alex, Ct);
        Assert.Equal((waiting.ConversationId, "Sam Rivera"), await DeskAgent.NextAsync(alex.Transferred));
        var joined = await sms.Twilio.WaitForAsync(sentBefore + 1);
        Assert.Contains("Alex Chen from our team has joined", joined[^1]["Body"], StringComparison.Ordinal);
        Assert.Empty(await sam.Hub.InvokeAsync<IReadOnlyList<Guid>>("GetMine", Ct));
        Assert.Equal([waiting.ConversationId], await alex.Hub.InvokeAsync<IReadOnlyList<Guid>>("GetMine", Ct));
        Assert.Equal([note.Text], (await alex.Hub.InvokeAsync<IReadOnlyList<AgentDesk.Hub.DeskNote>>("GetNotes", waiting.ConversationId, Ct)).Select(n => n.Text));

        // Wrap-up needs a known disposition; then the conversation is closed and the debtor told.
        var unknown = await Assert.ThrowsAsync<HubException>(() => alex.Hub.InvokeAsync("WrapUp", waiting.ConversationId, "sorted", null, Ct));
        Assert.Contains("dispute_accepted", unknown.Message, StringComparison.Ordinal);
        await alex.Hub.InvokeAsync("WrapUp", waiting.ConversationId, "dispute_accepted", "Credit note for the damaged pallet", Ct);
        var left = await sms.Twilio.WaitForAsync(sentBefore + 2);
        Assert.Contains("Alex Chen has left the conversation", left[^1]["Body"], StringComparison.Ordinal);
        var (owner, wrapUp) = await sms.Host.WithDbAsync(async db => (
            (await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == waiting.ConversationId, Ct)).Owner,
            await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == "desk.wrapped_up", Ct)));
        Assert.Equal(ConversationOwner.Resolved, owner);
        Assert.Contains("\"disposition\":\"dispute_accepted\"", wrapUp.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaseContext_CreditorUserSeesOwnCasesOnly_AgentsSeeAny()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var address = host.Client.BaseAddress!;
        var (own, other) = await host.WithDbAsync(async db =>
        {
            var northwind = await db.Creditors.SingleAsync(c => c.Name == "Northwind Logistics", Ct);
            var acme = await db.Debtors.SingleAsync(d => d.Reference == "ACME-001", Ct);
            var mine = await db.Cases.Where(c => c.DebtorId == acme.Id).Select(c => c.Id).FirstAsync(Ct);
            var theirs = await db.Cases.Where(c => c.CreditorId != northwind.Id).Select(c => c.Id).FirstAsync(Ct);
            return (mine, theirs);
        });

        var (creditor, _) = await DeskAgent.SignInAsync(address, "northwindlogistics@creditor.example");
        using (creditor)
        {
            var context = await creditor.GetFromJsonAsync<AgentDesk.Cases.CaseContext>($"/api/desk/cases/{own}", Ct);
            Assert.Equal("Northwind Logistics", context!.Creditor.Name);
            Assert.Equal("ACME-001", context.Debtor.Reference);
            Assert.NotEmpty(context.Invoices);
            Assert.Contains(context.Contacts, c => c.Phone == SmsHarness.Dana);

            using var refused = await creditor.GetAsync($"/api/desk/cases/{other}", Ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        var (agent, _) = await DeskAgent.SignInAsync(address, Sam);
        using (agent)
        {
            using var theirs = await agent.GetAsync($"/api/desk/cases/{other}", Ct);
            Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
            using var missing = await agent.GetAsync($"/api/desk/cases/{Guid.NewGuid()}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using var anonymous = await host.Client.GetAsync($"/api/desk/cases/{own}", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task SupervisorBoard_ShowsTheQueueAndEachAgentsStatusAndLoad_AgentsCannotSeeIt()
    {
        await using var sms = await SmsHarness.StartAsync();
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        await using var alex = await DeskAgent.ConnectAsync(host, Alex);
        await alex.Hub.InvokeAsync("SetStatus", "away", Ct);
        await Assert.ThrowsAsync<HubException>(() => alex.Hub.InvokeAsync("SetStatus", "asleep", Ct));
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var waiting = await DeskAgent.NextAsync(sam.Waiting);

        var (supervisor, _) = await DeskAgent.SignInAsync(host, "morgan@desk.example");
        using (supervisor)
        {
            var before = await supervisor.GetFromJsonAsync<AgentDesk.Supervision.SupervisorBoard.Board>("/api/desk/board", Ct);
            Assert.Equal(1, before!.Waiting);
            Assert.Equal([new AgentDesk.Supervision.SupervisorBoard.ReasonCount("HumanRequested", 1)], before.WaitingByReason);
            Assert.NotNull(before.OldestWaitSeconds);

            Assert.True((await sam.Hub.InvokeAsync<AgentDesk.Hub.ClaimResult>("Claim", waiting.ConversationId, Ct)).Claimed);
            var after = await supervisor.GetFromJsonAsync<AgentDesk.Supervision.SupervisorBoard.Board>("/api/desk/board", Ct);
            Assert.Equal(0, after!.Waiting);
            var agents = after.Agents.ToDictionary(a => a.Name, a => (a.Status, a.Holding));
            Assert.Equal(("available", 1), agents["Sam Rivera"]);
            Assert.Equal(("away", 0), agents["Alex Chen"]);
            Assert.Equal(("offline", 0), agents["Morgan Lee"]);
        }

        using var refused = await sam.Http.GetAsync("/api/desk/board", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Anonymous_AndCreditorUsers_AreKeptOffTheDesk()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var address = host.Client.BaseAddress!;

        using (var anonymous = await host.Client.GetAsync("/api/desk/session", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var noCookie = DeskAgent.Connection(address, null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => noCookie.StartAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await noCookie.DisposeAsync();

        // A creditor's user signs in, but the hub is for agents and supervisors.
        var (http, cookies) = await DeskAgent.SignInAsync(address, "northwindlogistics@creditor.example");
        using (http)
        {
            var who = await http.GetFromJsonAsync<DeskAccounts.Who>("/api/desk/session", Ct);
            Assert.Equal([DeskRoles.Creditor], who!.Roles);
            Assert.NotNull(who.CreditorId);
            var creditorHub = DeskAgent.Connection(address, cookies);
            var forbidden = await Assert.ThrowsAsync<HttpRequestException>(() => creditorHub.StartAsync(Ct));
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            await creditorHub.DisposeAsync();
        }

        // A wrong password: 401 problem details, and no cookie.
        using var wrong = await host.Client.PostAsJsonAsync("/api/desk/session", new DeskAccounts.SignInRequest(Sam, "not-the-password"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
    }
}
