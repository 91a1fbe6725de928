using System.Security.Claims;
using System.Text.Json;
using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.AgentDesk.Cases;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.AgentDesk.Supervision;

/// <summary>
/// Each creditor's negotiation limits, as supervisors set them: read by the desk, changed by supervisors only, with
/// validation, and versioned with who, when and why (each change is an append-only audit event holding the limits
/// before and after). A change takes effect for the bot's next offer at once: the save bumps the version of every
/// case of the creditor, so no conversation keeps the old limits in memory.
/// </summary>
public static class CreditorPolicies
{
    /// <summary>The audit action of a change.</summary>
    public const string ChangedAction = "creditor.policy_changed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// <c>GET /api/desk/creditors/{id}/policy</c> (the limits, the current version and its history; desk staff, or the
    /// creditor's own users) and <c>PUT</c> (supervisors: new limits and a reason; 400 problem details naming each
    /// field that breaks a rule).
    /// </summary>
    public static IEndpointRouteBuilder MapCreditorPolicies(this IEndpointRouteBuilder endpoints)
    {
        var policy = endpoints.MapGroup("/api/desk/creditors/{id:guid}/policy").WithTags("Desk");
        policy.MapGet("", async (Guid id, ClaimsPrincipal user, CollectionsDbContext db, CancellationToken cancellationToken) =>
        {
            var creditor = await db.Creditors.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (creditor is null)
            {
                return Results.Problem(title: "No such creditor.", statusCode: StatusCodes.Status404NotFound);
            }

            if (!CaseContext.MaySee(user, id))
            {
                return Results.Problem(title: "These limits belong to another creditor.", statusCode: StatusCodes.Status403Forbidden);
            }

            var versions = await VersionsAsync(db, id, cancellationToken);
            return Results.Ok(new PolicyView(id, creditor.Name, versions.Count, creditor.Policy, versions));
        }).RequireAuthorization(DeskAccounts.SignedInPolicy);

        policy.MapPut("", async (Guid id, PolicyChange change, ClaimsPrincipal user, CollectionsDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (change.Policy is null)
            {
                errors["policy"] = ["is required"];
            }
            else
            {
                foreach (var (field, message) in change.Policy.Validate())
                {
                    errors[$"policy.{JsonNamingPolicy.CamelCase.ConvertName(field)}"] = [message];
                }
            }

            if (string.IsNullOrWhiteSpace(change.Reason) || change.Reason.Length > 1000)
            {
                errors["reason"] = ["say why the limits change (1 to 1,000 characters)"];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "These limits cannot be used.");
            }

            var creditor = await db.Creditors.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (creditor is null)
            {
                return Results.Problem(title: "No such creditor.", statusCode: StatusCodes.Status404NotFound);
            }

            var before = creditor.Policy;
            creditor.Policy = change.Policy!;
            var now = clock.GetUtcNow();
            var version = await db.AuditEvents.CountAsync(e => e.Action == ChangedAction && e.CreditorId == id, cancellationToken) + 1;
            var who = DeskAccounts.DisplayName(user);
            db.AuditEvents.Add(new AuditEvent(now, DeskAccounts.UserId(user), ChangedAction, nameof(Creditor), id.ToString(),
                JsonSerializer.Serialize(new ChangeRecord(version, who, change.Reason!.Trim(), before, change.Policy!), Json))
            {
                CreditorId = id,
            });
            await db.SaveChangesAsync(cancellationToken);
            return Results.Ok(new PolicyView(id, creditor.Name, version, creditor.Policy, await VersionsAsync(db, id, cancellationToken)));
        }).RequireAuthorization(DeskAccounts.SupervisorPolicy);
        return endpoints;
    }

    private static async Task<IReadOnlyList<PolicyVersion>> VersionsAsync(CollectionsDbContext db, Guid creditorId, CancellationToken cancellationToken)
    {
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.Action == ChangedAction && e.CreditorId == creditorId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return [.. events.Select(e =>
        {
            var record = JsonSerializer.Deserialize<ChangeRecord>(e.Data, Json)!;
            return new PolicyVersion(record.Version, record.ChangedBy, e.Actor, e.OccurredAt, record.Reason, record.Before, record.After);
        })];
    }

    /// <summary>A supervisor's change: the new limits and why.</summary>
    public sealed record PolicyChange(NegotiationPolicy? Policy, string? Reason);

    /// <summary>A creditor's limits now, with every version.</summary>
    public sealed record PolicyView(Guid CreditorId, string CreditorName, int Version, NegotiationPolicy Policy, IReadOnlyList<PolicyVersion> Versions);

    /// <summary>One version: who set it, when, why, and the limits before and after.</summary>
    public sealed record PolicyVersion(int Version, string ChangedBy, string ChangedById, DateTimeOffset ChangedAt, string Reason, NegotiationPolicy Before, NegotiationPolicy After);

    private sealed record ChangeRecord(int Version, string ChangedBy, string Reason, NegotiationPolicy Before, NegotiationPolicy After);
}
