using System.Collections.Concurrent;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>
/// Wakes the open streams of a conversation when it gets an activity. Only a signal: streams read the activities
/// from the store after their watermark, so a missed signal delays an activity until the next keep-alive, never loses it.
/// </summary>
public sealed class DirectLineStreams
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the conversation's next activity. Take it before reading, then wait on it.</summary>
    public Task NextAsync(string conversationId) =>
        _waiting.GetOrAdd(conversationId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Signals the conversation's streams.</summary>
    public void Notify(string conversationId)
    {
        if (_waiting.TryRemove(conversationId, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
