namespace CollectionsBot.Core.Domain;

/// <summary>
/// A row several actors edit at once (bot, agents, webhooks). Its <c>Version</c> is an optimistic concurrency
/// token: the persistence layer bumps it on every save, and a save over a stale version fails.
/// </summary>
public interface IVersioned
{
    /// <summary>The version read with the row.</summary>
    long Version { get; }

    /// <summary>Called by the persistence layer when the row is saved with changes.</summary>
    internal void BumpVersion();
}
