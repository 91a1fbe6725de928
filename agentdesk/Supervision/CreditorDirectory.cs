using System.Security.Claims;
using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.AgentDesk.Supervision;

/// <summary>The creditors a desk user may pick from: every creditor for desk staff, its own for a creditor user.</summary>
public static class CreditorDirectory
{
    /// <summary><c>GET /api/desk/creditors</c>: id and name, by name.</summary>
    public static IEndpointRouteBuilder MapCreditorDirectory(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/desk/creditors", async (ClaimsPrincipal user, CollectionsDbContext db, CancellationToken cancellationToken) =>
        {
            var creditors = db.Creditors.AsNoTracking();
            if (!user.IsInRole(DeskRoles.Agent) && !user.IsInRole(DeskRoles.Supervisor))
            {
                // A creditor user: its own creditor only (none if the account names no creditor).
                var own = Guid.TryParse(user.FindFirstValue(DeskAccounts.CreditorClaim), out var id) ? id : Guid.Empty;
                creditors = creditors.Where(c => c.Id == own);
            }

            var items = await creditors.Select(c => new CreditorItem(c.Id, c.Name)).ToListAsync(cancellationToken);
            return TypedResults.Ok<IReadOnlyList<CreditorItem>>([.. items.OrderBy(c => c.Name, StringComparer.Ordinal)]);
        }).RequireAuthorization(DeskAccounts.SignedInPolicy).WithTags("Desk");
        return endpoints;
    }

    /// <summary>A creditor as a picker lists it.</summary>
    public sealed record CreditorItem(Guid Id, string Name);
}
