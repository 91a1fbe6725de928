using System.Collections.Concurrent;

namespace CollectionsBot.AgentDesk.Hub;

/// <summary>
/// Who is at the desk now, as this host's hub sees them: an agent is online while at least one of their
/// connections is, and says whether they are available or away.
/// </summary>
public sealed class DeskPresence
{
    /// <summary>Statuses an agent can set.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["available", "away"];

    private readonly ConcurrentDictionary<string, Entry> _agents = new(StringComparer.Ordinal);

    /// <summary>A connection of <paramref name="userId"/> opened (available unless they said otherwise).</summary>
    public void Connected(string userId) =>
        _agents.AddOrUpdate(userId, _ => new Entry(1, "available"), (_, e) => e with { Connections = e.Connections + 1 });

    /// <summary>A connection closed; with the last one the agent is offline.</summary>
    public void Disconnected(string userId)
    {
        while (_agents.TryGetValue(userId, out var entry))
        {
            var replaced = entry.Connections <= 1
                ? _agents.TryRemove(new KeyValuePair<string, Entry>(userId, entry))
                : _agents.TryUpdate(userId, entry with { Connections = entry.Connections - 1 }, entry);
            if (replaced)
            {
                return;
            }
        }
    }

    /// <summary>Sets an online agent's status (one of <see cref="Statuses"/>).</summary>
    public void Set(string userId, string status)
    {
        if (!Statuses.Contains(status))
        {
            throw new ArgumentException($"Status must be one of: {string.Join(", ", Statuses)}.", nameof(status));
        }

        while (_agents.TryGetValue(userId, out var entry) && !_agents.TryUpdate(userId, entry with { Status = status }, entry))
        {
        }
    }

    /// <summary>The agents online and available now.</summary>
    public IReadOnlyList<string> Available() => [.. _agents.Where(a => a.Value.Status == "available").Select(a => a.Key)];

    /// <summary>offline, available or away.</summary>
    public string StatusOf(string userId) => _agents.TryGetValue(userId, out var entry) ? entry.Status : "offline";

    private sealed record Entry(int Connections, string Status);
}
