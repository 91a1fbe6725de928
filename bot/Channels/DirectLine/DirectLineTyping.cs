using System.Collections.Concurrent;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>
/// A person at the desk typing, shown in the debtor's Web Chat: a typing activity from our side of the Direct Line
/// conversation, at most one every two seconds per conversation (Web Chat keeps the indicator up for five).
/// </summary>
public sealed class DirectLineTyping(DirectLineReplies replies, TimeProvider clock) : ITypingIndicator
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _last = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<bool> ShowAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.Channel != Channel.WebChat)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var id = conversation.ChannelConversationId;
        if (_last.TryGetValue(id, out var last) && now - last < Every)
        {
            return true;
        }

        _last[id] = now;
        await replies.TypingAsync(id, cancellationToken).ConfigureAwait(false);
        if (_last.Count > 10_000)
        {
            // Forget conversations quiet for a minute, so the table does not grow with every conversation ever typed in.
            foreach (var stale in _last.Where(e => now - e.Value > TimeSpan.FromMinutes(1)).Select(e => e.Key).ToList())
            {
                _last.TryRemove(stale, out _);
            }
        }

        return true;
    }
}
