using CollectionsBot.AgentDesk.Hub;
using CollectionsBot.Bot.Tests.Channels.DirectLine;
using CollectionsBot.Bot.Tests.Channels.Sms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>Where a hand-off goes: to another queue with a note, or straight to the least busy available agent.</summary>
public sealed class DeskRoutingTests
{
    private const string Sam = "sam@desk.example";
    private const string Alex = "alex@desk.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HeldConversation_SentToAnotherQueue_WaitsThereWithTheNote()
    {
        await using var sms = await SmsHarness.StartAsync();
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        await using var alex = await DeskAgent.ConnectAsync(host, Alex);
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var first = await DeskAgent.NextAsync(alex.Waiting);
        Assert.Equal(("HumanRequested", 1), (first.Reason, first.Priority));
        Assert.True((await sam.Hub.InvokeAsync<ClaimResult>("Claim", first.ConversationId, Ct)).Claimed);

        var unknown = await Assert.ThrowsAsync<HubException>(() => sam.Hub.InvokeAsync("TransferToQueue", first.ConversationId, "Complaints", "x", Ct));
        Assert.Contains("Hardship", unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => sam.Hub.InvokeAsync("TransferToQueue", first.ConversationId, "Hardship", " ", Ct));

        await sam.Hub.InvokeAsync("TransferToQueue", first.ConversationId, "hardship", "Cash-flow trouble after a customer went under; wants to talk about a pause.", Ct);
        var requeued = await DeskAgent.NextAsync(alex.Waiting);
        Assert.Equal((first.ConversationId, "Hardship", 2), (requeued.ConversationId, requeued.Reason, requeued.Priority));
        Assert.Contains("Sent to the Hardship queue by Sam Rivera: Cash-flow trouble", requeued.Summary, StringComparison.Ordinal);
        Assert.True(requeued.WaitingSince > first.WaitingSince);
        Assert.Empty(await sam.Hub.InvokeAsync<IReadOnlyList<Guid>>("GetMine", Ct));
        Assert.Contains(await alex.Hub.InvokeAsync<IReadOnlyList<QueueItem>>("GetQueue", Ct), q => q.ConversationId == first.ConversationId && q.Reason == "Hardship");
    }

    [Fact]
    public async Task AutoAssign_HandOffGoesToTheAvailableAgent_NeverBackToWhoSentItAway()
    {
        await using var sms = await SmsHarness.StartAsync("--Desk:AutoAssign=true");
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        await using var alex = await DeskAgent.ConnectAsync(host, Alex);
        await alex.Hub.InvokeAsync("SetStatus", "away", Ct);

        // Alex is away: Sam, available and holding nothing, gets it; the debtor is told Sam joined.
        await sms.SettledAsync();
        var sent = sms.Twilio.Accepted.Count;
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var assigned = await DeskAgent.NextAsync(sam.Assigned);
        Assert.Equal((assigned.ConversationId, "Sam Rivera"), await DeskAgent.NextAsync(alex.Taken));
        Assert.Equal([assigned.ConversationId], await sam.Hub.InvokeAsync<IReadOnlyList<Guid>>("GetMine", Ct));
        var joined = await sms.Twilio.WaitForAsync(sent + 2);
        Assert.Contains(joined, m => m["Body"].Contains("Sam Rivera from our team has joined", StringComparison.Ordinal));

        // GetMine's answer came after any push the hand-off made on Sam's connection: it was never offered to the queue.
        Assert.False(sam.Waiting.Reader.TryRead(out _));

        // Sent on to another queue: not back to Sam, Alex is away, so it waits for whoever claims it.
        await sam.Hub.InvokeAsync("TransferToQueue", assigned.ConversationId, "Dispute", "Disputes the freight surcharge on NWL-10544.", Ct);
        var waiting = await DeskAgent.NextAsync(alex.Waiting);
        Assert.Equal((assigned.ConversationId, "Dispute"), (waiting.ConversationId, waiting.Reason));
        Assert.Equal((assigned.ConversationId, "Dispute"), await NextWaitingAsync(sam));
        Assert.False(sam.Assigned.Reader.TryRead(out _));
    }

