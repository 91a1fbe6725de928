namespace CollectionsBot.Core.Domain;

/// <summary>
/// A row several actors edit at once (bot, agents, webhooks, imports). Its <c>Version</c> is an optimistic
/// concurrency token: the persistence layer increments it on every save that changes the row, and a save over a
/// stale version fails.
/// </summary>
public interface IVersioned
{
    /// <summary>The version read with the row.</summary>
    long Version { get; }
}
