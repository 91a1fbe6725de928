using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>
/// Delivers our web chat messages: each becomes a <c>message</c> activity from the bot in its Direct Line
/// conversation (answering the debtor's activity it replies to) and reaches open streams and pollers from there.
/// Idempotent on our message id, so a retry after a crash does not show it twice.
/// </summary>
public sealed class DirectLineSender(DirectLineReplies replies, DirectLineStore store, IServiceScopeFactory scopes) : IChannelSender
{
    /// <inheritdoc />
    public Channel Channel => Channel.WebChat;

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(OutboundEnvelope message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!await store.ExistsAsync(message.ChannelConversationId, cancellationToken).ConfigureAwait(false))
        {
            return new DeliveryResult.Rejected("ConversationNotFound", "The web chat conversation does not exist.");
        }

        string? replyTo = null;
        if (message.InReplyToId is { } inbound)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
            replyTo = await db.Messages.Where(m => m.Id == inbound).Select(m => m.ExternalId).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }

        var sent = await replies.SendAsync(message.ChannelConversationId, DirectLineReplies.ClientIdFor(message.MessageId), message.Body, replyTo, cancellationToken).ConfigureAwait(false);
        return new DeliveryResult.Sent(sent.Id);
    }
}
