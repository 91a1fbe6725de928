using System.Text.Json;
using static CollectionsBot.Bot.Tests.Channels.DirectLine.DirectLineTestKit;

namespace CollectionsBot.Bot.Tests.Channels.DirectLine;

/// <summary>The official botframework-directlinejs client (tests/node) against the real host.</summary>
public sealed class DirectLineClientTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OfficialClient_VerifiesAndGetsTheAccount_OverWebSocketOrPolling(bool webSocket)
    {
        await using var host = await RunningHost.StartAsync("Development");
        var (_, token) = await PageTokenAsync(host.Client);

        var report = await RunNodeClientAsync(new
        {
            domain = Domain(host),
            token,
            webSocket,
            messages = new object[] { new { text = "which invoices are open?", replies = 1 }, new { text = "Acme Manufacturing Inc. / ACME-001", replies = 2 } },
        });

        var activities = Seen(report);
        var conversationId = report.GetProperty("conversationId").GetString()!;
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"{conversationId}|{n:D7}"), activities.Select(a => a.Id));
        Assert.Equal(["user", "bot", "user", "bot", "bot"], activities.Select(a => a.Role));
        Assert.Contains("confirm who I'm speaking with", activities[1].Text, StringComparison.Ordinal);
        Assert.Contains("NWL-10421", activities[4].Text, StringComparison.Ordinal);
        Assert.Equal(activities[2].Id, activities[4].ReplyToId);
        Assert.Equal("5", report.GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task OfficialClient_ReconnectsWithItsWatermarkAfterAHostRestart_AndMissesNothing()
    {
        var path = RunningHost.NewDatabasePath();
        var port = RunningHost.FreePort();
        var first = await RunningHost.StartAtAsync(path, port, "Development");
        var domain = Domain(first);
        string conversationId, token, watermark;
        try
        {
            var (_, pageToken) = await PageTokenAsync(first.Client);
            var before = await RunNodeClientAsync(new { domain, token = pageToken, webSocket = true, messages = new object[] { new { text = "hello", replies = 1 } } });
            (conversationId, token, watermark) = (before.GetProperty("conversationId").GetString()!, before.GetProperty("token").GetString()!, before.GetProperty("watermark").GetString()!);

            // While the client is away, the conversation moves on (another tab, say) and the host restarts.
            await PostMessageAsync(first.Client, conversationId, token, "which invoices are open?");
        }
        finally
        {
            await first.StopKeepingDatabaseAsync();
        }

        await using var second = await RunningHost.StartAtAsync(path, port, "Development");
        var after = await RunNodeClientAsync(new
        {
            domain,
            token,
            conversationId,
            watermark,
            webSocket = true,
            expectBefore = 2,
            messages = new object[] { new { text = "Acme Manufacturing Inc. / ACME-001", replies = 2 } },
        });

        var activities = Seen(after);
        Assert.Equal("2", watermark);
        Assert.Equal(Enumerable.Range(3, 5).Select(n => $"{conversationId}|{n:D7}"), activities.Select(a => a.Id));
        Assert.Equal("which invoices are open?", activities[0].Text);
        Assert.Equal(activities[0].Id, activities[1].ReplyToId);
        Assert.Contains("NWL-10421", activities[4].Text, StringComparison.Ordinal);
    }

    private static string Domain(RunningHost host) => new Uri(host.Client.BaseAddress!, "/v3/directline").ToString();

    private static List<(string Id, string Role, string? Text, string? ReplyToId)> Seen(JsonElement report) =>
    [
        .. report.GetProperty("activities").EnumerateArray().Select(a => (
            a.GetProperty("id").GetString()!,
            a.GetProperty("role").GetString()!,
            a.GetProperty("text").GetString(),
            a.GetProperty("replyToId").GetString())),
    ];
}