    [Fact]
    public async Task AutoAssign_AHandOffThatFoundNobodyFree_GoesToTheFirstAgentFreeAgain()
    {
        await using var sms = await SmsHarness.StartAsync("--Desk:AutoAssign=true");
        await using var sam = await DeskAgent.ConnectAsync(sms.Host.Client.BaseAddress!, Sam);
        await sam.Hub.InvokeAsync("SetStatus", "away", Ct);

        // Nobody available: it waits in the queue.
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var waiting = await DeskAgent.NextAsync(sam.Waiting);
        Assert.Empty(await sam.Hub.InvokeAsync<IReadOnlyList<Guid>>("GetMine", Ct));

        // Sam is back: it is his at once, and Dana is told who joined.
        await sms.SettledAsync();
        var sent = sms.Twilio.Accepted.Count;
        await sam.Hub.InvokeAsync("SetStatus", "available", Ct);
        Assert.Equal(waiting.ConversationId, (await DeskAgent.NextAsync(sam.Assigned)).ConversationId);
        Assert.Equal([waiting.ConversationId], await sam.Hub.InvokeAsync<IReadOnlyList<Guid>>("GetMine", Ct));
        Assert.Contains("Sam Rivera from our team has joined", (await sms.Twilio.WaitForAsync(sent + 1))[^1]["Body"], StringComparison.Ordinal);
        Assert.Empty(await sam.Hub.InvokeAsync<IReadOnlyList<QueueItem>>("GetQueue", Ct));
    }

    [Fact]
    public async Task WebChat_TypingShowsBothWays()
    {
        await using var host = await RunningHost.StartAsync("Development", DirectLineTestKit.SecretSetting);
        await using var sam = await DeskAgent.ConnectAsync(host.Client.BaseAddress!, Sam);
        var (conversation, token) = await DirectLineTestKit.PageTokenAsync(host.Client);
        await DirectLineTestKit.PostMessageAsync(host.Client, conversation, token, "I want to speak to a real person please");
        var waiting = await DeskAgent.NextAsync(sam.Waiting);
        Assert.Equal("webchat", waiting.Channel);
        Assert.True((await sam.Hub.InvokeAsync<ClaimResult>("Claim", waiting.ConversationId, Ct)).Claimed);

        // The notice that Sam joined goes out after the claim: read past it before Sam types.
        var watermark = await PastAsync(host, conversation, token, "Sam Rivera from our team has joined");

        // Sam types: Web Chat gets a typing activity from our side.
        Assert.True(await sam.Hub.InvokeAsync<bool>("Typing", waiting.ConversationId, Ct));
        var (after, _) = await DirectLineTestKit.ActivitiesAsync(host.Client, conversation, token, watermark);
        var typing = Assert.Single(after);
        Assert.Equal(("typing", "bot"), (typing.GetProperty("type").GetString(), DirectLineTestKit.Role(typing)));

        // The debtor types: Sam sees it.
        var (posted, _) = await DirectLineTestKit.SendAsync(host.Client, HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities", token, new { type = "typing", from = new { id = "user" } });
        Assert.Equal(System.Net.HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(waiting.ConversationId, await DeskAgent.NextAsync(sam.DebtorTyping));
    }

    /// <summary>The Direct Line watermark once a message containing <paramref name="text"/> has reached Web Chat (it is sent asynchronously).</summary>
    private static async Task<string> PastAsync(RunningHost host, string conversation, string token, string text)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            var (activities, watermark) = await DirectLineTestKit.ActivitiesAsync(host.Client, conversation, token);
            if (activities.Any(a => DirectLineTestKit.Text(a)?.Contains(text, StringComparison.Ordinal) == true))
            {
                return watermark;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"\"{text}\" never reached Web Chat.");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task Sms_HasNoTypingIndicator()
    {
        await using var sms = await SmsHarness.StartAsync();
        await using var sam = await DeskAgent.ConnectAsync(sms.Host.Client.BaseAddress!, Sam);
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var waiting = await DeskAgent.NextAsync(sam.Waiting);
        await Assert.ThrowsAsync<HubException>(() => sam.Hub.InvokeAsync<bool>("Typing", waiting.ConversationId, Ct));
        Assert.True((await sam.Hub.InvokeAsync<ClaimResult>("Claim", waiting.ConversationId, Ct)).Claimed);
        await sms.SettledAsync();
        var sent = sms.Twilio.Accepted.Count;
        Assert.False(await sam.Hub.InvokeAsync<bool>("Typing", waiting.ConversationId, Ct));
        await sms.SettledAsync();
        Assert.Equal(sent, sms.Twilio.Accepted.Count);
    }

    /// <summary>The next queue item on an agent's connection, as (conversation, reason).</summary>
    private static async Task<(Guid, string)> NextWaitingAsync(DeskAgent agent)
    {
        var item = await DeskAgent.NextAsync(agent.Waiting);
        return (item.ConversationId, item.Reason);
    }
}
