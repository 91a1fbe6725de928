using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CollectionsBot.Bot.Channels.WebChat;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CollectionsBot.Bot.Tests.Channels.DirectLine.DirectLineTestKit;

namespace CollectionsBot.Bot.Tests.Channels.DirectLine;

public sealed class WebChatPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChatPage_IsServedWithTheWebChatBundle_AndNeverTheSecret()
    {
        await using var host = await RunningHost.StartAsync("Testing", SecretSetting);

        using var page = await host.Client.GetAsync("/chat", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        using var bundle = await host.Client.GetAsync("/webchat/webchat.js", Ct);
        var script = await host.Client.GetStringAsync("/webchat/chat.js", Ct);
        using var token = await host.Client.PostAsync("/api/webchat/token", null, Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"/webchat/webchat.js\"></script>", html, StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True(bundle.Content.Headers.ContentLength > 1_000_000, "the official Web Chat bundle is served");
        Assert.Contains("createDirectLine", script, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        foreach (var text in new[] { html, script, await token.Content.ReadAsStringAsync(Ct) })
        {
            Assert.DoesNotContain(DirectLineSecret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TokenEndpoint_LimitedPerAddress_429WithRetryAfter()
    {
        await using var host = await RunningHost.StartAsync("Testing", "--WebChat:TokenRequestsPerMinute=3");
        var ct = TestContext.Current.CancellationToken;

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await host.Client.PostAsync("/api/webchat/token", null, ct));
        }

        Assert.All(answers.Take(3), r => Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, answers[3].StatusCode);
        Assert.Equal("60", answers[3].Headers.RetryAfter?.ToString());
        Assert.Contains("TooManyRequests", await answers[3].Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        answers.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task ContactLink_Invalid_ShowsAClearPageNotAnError()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var contactId = await host.WithDbAsync(db => db.Contacts.Select(c => c.Id).FirstAsync(Ct));
        var expired = new ContactLinks(host.App.Services.GetRequiredService<IDataProtectionProvider>(), new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-15))).Create(contactId);

        using var garbage = await host.Client.GetAsync("/c/not-a-real-link", Ct);
        using var old = await host.Client.GetAsync($"/c/{Uri.EscapeDataString(expired)}", Ct);
        using var token = await host.Client.PostAsJsonAsync("/api/webchat/token", new { link = expired }, Ct);
        var body = await token.Content.ReadFromJsonAsync<JsonElement>(Ct);

        foreach (var response in new[] { garbage, old })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("This chat link no longer works", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.Equal("LinkInvalid", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ContactLink_Valid_OpensAVerifiedChat_AnonymousChatMustVerifyFirst()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var dana = await host.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Name == "Dana Whitfield", Ct));
        var links = host.App.Services.GetRequiredService<ContactLinks>();
        var path = links.PathFor(dana.Id);

        using var page = await host.Client.GetAsync(path, Ct);
        var verified = await PageTokenAsync(host.Client, Uri.UnescapeDataString(path["/c/".Length..]));
        var anonymous = await PageTokenAsync(host.Client);
        await PostMessageAsync(host.Client, verified.ConversationId, verified.Token, "which invoices are open?");
        await PostMessageAsync(host.Client, anonymous.ConversationId, anonymous.Token, "which invoices are open?");
        var verifiedReplies = (await ActivitiesAsync(host.Client, verified.ConversationId, verified.Token)).Activities.Where(a => Role(a) == "bot").Select(Text).ToList();
        var anonymousReplies = (await ActivitiesAsync(host.Client, anonymous.ConversationId, anonymous.Token)).Activities.Where(a => Role(a) == "bot").Select(Text).ToList();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Contains(verifiedReplies, t => t!.Contains("NWL-10421", StringComparison.Ordinal));
        Assert.DoesNotContain(anonymousReplies, t => t!.Contains("NWL-", StringComparison.Ordinal) || t.Contains("Northwind", StringComparison.Ordinal));
        Assert.Contains(anonymousReplies, t => t!.Contains("confirm who I'm speaking with", StringComparison.Ordinal));
        var conversation = await host.WithDbAsync(db => db.Conversations.SingleAsync(c => c.Channel == Channel.WebChat && c.ChannelConversationId == verified.ConversationId, Ct));
        Assert.True(conversation.IsVerified);
        Assert.Equal(dana.Id, conversation.ContactId);
    }
}
