using System.Collections.Concurrent;

namespace CollectionsBot.AgentDesk.Hub;

/// <summary>
/// Which conversations supervisors watch live, as this host's hub sees them: every message of a watched
/// conversation goes to the hub group <see cref="Group"/>. Checked on every saved turn, so the check for a
/// conversation nobody watches is one lookup.
/// </summary>
public sealed class DeskWatchers
{
    private readonly ConcurrentDictionary<Guid, int> _watched = new();
    private readonly Dictionary<string, HashSet<Guid>> _byConnection = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The hub group of a conversation's watchers.</summary>
    public static string Group(Guid conversationId) => $"watch:{conversationId:N}";

    /// <summary>Whether any connection watches the conversation.</summary>
    public bool IsWatched(Guid conversationId) => !_watched.IsEmpty && _watched.ContainsKey(conversationId);

    /// <summary>A connection starts watching (again: no effect).</summary>
    public void Watch(string connectionId, Guid conversationId)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var mine))
            {
                _byConnection[connectionId] = mine = [];
            }

            if (mine.Add(conversationId))
            {
                _watched.AddOrUpdate(conversationId, 1, (_, n) => n + 1);
            }
        }
    }

    /// <summary>A connection stops watching one conversation.</summary>
    public void Unwatch(string connectionId, Guid conversationId)
    {
        lock (_gate)
        {
            if (_byConnection.TryGetValue(connectionId, out var mine) && mine.Remove(conversationId))
            {
                Drop(conversationId);
            }
        }
    }

    /// <summary>A connection closed: it watches nothing any more.</summary>
    public void Gone(string connectionId)
    {
        lock (_gate)
        {
            if (_byConnection.Remove(connectionId, out var mine))
            {
                foreach (var id in mine)
                {
                    Drop(id);
                }
            }
        }
    }

    private void Drop(Guid conversationId)
    {
        if (_watched.TryGetValue(conversationId, out var n) && n > 1)
        {
            _watched[conversationId] = n - 1;
        }
        else
        {
            _watched.TryRemove(conversationId, out _);
        }
    }
}
