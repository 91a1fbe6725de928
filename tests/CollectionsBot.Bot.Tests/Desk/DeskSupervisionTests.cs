using System.Net.Http.Json;
using CollectionsBot.AgentDesk.Hub;
using CollectionsBot.AgentDesk.Supervision;
using CollectionsBot.Bot.Tests.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>Supervisors watch any live conversation read-only, and the board shows where the desk is late.</summary>
public sealed class DeskSupervisionTests
{
    private const string Sam = "sam@desk.example";
    private const string Morgan = "morgan@desk.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SupervisorWatchesALiveConversation_TheBotsTurnsThenThePersonsWords_AgentsMayNotWatch()
    {
        await using var sms = await SmsHarness.StartAsync();
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        await using var morgan = await DeskAgent.ConnectAsync(host, Morgan);
        var watched = System.Threading.Channels.Channel.CreateUnbounded<DeskMessage>();
        morgan.Hub.On<DeskMessage>(nameof(IAgentDeskClient.Watched), m => watched.Writer.TryWrite(m));

        // A conversation with the bot, watched from its second message on: the transcript so far, then each turn.
        await sms.ConverseAsync(SmsHarness.Dana, "hi there");
        var conversationId = await sms.Host.WithDbAsync(db => db.Conversations.Select(c => c.Id).SingleAsync(Ct));
        var transcript = await morgan.Hub.InvokeAsync<IReadOnlyList<DeskMessage>>("Watch", conversationId, Ct);
        Assert.Equal("hi there", transcript[0].Body);
        Assert.Contains(transcript, m => m.Sender == "bot");
        var refused = await Assert.ThrowsAsync<HubException>(() => sam.Hub.InvokeAsync<IReadOnlyList<DeskMessage>>("Watch", conversationId, Ct));
        Assert.Contains("Only supervisors", refused.Message, StringComparison.Ordinal);

        await sms.ConverseAsync(SmsHarness.Dana, "how much do we owe you?");
        var asked = await DeskAgent.NextAsync(watched);
        Assert.Equal(("inbound", "contact", "how much do we owe you?"), (asked.Direction, asked.Sender, asked.Body));
        Assert.Equal("bot", (await DeskAgent.NextAsync(watched)).Sender);

        // Handed to Sam: the supervisor sees the debtor's request, the bot's notice, who joined and what Sam says.
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        Assert.Equal("I want to speak to a real person please", (await DeskAgent.NextAsync(watched)).Body);
        Assert.Equal("bot", (await DeskAgent.NextAsync(watched)).Sender);
        Assert.True((await sam.Hub.InvokeAsync<ClaimResult>("Claim", conversationId, Ct)).Claimed);
        Assert.Contains("Sam Rivera from our team has joined", (await DeskAgent.NextAsync(watched)).Body, StringComparison.Ordinal);
        await sam.Hub.InvokeAsync<ReplyResult>("Reply", conversationId, "Hello Dana, this is Sam. How can I help?", Ct);
        var said = await DeskAgent.NextAsync(watched);
        Assert.Equal(("outbound", "agent", "Hello Dana, this is Sam. How can I help?"), (said.Direction, said.Sender, said.Body));

        // Read-only: watching gives no hold; the supervisor cannot reply in Sam's conversation. After Unwatch, silence.
        await Assert.ThrowsAsync<HubException>(() => morgan.Hub.InvokeAsync<ReplyResult>("Reply", conversationId, "Morgan here", Ct));
        await morgan.Hub.InvokeAsync("Unwatch", conversationId, Ct);
        await sms.ConverseAsync(SmsHarness.Dana, "Thanks Sam");
        Assert.Equal("Thanks Sam", (await DeskAgent.NextAsync(sam.DebtorMessages)).Body);

        // A round trip on the supervisor's own connection: a Watched push sent with the turn would have arrived before its answer.
        await morgan.Hub.InvokeAsync<IReadOnlyList<QueueItem>>("GetQueue", Ct);
        Assert.False(watched.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Board_ShowsSlaBreaches_AWaitPastItsTargetThenADebtorLeftUnanswered()
    {
        await using var sms = await SmsHarness.StartAsync();
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        var (supervisor, _) = await DeskAgent.SignInAsync(host, Morgan);
        using var _ = supervisor;
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var waiting = await DeskAgent.NextAsync(sam.Waiting);
        var board = await supervisor.GetFromJsonAsync<SupervisorBoard.Board>("/api/desk/board", Ct);
        Assert.Empty(board!.SlaBreaches);
        Assert.Empty(board.Held);

        // A person asked for 45 minutes ago: past the 30-minute target for routine hand-offs.
        var now = DateTimeOffset.UtcNow;
        await sms.Host.WithDbAsync(db => db.Conversations.Where(c => c.Id == waiting.ConversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.HandedOffAt, now.AddMinutes(-45)), Ct));
        board = await supervisor.GetFromJsonAsync<SupervisorBoard.Board>("/api/desk/board", Ct);
        var late = Assert.Single(board!.SlaBreaches);
        Assert.Equal((waiting.ConversationId, "waiting", "HumanRequested", 30), (late.ConversationId, late.Kind, late.Reason, late.TargetMinutes));
        Assert.InRange(late.MinutesOver, 14, 15);

        // Claimed, then the debtor writes and nobody answers for 25 minutes: past the 10-minute answer target.
        Assert.True((await sam.Hub.InvokeAsync<ClaimResult>("Claim", waiting.ConversationId, Ct)).Claimed);
        await sms.ConverseAsync(SmsHarness.Dana, "Hello? Is anyone there?");
        await sms.Host.WithDbAsync(async db =>
        {
            await db.Messages.Where(m => m.ConversationId == waiting.ConversationId && m.Body != "Hello? Is anyone there?").ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, now.AddMinutes(-40)), Ct);
            return await db.Messages.Where(m => m.ConversationId == waiting.ConversationId && m.Body == "Hello? Is anyone there?").ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, now.AddMinutes(-25)), Ct);
        });
        board = await supervisor.GetFromJsonAsync<SupervisorBoard.Board>("/api/desk/board", Ct);
        var unanswered = Assert.Single(board!.SlaBreaches);
        Assert.Equal(("unanswered", "Sam Rivera", "Acme Manufacturing Inc.", 10), (unanswered.Kind, unanswered.Agent, unanswered.DebtorName, unanswered.TargetMinutes));

        // The board lists what people hold, to watch it: who, the debtor, the channel, the reason, since the hand-off.
        var held = Assert.Single(board.Held);
        Assert.Equal((waiting.ConversationId, "Sam Rivera", "Acme Manufacturing Inc.", "sms", "HumanRequested"), (held.ConversationId, held.Agent, held.DebtorName, held.Channel, held.Reason));
        Assert.InRange(held.Since, now.AddMinutes(-46), now.AddMinutes(-44));

        // Sam answers: no breach.
        await sam.Hub.InvokeAsync<ReplyResult>("Reply", waiting.ConversationId, "Yes, sorry for the wait. Sam here.", Ct);
        Assert.Empty((await supervisor.GetFromJsonAsync<SupervisorBoard.Board>("/api/desk/board", Ct))!.SlaBreaches);
    }
}
