using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CollectionsBot.Bot.Tests.Channels.DirectLine.DirectLineTestKit;

namespace CollectionsBot.Bot.Tests.Channels.DirectLine;

public sealed class DirectLineSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_TheWebChatSender_AppendsEachMessageOnceAsABotReply()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var sender = host.App.Services.GetServices<IChannelSender>().Single(s => s.Channel == Channel.WebChat);
        var (conversationId, token) = await PageTokenAsync(host.Client);
        var asked = await PostMessageAsync(host.Client, conversationId, token, "hello");
        var reply = await host.WithDbAsync(db => db.Messages.SingleAsync(m => m.Direction == MessageDirection.Outbound && db.Messages.Any(i => i.Id == m.InReplyToId && i.ExternalId == asked), Ct));
        var envelope = new OutboundEnvelope(reply.Id, reply.ConversationId, Channel.WebChat, conversationId, "dl_user", reply.Body, reply.Purpose, reply.InReplyToId, reply.CreatedAt);
        var agentNote = envelope with { MessageId = Guid.NewGuid(), Body = "This is Sam from the accounts team, I'll take it from here.", InReplyToId = null };

        var again = await sender.SendAsync(envelope, Ct);
        var fresh = await sender.SendAsync(agentNote, Ct);
        var twice = await sender.SendAsync(agentNote, Ct);
        var missing = await sender.SendAsync(agentNote with { ChannelConversationId = "no-such-conversation" }, Ct);
        var (activities, _) = await ActivitiesAsync(host.Client, conversationId, token);

        Assert.Equal($"{conversationId}|0000002", Assert.IsType<DeliveryResult.Sent>(again).ExternalId);
        Assert.Equal($"{conversationId}|0000003", Assert.IsType<DeliveryResult.Sent>(fresh).ExternalId);
        Assert.Equal(fresh, twice);
        Assert.IsType<DeliveryResult.Rejected>(missing);
        Assert.Equal(3, activities.Count);
        Assert.Equal(asked, activities[1].GetProperty("replyToId").GetString());
        Assert.Equal(("bot", agentNote.Body), (Role(activities[2]), Text(activities[2])));
        Assert.False(activities[2].TryGetProperty("replyToId", out _));
    }
}
