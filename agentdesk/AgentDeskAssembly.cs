namespace CollectionsBot.AgentDesk;

/// <summary>
/// The SignalR agent desk: accounts and roles, the hub with the queue and live conversations; supervisor and
/// creditor views and the web UI build on these.
/// </summary>
public static class AgentDeskAssembly
{
    /// <summary>The hub's route.</summary>
    public const string HubPath = "/hubs/desk";
}
