using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.AgentDesk.Hub;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CollectionsBot.AgentDesk.Supervision;

/// <summary>
/// The supervisor's board: the queue (how many wait, the oldest wait, by reason), every agent's status and load, the
/// conversations people hold (to watch them), and where the desk is late.
/// </summary>
public static class SupervisorBoard
{
    /// <summary><c>GET /api/desk/board</c>, supervisors only.</summary>
    public static IEndpointRouteBuilder MapSupervisorBoard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/desk/board", async (CollectionsDbContext db, UserManager<DeskUser> users, DeskPresence presence, IOptions<DeskOptions> options, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var now = clock.GetUtcNow();
            var waiting = await WaitingList.WaitingAsync(db, null, cancellationToken);
            // The conversations people hold, read once: each agent's load, the unanswered breaches and the held list come from them.
            var heldRows = await HeldRowsAsync(db, cancellationToken);
            var holding = heldRows.Where(r => r.AgentId is not null).GroupBy(r => r.AgentId!).ToDictionary(g => g.Key, g => g.Count());
            var people = (await users.GetUsersInRoleAsync(DeskRoles.Agent)).Concat(await users.GetUsersInRoleAsync(DeskRoles.Supervisor)).DistinctBy(u => u.Id).ToList();
            var names = people.ToDictionary(u => u.Id, u => u.DisplayName);
            var breaches = await BreachesAsync(db, waiting, heldRows, names, options.Value, now, cancellationToken);
            var held = heldRows
                .Select(r => new HeldConversation(r.Id, r.AgentId is { } a ? names.GetValueOrDefault(a) : null, r.Debtor, r.Channel.ToString().ToLowerInvariant(), r.HandoffReason?.ToString(), r.HandedOffAt ?? r.StartedAt))
                .OrderBy(h => h.Since).ToList();
            return Results.Ok(new Board(
                waiting.Count,
                waiting.Count == 0 ? null : (int)(now - waiting.Min(w => w.WaitingSince)).TotalSeconds,
                [.. waiting.GroupBy(w => w.Reason).OrderByDescending(g => g.Count()).Select(g => new ReasonCount(g.Key, g.Count()))],
                [.. people.OrderBy(u => u.DisplayName, StringComparer.Ordinal).Select(u => new AgentLoad(u.Id, u.DisplayName, presence.StatusOf(u.Id), holding.GetValueOrDefault(u.Id), u.MaxConversations))],
                breaches,
                held));
        }).RequireAuthorization(DeskAccounts.SupervisorPolicy).WithTags("Desk");
        return endpoints;
    }

    /// <summary>
    /// Where the desk is late: hand-offs waiting longer than their priority's target, and debtors' messages in held
    /// conversations waiting longer than the answer target (<see cref="DeskOptions"/>), longest over first.
    /// </summary>
    private static async Task<IReadOnlyList<SlaBreach>> BreachesAsync(CollectionsDbContext db, IReadOnlyList<QueueItem> waiting, IReadOnlyList<HeldRow> held, Dictionary<string, string> names, DeskOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var breaches = waiting
            .Select(w => (Item: w, Target: options.WaitTarget(w.Priority)))
            .Where(x => now - x.Item.WaitingSince > TimeSpan.FromMinutes(x.Target))
            .Select(x => new SlaBreach(x.Item.ConversationId, "waiting", x.Item.Reason, null, x.Item.DebtorName, x.Item.WaitingSince, x.Target, Over(now, x.Item.WaitingSince, x.Target)))
            .ToList();

        if (held.Count > 0)
        {
            var ids = held.Select(h => h.Id).ToList();
            var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.ConversationId))
                .Select(m => new { m.ConversationId, m.Direction, m.CreatedAt }).ToListAsync(cancellationToken);
            var last = messages.GroupBy(m => m.ConversationId).ToDictionary(
                g => g.Key,
                g => (In: g.Where(m => m.Direction == MessageDirection.Inbound).Select(m => (DateTimeOffset?)m.CreatedAt).Max(), Out: g.Where(m => m.Direction == MessageDirection.Outbound).Select(m => (DateTimeOffset?)m.CreatedAt).Max()));
            foreach (var h in held)
            {
                if (last.TryGetValue(h.Id, out var at) && at.In is { } asked && (at.Out is null || at.Out < asked) && now - asked > TimeSpan.FromMinutes(options.AnswerMinutes))
                {
                    breaches.Add(new SlaBreach(h.Id, "unanswered", h.HandoffReason?.ToString() ?? "Released", h.AgentId is { } a ? names.GetValueOrDefault(a) : null, h.Debtor, asked, options.AnswerMinutes, Over(now, asked, options.AnswerMinutes)));
                }
            }
        }

        return [.. breaches.OrderByDescending(b => b.MinutesOver)];
    }

    /// <summary>The conversations people hold now: who holds them, the debtor, the channel, the hand-off.</summary>
    private static async Task<IReadOnlyList<HeldRow>> HeldRowsAsync(CollectionsDbContext db, CancellationToken cancellationToken) =>
        await (
                from c in db.Conversations.AsNoTracking()
                where c.Owner == ConversationOwner.Agent
                join k in db.Cases on c.CaseId equals k.Id into cases
                from k in cases.DefaultIfEmpty()
                join d in db.Debtors on k.DebtorId equals d.Id into debtors
                from d in debtors.DefaultIfEmpty()
                select new HeldRow(c.Id, c.AgentId, c.Channel, c.HandoffReason, c.HandedOffAt, c.StartedAt, d == null ? null : d.Name))
            .ToListAsync(cancellationToken);

    private sealed record HeldRow(Guid Id, string? AgentId, Channel Channel, HandoffReason? HandoffReason, DateTimeOffset? HandedOffAt, DateTimeOffset StartedAt, string? Debtor);

    private static int Over(DateTimeOffset now, DateTimeOffset since, int targetMinutes) => (int)Math.Floor((now - since).TotalMinutes) - targetMinutes;

    /// <summary>The board.</summary>
    public sealed record Board(int Waiting, int? OldestWaitSeconds, IReadOnlyList<ReasonCount> WaitingByReason, IReadOnlyList<AgentLoad> Agents, IReadOnlyList<SlaBreach> SlaBreaches, IReadOnlyList<HeldConversation> Held);

    /// <summary>A conversation a person at the desk holds (supervisors may watch it).</summary>
    /// <param name="ConversationId">The conversation.</param>
    /// <param name="Agent">Who holds it.</param>
    /// <param name="DebtorName">The debtor company, when known.</param>
    /// <param name="Channel">sms, email, webchat or teams.</param>
    /// <param name="Reason">Why the bot handed it to people, when it did.</param>
    /// <param name="Since">With people since (the hand-off).</param>
    public sealed record HeldConversation(Guid ConversationId, string? Agent, string? DebtorName, string Channel, string? Reason, DateTimeOffset Since);

    /// <summary>A conversation past its target: waiting for a person, or a debtor's message waiting for the answer of the person holding it.</summary>
    /// <param name="ConversationId">The conversation.</param>
    /// <param name="Kind">waiting or unanswered.</param>
    /// <param name="Reason">The hand-off reason.</param>
    /// <param name="Agent">Who holds it (unanswered only).</param>
    /// <param name="DebtorName">The debtor company, when known.</param>
    /// <param name="Since">Waiting since.</param>
    /// <param name="TargetMinutes">The target it passed.</param>
    /// <param name="MinutesOver">By how many whole minutes.</param>
    public sealed record SlaBreach(Guid ConversationId, string Kind, string Reason, string? Agent, string? DebtorName, DateTimeOffset Since, int TargetMinutes, int MinutesOver);

    /// <summary>How many wait for one reason.</summary>
    public sealed record ReasonCount(string Reason, int Count);

    /// <summary>An agent: offline, available or away; conversations held of their most.</summary>
    public sealed record AgentLoad(string Id, string Name, string Status, int Holding, int Max);
}
