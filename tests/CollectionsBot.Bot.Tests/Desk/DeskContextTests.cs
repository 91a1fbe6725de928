using CollectionsBot.AgentDesk.Hub;
using CollectionsBot.Bot.Channels.WebChat;
using CollectionsBot.Bot.Tests.Channels.DirectLine;
using CollectionsBot.Bot.Tests.Channels.Sms;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>The agent's context: everything said with the debtor about the case, whatever the channel.</summary>
public sealed class DeskContextTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CaseTranscript_HoldsTheWebChatAndTheSmsConversations_InOrder_WithTheirChannels()
    {
        await using var sms = await SmsHarness.StartAsync(DirectLineTestKit.SecretSetting);
        var host = sms.Host;
        await using var sam = await DeskAgent.ConnectAsync(host.Client.BaseAddress!, "sam@desk.example");

        // Dana first asks on the web page from her reminder's link, then texts and asks for a person.
        var dana = await host.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Name == "Dana Whitfield", Ct));
        var path = host.App.Services.GetRequiredService<ContactLinks>().PathFor(dana.Id);
        var (webConversation, token) = await DirectLineTestKit.PageTokenAsync(host.Client, Uri.UnescapeDataString(path["/c/".Length..]));
        await DirectLineTestKit.PostMessageAsync(host.Client, webConversation, token, "which invoices are open?");
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var waiting = await DeskAgent.NextAsync(sam.Waiting);
        Assert.True((await sam.Hub.InvokeAsync<ClaimResult>("Claim", waiting.ConversationId, Ct)).Claimed);

        var all = await sam.Hub.InvokeAsync<IReadOnlyList<DeskMessage>>("GetCaseTranscript", waiting.ConversationId, Ct);
        var asked = all.Single(m => m.Body == "which invoices are open?");
        var person = all.Single(m => m.Body == "I want to speak to a real person please");
        Assert.Equal(("webchat", "sms"), (asked.Channel, person.Channel));
        Assert.NotEqual(asked.ConversationId, person.ConversationId);
        Assert.True(all.ToList().IndexOf(asked) < all.ToList().IndexOf(person));
        Assert.Contains(all, m => m.Channel == "webchat" && m.Sender == "bot");
        Assert.Equal([.. all.OrderBy(m => m.At)], all);

        // The conversation's own transcript is the SMS one only.
        Assert.All(await sam.Hub.InvokeAsync<IReadOnlyList<DeskMessage>>("GetTranscript", waiting.ConversationId, null, Ct), m => Assert.Equal("sms", m.Channel));
    }
}
