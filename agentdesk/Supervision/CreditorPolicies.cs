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
            return Results.Ok(new PolicyView(id, creditor.Name, versions.Count, creditor.Policy, creditor.AgentPolicy, ContactCadence.Of(creditor.Compliance), versions));
        }).RequireAuthorization(DeskAccounts.SignedInPolicy);

        policy.MapPut("", async (Guid id, PolicyChange change, ClaimsPrincipal user, CollectionsDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var creditor = await db.Creditors.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (creditor is null)
            {
                return Results.Problem(title: "No such creditor.", statusCode: StatusCodes.Status404NotFound);
            }

            var errors = Validate(change, creditor);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "These limits cannot be used.");
            }

            var before = new Limits(creditor.Policy, creditor.AgentPolicy, ContactCadence.Of(creditor.Compliance));
            creditor.Policy = change.Policy ?? creditor.Policy;
            creditor.AgentPolicy = change.AgentPolicy ?? creditor.AgentPolicy;
            change.Cadence?.ApplyTo(creditor.Compliance);
            var after = new Limits(creditor.Policy, creditor.AgentPolicy, ContactCadence.Of(creditor.Compliance));
            var now = clock.GetUtcNow();
            var version = await db.AuditEvents.CountAsync(e => e.Action == ChangedAction && e.CreditorId == id, cancellationToken) + 1;
            var who = DeskAccounts.DisplayName(user);
            db.Record(new AuditEvent(now, DeskAccounts.UserId(user), ChangedAction, nameof(Creditor), id.ToString(),
                JsonSerializer.Serialize(new ChangeRecord(version, who, change.Reason!.Trim(), before.Policy, after.Policy, before.AgentPolicy, after.AgentPolicy, before.Cadence, after.Cadence), Json))
            {
                CreditorId = id,
            });
            await db.SaveChangesAsync(cancellationToken);
            return Results.Ok(new PolicyView(id, creditor.Name, version, creditor.Policy, creditor.AgentPolicy, ContactCadence.Of(creditor.Compliance), await VersionsAsync(db, id, cancellationToken)));
        }).RequireAuthorization(DeskAccounts.SupervisorPolicy);
        return endpoints;
    }

    /// <summary>Every rule a change breaks, by field (e.g. <c>policy.minInstallmentAmount</c>, <c>agentPolicy.maxInstallments</c>, <c>cadence.contactWindowEnd</c>).</summary>
    private static Dictionary<string, string[]> Validate(PolicyChange change, Creditor creditor)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string prefix, IEnumerable<(string Field, string Message)> found)
        {
            foreach (var group in found.GroupBy(e => e.Field))
            {
                errors[$"{prefix}.{JsonNamingPolicy.CamelCase.ConvertName(group.Key)}"] = [.. group.Select(e => e.Message)];
            }
        }

        if (change.Policy is null && change.AgentPolicy is null && change.Cadence is null)
        {
            errors["policy"] = ["give the bot's limits, the agents' limits or the contact cadence to change"];
        }

        var bot = change.Policy ?? creditor.Policy;
        var botErrors = change.Policy?.Validate() ?? [];
        Add("policy", botErrors);
        if (change.AgentPolicy is not null)
        {
            var own = change.AgentPolicy.Validate();
            Add("agentPolicy", own.Count > 0 || botErrors.Count > 0 ? own : change.AgentPolicy.NarrowerThan(bot));
        }
        else if (change.Policy is not null && botErrors.Count == 0)
        {
            // New bot limits must leave the agents at least as much room as the bot.
            Add("policy", creditor.AgentPolicy.NarrowerThan(bot).Select(e => (e.Field, "would give the bot more room than the agents have: change the agents' limit with it")));
        }

        if (change.Cadence is not null)
        {
            var profile = new ComplianceProfile();
            change.Cadence.ApplyTo(profile);
            Add("cadence", profile.Validate());
        }

        if (string.IsNullOrWhiteSpace(change.Reason) || change.Reason.Length > 1000)
        {
            errors["reason"] = ["say why the limits change (1 to 1,000 characters)"];
        }

        return errors;
    }

    private static async Task<IReadOnlyList<PolicyVersion>> VersionsAsync(CollectionsDbContext db, Guid creditorId, CancellationToken cancellationToken)
    {
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.Action == ChangedAction && e.CreditorId == creditorId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return [.. events.Select(e =>
        {
            var record = JsonSerializer.Deserialize<ChangeRecord>(e.Data, Json)!;
            return new PolicyVersion(record.Version, record.ChangedBy, e.Actor, e.OccurredAt, record.Reason, record.Before, record.After, record.AgentBefore, record.AgentAfter, record.CadenceBefore, record.CadenceAfter);
        })];
    }

    /// <summary>
    /// A supervisor's change and why: the bot's limits, the agents' limits (what a person at the desk may agree
    /// without approval) and the contact cadence; a part left out stays as it is.
    /// </summary>
    public sealed record PolicyChange(NegotiationPolicy? Policy, string? Reason, NegotiationPolicy? AgentPolicy = null, ContactCadence? Cadence = null);

    /// <summary>A creditor's limits now, with every version.</summary>
    public sealed record PolicyView(Guid CreditorId, string CreditorName, int Version, NegotiationPolicy Policy, NegotiationPolicy AgentPolicy, ContactCadence Cadence, IReadOnlyList<PolicyVersion> Versions);

    /// <summary>One version: who set it, when, why, and the limits before and after (the agents' limits and cadence are absent from versions made before they could be edited).</summary>
    public sealed record PolicyVersion(int Version, string ChangedBy, string ChangedById, DateTimeOffset ChangedAt, string Reason, NegotiationPolicy Before, NegotiationPolicy After, NegotiationPolicy? AgentBefore, NegotiationPolicy? AgentAfter, ContactCadence? CadenceBefore, ContactCadence? CadenceAfter);

    /// <summary>
    /// How often and when the bot may start contact with a creditor's debtors: the contact window in the contact's
    /// time zone, the days, and the most messages per channel a week. (Replies to a debtor's own message are allowed
    /// outside the window.)
    /// </summary>
    public sealed record ContactCadence(TimeOnly ContactWindowStart, TimeOnly ContactWindowEnd, ContactDays ContactDays, int MaxMessagesPerChannelPerWeek)
    {
        /// <summary>A compliance profile's cadence.</summary>
        public static ContactCadence Of(ComplianceProfile profile)
        {
            ArgumentNullException.ThrowIfNull(profile);
            return new(profile.ContactWindowStart, profile.ContactWindowEnd, profile.ContactDays, profile.MaxMessagesPerChannelPerWeek);
        }

        /// <summary>Sets this cadence on a compliance profile.</summary>
        public void ApplyTo(ComplianceProfile profile)
        {
            ArgumentNullException.ThrowIfNull(profile);
            profile.ContactWindowStart = ContactWindowStart;
            profile.ContactWindowEnd = ContactWindowEnd;
            profile.ContactDays = ContactDays;
            profile.MaxMessagesPerChannelPerWeek = MaxMessagesPerChannelPerWeek;
        }
    }

    private sealed record Limits(NegotiationPolicy Policy, NegotiationPolicy AgentPolicy, ContactCadence Cadence);

    private sealed record ChangeRecord(int Version, string ChangedBy, string Reason, NegotiationPolicy Before, NegotiationPolicy After, NegotiationPolicy? AgentBefore = null, NegotiationPolicy? AgentAfter = null, ContactCadence? CadenceBefore = null, ContactCadence? CadenceAfter = null);
}
