using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CollectionsBot.Bot.Channels.DirectLine;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CollectionsBot.Bot.Tests.Channels.DirectLine.DirectLineTestKit;

namespace CollectionsBot.Bot.Tests.Channels.DirectLine;

public sealed class DirectLineApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Generate_WithSecret_GivesATokenThatStartsItsConversation()
    {
        await using var host = await RunningHost.StartAsync("Testing", SecretSetting);

        var (generated, token) = await SendAsync(host.Client, HttpMethod.Post, "/v3/directline/tokens/generate", DirectLineSecret, new { user = new { id = "dl_site-user-7" } });
        var conversationId = token.GetProperty("conversationId").GetString()!;
        var (started, conversation) = await SendAsync(host.Client, HttpMethod.Post, "/v3/directline/conversations", token.GetProperty("token").GetString());

        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.Equal(3600, token.GetProperty("expires_in").GetInt32());
        Assert.DoesNotContain(DirectLineSecret, token.GetProperty("token").GetString()!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(conversationId, conversation.GetProperty("conversationId").GetString());
        Assert.StartsWith($"ws://{host.Client.BaseAddress!.Authority}/v3/directline/conversations/{conversationId}/stream?watermark=0&t=", conversation.GetProperty("streamUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("dl_site-user-7", await host.WithDbAsync(db => db.DirectLineConversations.Where(c => c.Id == conversationId).Select(c => c.UserId).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Generate_MissingWrongOrUnconfiguredSecret_IsRefusedWithTheErrorShape()
    {
        await using var host = await RunningHost.StartAsync("Testing", SecretSetting);
        await using var noSecret = await RunningHost.StartAsync();

        var (missing, missingBody) = await SendAsync(host.Client, HttpMethod.Post, "/v3/directline/tokens/generate", null);
        var (wrong, wrongBody) = await SendAsync(host.Client, HttpMethod.Post, "/v3/directline/tokens/generate", "not-the-secret-0123456789abcdef");
        var (off, offBody) = await SendAsync(noSecret.Client, HttpMethod.Post, "/v3/directline/tokens/generate", DirectLineSecret);
        var page = await PageTokenAsync(noSecret.Client);
        var (withToken, _) = await SendAsync(noSecret.Client, HttpMethod.Post, "/v3/directline/tokens/generate", page.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Unauthorized", missingBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.False(string.IsNullOrEmpty(wrongBody.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, off.StatusCode);
        Assert.Contains("not configured", offBody.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, withToken.StatusCode);
    }

    [Fact]
    public async Task Refresh_Token_GivesANewTokenForTheSameConversation_SecretIsRefused()
    {
        await using var host = await RunningHost.StartAsync("Testing", SecretSetting);
        var (conversationId, token) = await PageTokenAsync(host.Client);

        var (refreshed, body) = await SendAsync(host.Client, HttpMethod.Post, "/v3/directline/tokens/refresh", token);
        var fresh = body.GetProperty("token").GetString()!;
        var (reads, _) = await SendAsync(host.Client, HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", fresh);
        var (bySecret, _) = await SendAsync(host.Client, HttpMethod.Post, "/v3/directline/tokens/refresh", DirectLineSecret);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(conversationId, body.GetProperty("conversationId").GetString());
        Assert.NotEqual(token, fresh);
        Assert.Equal(HttpStatusCode.OK, reads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bySecret.StatusCode);
    }

    [Fact]
    public async Task StartConversation_WithSecret_CreatesOneAndReconnectGivesANewStreamUrl()
    {
        await using var host = await RunningHost.StartAsync("Testing", SecretSetting);

        var (created, body) = await SendAsync(host.Client, HttpMethod.Post, "/v3/directline/conversations", DirectLineSecret);
        var conversationId = body.GetProperty("conversationId").GetString()!;
        var token = body.GetProperty("token").GetString()!;
        var (reconnected, again) = await SendAsync(host.Client, HttpMethod.Get, $"/v3/directline/conversations/{conversationId}?watermark=4", token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reconnected.StatusCode);
        Assert.Equal(token, again.GetProperty("token").GetString());
        Assert.Contains("/stream?watermark=4&t=", again.GetProperty("streamUrl").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(body.GetProperty("streamUrl").GetString(), again.GetProperty("streamUrl").GetString());
    }

    [Fact]
    public async Task PostMessage_RecordsItRunsTheTurnAndTheReplyFollowsWithTheWatermark()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var (conversationId, token) = await PageTokenAsync(host.Client);

        var id = await PostMessageAsync(host.Client, conversationId, token, "hello");
        var (all, watermark) = await ActivitiesAsync(host.Client, conversationId, token);
        var (after, same) = await ActivitiesAsync(host.Client, conversationId, token, watermark);
        var (fromOne, _) = await ActivitiesAsync(host.Client, conversationId, token, "1");

        Assert.Equal($"{conversationId}|0000001", id);
        Assert.Equal(2, all.Count);
        Assert.Equal(("user", "hello"), (Role(all[0]), Text(all[0])));
        Assert.Equal("bot", Role(all[1]));
        Assert.Equal(id, all[1].GetProperty("replyToId").GetString());
        Assert.Equal(conversationId, all[1].GetProperty("conversation").GetProperty("id").GetString());
        Assert.Contains("accounts assistant", Text(all[1]), StringComparison.Ordinal);
        Assert.True(all[1].TryGetProperty("timestamp", out _));
        Assert.Equal("2", watermark);
        Assert.Empty(after);
        Assert.Equal("2", same);
        Assert.Equal(all[1].GetProperty("id").GetString(), Assert.Single(fromOne).GetProperty("id").GetString());

        // On the record as a web chat turn, the reply delivered (by the sender, through the dispatcher or the turn).
        var inbound = await host.WithDbAsync(db => db.Messages.SingleAsync(m => m.ExternalId == id, Ct));
        Assert.Equal(Channel.WebChat, inbound.Channel);
    }

    [Fact]
    public async Task PostMessage_SameClientActivityIdTwice_OneActivityAndOneReply()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var (conversationId, token) = await PageTokenAsync(host.Client);

        var first = await PostMessageAsync(host.Client, conversationId, token, "hello", "client-1");
        var second = await PostMessageAsync(host.Client, conversationId, token, "hello", "client-1");
        var (all, _) = await ActivitiesAsync(host.Client, conversationId, token);

        Assert.Equal(first, second);
        Assert.Equal(2, all.Count);
        Assert.Equal(1, await host.WithDbAsync(db => db.Messages.CountAsync(m => m.ExternalId == first, Ct)));
    }

    [Fact]
    public async Task PostTyping_IsAcceptedButNotATurn()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var (conversationId, token) = await PageTokenAsync(host.Client);

        var (response, body) = await SendAsync(host.Client, HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token, new { type = "typing", from = new { id = "user" } });
        var (all, _) = await ActivitiesAsync(host.Client, conversationId, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.GetProperty("id").GetString(), Assert.Single(all).GetProperty("id").GetString());
        Assert.Equal(0, await host.WithDbAsync(db => db.Conversations.CountAsync(c => c.ChannelConversationId == conversationId, Ct)));
    }

    [Fact]
    public async Task PostAttachmentsOnly_IsAnsweredPolitelyByText()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var (conversationId, token) = await PageTokenAsync(host.Client);

        var (response, body) = await SendAsync(host.Client, HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token,
            new { type = "message", attachments = new[] { new { contentType = "image/png", contentUrl = "https://example.test/remittance.png", name = "remittance.png" } } });
        var (all, _) = await ActivitiesAsync(host.Client, conversationId, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = all[^1];
        Assert.Equal("bot", Role(reply));
        Assert.Equal(body.GetProperty("id").GetString(), reply.GetProperty("replyToId").GetString());
        Assert.Contains("only read typed messages", Text(reply), StringComparison.Ordinal);
        var recorded = await host.WithDbAsync(db => db.Messages.Where(m => m.Direction == MessageDirection.Outbound && m.TemplateKey == "text_only")
            .Join(db.Conversations.Where(c => c.ChannelConversationId == conversationId), m => m.ConversationId, c => c.Id, (m, c) => m).CountAsync(Ct));
        Assert.Equal(1, recorded);
    }

    [Fact]
    public async Task Upload_FilesAreNotedNotKept_AndAnsweredByText()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var (conversationId, token) = await PageTokenAsync(host.Client);
        using var form = new MultipartFormDataContent();
        using var activity = new StringContent("""{"type":"message","from":{"id":"user"}}""", Encoding.UTF8, "application/vnd.microsoft.activity");
        using var file = new ByteArrayContent([1, 2, 3]);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(activity, "activity", "blob");
        form.Add(file, "file", "statement.pdf");
        using var request = Request(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/upload?userId=user", token);
        request.Content = form;

        using var response = await host.Client.SendAsync(request, Ct);
        var (all, _) = await ActivitiesAsync(host.Client, conversationId, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attachment = Assert.Single(all[0].GetProperty("attachments").EnumerateArray());
        Assert.Equal("statement.pdf", attachment.GetProperty("name").GetString());
        Assert.False(attachment.TryGetProperty("contentUrl", out _));
        Assert.Contains("only read typed messages", Text(all[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForeignToken_CannotReadWriteOrReconnectAnotherConversation()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var a = await PageTokenAsync(host.Client);
        var b = await PageTokenAsync(host.Client);
        await PostMessageAsync(host.Client, b.ConversationId, b.Token, "hello");

        var (read, readBody) = await SendAsync(host.Client, HttpMethod.Get, $"/v3/directline/conversations/{b.ConversationId}/activities", a.Token);
        var (write, _) = await SendAsync(host.Client, HttpMethod.Post, $"/v3/directline/conversations/{b.ConversationId}/activities", a.Token, new { type = "message", text = "hi" });
        var (reconnect, _) = await SendAsync(host.Client, HttpMethod.Get, $"/v3/directline/conversations/{b.ConversationId}", a.Token);
        var (unknown, _) = await SendAsync(host.Client, HttpMethod.Get, "/v3/directline/conversations/no-such-conversation/activities", a.Token);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("Forbidden", readBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reconnect.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(2, (await ActivitiesAsync(host.Client, b.ConversationId, b.Token)).Activities.Count);
    }

    [Fact]
    public async Task UnknownConversation_WithSecret_Is404()
    {
        await using var host = await RunningHost.StartAsync("Testing", SecretSetting);

        var (response, body) = await SendAsync(host.Client, HttpMethod.Get, "/v3/directline/conversations/no-such-conversation/activities", DirectLineSecret);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NotFound", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ExpiredOrForgedToken_Is403()
    {
        await using var host = await RunningHost.StartAsync();
        var (conversationId, token) = await PageTokenAsync(host.Client);
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-3));
        var old = new DirectLineTokens(host.App.Services.GetRequiredService<IDataProtectionProvider>(), past, host.App.Services.GetRequiredService<IOptions<DirectLineOptions>>())
            .Issue(new DirectLineGrant(conversationId, "dl_user", null, false));

        var (expired, body) = await SendAsync(host.Client, HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", old);
        var (forged, _) = await SendAsync(host.Client, HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities", token[..^4] + "AAAA");

        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Equal("TokenExpired", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task BadInput_Is400WithTheErrorShape_AndWritesNothing()
    {
        await using var host = await RunningHost.StartAsync();
        var (conversationId, token) = await PageTokenAsync(host.Client);
        var path = $"/v3/directline/conversations/{conversationId}/activities";

        using var badJson = Request(HttpMethod.Post, path, token);
        badJson.Content = new StringContent("{\"type\": \"message\", \"text\": ", Encoding.UTF8, "application/json");
        using var badJsonResponse = await host.Client.SendAsync(badJson, Ct);
        var badJsonBody = JsonDocument.Parse(await badJsonResponse.Content.ReadAsStringAsync(Ct)).RootElement;
        var (noType, noTypeBody) = await SendAsync(host.Client, HttpMethod.Post, path, token, new { text = "hi" });
        var (textNotString, _) = await SendAsync(host.Client, HttpMethod.Post, path, token, new { type = "message", text = 5 });
        var (badWatermark, _) = await SendAsync(host.Client, HttpMethod.Get, $"{path}?watermark=abc", token);
        var (tooBig, _) = await SendAsync(host.Client, HttpMethod.Post, path, token, new { type = "message", text = new string('x', 70_000) });

        Assert.Equal(HttpStatusCode.BadRequest, badJsonResponse.StatusCode);
        Assert.Equal("BadSyntax", badJsonBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
        Assert.Equal("BadArgument", noTypeBody.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, textNotString.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badWatermark.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Empty((await ActivitiesAsync(host.Client, conversationId, token)).Activities);
    }

    [Fact]
    public async Task Stream_SendsTheBacklogThenNewActivitiesAndKeepAliveFrames()
    {
        await using var host = await RunningHost.StartAsync("Development", "--DirectLine:KeepAliveSeconds=0.3");
        var (conversationId, token) = await PageTokenAsync(host.Client);
        var first = await PostMessageAsync(host.Client, conversationId, token, "hello");
        var (_, started) = await SendAsync(host.Client, HttpMethod.Get, $"/v3/directline/conversations/{conversationId}?watermark=1", token);
        using var socket = new ClientWebSocket();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));

        await socket.ConnectAsync(new Uri(started.GetProperty("streamUrl").GetString()!), timeout.Token);
        var backlog = await ReceiveFrameAsync(socket, timeout.Token);
        var keepAlive = await ReceiveFrameAsync(socket, timeout.Token);
        var second = await PostMessageAsync(host.Client, conversationId, token, "thanks, bye");
        var frames = new List<JsonElement>();
        while (!frames.SelectMany(f => f.GetProperty("activities").EnumerateArray()).Any(a => a.TryGetProperty("replyToId", out var r) && r.GetString() == second))
        {
            var frame = await ReceiveFrameAsync(socket, timeout.Token);
            if (frame.Length > 0)
            {
                frames.Add(JsonDocument.Parse(frame).RootElement.Clone());
            }
        }

        var backlogActivity = Assert.Single(JsonDocument.Parse(backlog).RootElement.GetProperty("activities").EnumerateArray());
        Assert.Equal(first, backlogActivity.GetProperty("replyToId").GetString());
        Assert.Equal("2", JsonDocument.Parse(backlog).RootElement.GetProperty("watermark").GetString());
        Assert.Equal("", keepAlive);
        var pushed = frames.SelectMany(f => f.GetProperty("activities").EnumerateArray()).Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(second, pushed[0]);
        Assert.Equal(Enumerable.Range(4, pushed.Count - 1).Select(n => $"{conversationId}|{n:D7}"), pushed.Skip(1));
        Assert.Equal((2 + pushed.Count).ToString(System.Globalization.CultureInfo.InvariantCulture), frames[^1].GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task Stream_WithABadOrForeignStreamToken_IsRefused()
    {
        await using var host = await RunningHost.StartAsync();
        var a = await PageTokenAsync(host.Client);
        var b = await PageTokenAsync(host.Client);
        var (_, started) = await SendAsync(host.Client, HttpMethod.Post, "/v3/directline/conversations", a.Token);
        var streamToken = started.GetProperty("streamUrl").GetString()!.Split("&t=")[1];

        using var bad = await host.Client.GetAsync($"/v3/directline/conversations/{a.ConversationId}/stream?t=nonsense", Ct);
        using var conversationToken = await host.Client.GetAsync($"/v3/directline/conversations/{a.ConversationId}/stream?t={Uri.EscapeDataString(a.Token)}", Ct);
        using var foreign = await host.Client.GetAsync($"/v3/directline/conversations/{b.ConversationId}/stream?t={streamToken}", Ct);
        using var notASocket = await host.Client.GetAsync($"/v3/directline/conversations/{a.ConversationId}/stream?t={streamToken}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, conversationToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notASocket.StatusCode);
    }

    private static async Task<string> ReceiveFrameAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(text.ToArray());
    }
}
