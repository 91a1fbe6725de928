using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.AgentDesk.Hub;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.AgentDesk.Supervision;

/// <summary>The supervisor's board: the queue (how many wait, the oldest wait, by reason) and every agent's status and load.</summary>
public static class SupervisorBoard
{
    /// <summary><c>GET /api/desk/board</c>, supervisors only.</summary>
    public static IEndpointRouteBuilder MapSupervisorBoard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/desk/board", async (CollectionsDbContext db, UserManager<DeskUser> users, DeskPresence presence, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var now = clock.GetUtcNow();
            var waiting = await WaitingList.WaitingAsync(db, null, cancellationToken);
            var holding = await db.Conversations.AsNoTracking().Where(c => c.Owner == ConversationOwner.Agent && c.AgentId != null)
                .GroupBy(c => c.AgentId!).Select(g => new { Agent = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Agent, x => x.Count, cancellationToken);
            var people = (await users.GetUsersInRoleAsync(DeskRoles.Agent)).Concat(await users.GetUsersInRoleAsync(DeskRoles.Supervisor)).DistinctBy(u => u.Id);
            return Results.Ok(new Board(
                waiting.Count,
                waiting.Count == 0 ? null : (int)(now - waiting.Min(w => w.WaitingSince)).TotalSeconds,
                [.. waiting.GroupBy(w => w.Reason).OrderByDescending(g => g.Count()).Select(g => new ReasonCount(g.Key, g.Count()))],
                [.. people.OrderBy(u => u.DisplayName, StringComparer.Ordinal).Select(u => new AgentLoad(u.Id, u.DisplayName, presence.StatusOf(u.Id), holding.GetValueOrDefault(u.Id), u.MaxConversations))]));
        }).RequireAuthorization(DeskAccounts.SupervisorPolicy).WithTags("Desk");
        return endpoints;
    }

    /// <summary>The board.</summary>
    public sealed record Board(int Waiting, int? OldestWaitSeconds, IReadOnlyList<ReasonCount> WaitingByReason, IReadOnlyList<AgentLoad> Agents);

    /// <summary>How many wait for one reason.</summary>
    public sealed record ReasonCount(string Reason, int Count);

    /// <summary>An agent: offline, available or away; conversations held of their most.</summary>
    public sealed record AgentLoad(string Id, string Name, string Status, int Holding, int Max);
}
