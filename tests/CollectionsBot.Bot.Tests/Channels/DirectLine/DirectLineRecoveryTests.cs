using System.Text.Json.Nodes;
using CollectionsBot.Bot.Channels.DirectLine;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CollectionsBot.Bot.Tests.Channels.DirectLine.DirectLineTestKit;

namespace CollectionsBot.Bot.Tests.Channels.DirectLine;

/// <summary>A web chat message recorded just before the host stopped gets its answer when the host starts again.</summary>
public sealed class DirectLineRecoveryTests
{
    [Fact]
    public async Task MessageRecordedButNeverRun_AnsweredAfterRestart_Once()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = RunningHost.NewDatabasePath();
        var port = RunningHost.FreePort();
        var first = await RunningHost.StartAtAsync(path, port, "Development");
        string conversationId, token, activityId;
        try
        {
            (conversationId, token) = await PageTokenAsync(first.Client);

            // The host records the debtor's message and stops before the turn runs (a crash, a deploy).
            var stored = await first.App.Services.GetRequiredService<DirectLineStore>().AppendAsync(conversationId, "client-1",
                new JsonObject { ["type"] = "message", ["text"] = "hello, who is this?", ["from"] = new JsonObject { ["id"] = "user", ["role"] = "user" } }, fromBot: false, ct);
            activityId = stored.Id;
        }
        finally
        {
            await first.StopKeepingDatabaseAsync();
        }

        await using var second = await RunningHost.StartAtAsync(path, port, "Development");
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await second.WithDbAsync(db => db.Messages.CountAsync(m => m.Channel == Channel.WebChat && m.ExternalId == activityId, ct)) == 0)
        {
            await Task.Delay(50, wait.Token);
        }

        var again = await second.App.Services.GetRequiredService<DirectLineRecovery>().RecoverAsync(ct);
        var (activities, _) = await ActivitiesAsync(second.Client, conversationId, token);

        Assert.Equal(0, again);
        var reply = Assert.Single(activities, a => Role(a) == "bot");
        Assert.Equal(activityId, reply.GetProperty("replyToId").GetString());
        Assert.Equal(1, await second.WithDbAsync(db => db.Messages.CountAsync(m => m.Channel == Channel.WebChat && m.Direction == MessageDirection.Inbound, ct)));
    }
}
