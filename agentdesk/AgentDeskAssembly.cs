namespace CollectionsBot.AgentDesk;

/// <summary>
/// The SignalR agent desk: hub, routing and queues, supervisor and creditor endpoints, and the web UI.
/// The live hand-off arrives with its own issue; until then this assembly only marks the boundary.
/// </summary>
public static class AgentDeskAssembly
{
    /// <summary>Hub route the desk will serve.</summary>
    public const string HubPath = "/hubs/desk";
}
