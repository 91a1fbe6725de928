using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.AgentDesk.Accounts;

/// <summary>
/// The desk's roles, in every environment; and in Development on a desk with no users, demo users (two agents, a
/// supervisor, and a creditor user for each demo creditor) with one demo password, printed at start.
/// </summary>
public sealed partial class DemoDeskUsers(UserManager<DeskUser> users, RoleManager<IdentityRole> roles, CollectionsDbContext db, ILogger<DemoDeskUsers> logger)
{
    /// <summary>The demo password (Development only).</summary>
    public const string DemoPassword = "desk-demo-password";

    /// <summary>Creates the desk's roles where missing.</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in DeskRoles.All)
        {
            if (!await roles.RoleExistsAsync(role).ConfigureAwait(false))
            {
                Require(await roles.CreateAsync(new IdentityRole(role)).ConfigureAwait(false), role);
            }
        }
    }

    /// <summary>Seeds the demo users when the desk has none.</summary>
    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        await EnsureRolesAsync().ConfigureAwait(false);
        if (await users.Users.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var seeded = new List<string>
        {
            await CreateAsync("sam@desk.example", "Sam Rivera", DeskRoles.Agent, null).ConfigureAwait(false),
            await CreateAsync("alex@desk.example", "Alex Chen", DeskRoles.Agent, null).ConfigureAwait(false),
            await CreateAsync("morgan@desk.example", "Morgan Lee", DeskRoles.Supervisor, null).ConfigureAwait(false),
        };
        foreach (var creditor in await db.Creditors.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            var handle = new string([.. creditor.Name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
            seeded.Add(await CreateAsync($"{handle}@creditor.example", $"{creditor.Name} (creditor)", DeskRoles.Creditor, creditor.Id).ConfigureAwait(false));
        }

        var list = string.Join(", ", seeded);
        LogDemoUsers(logger, list, DemoPassword);
    }

    private async Task<string> CreateAsync(string email, string name, string role, Guid? creditorId)
    {
        var user = new DeskUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreditorId = creditorId };
        Require(await users.CreateAsync(user, DemoPassword).ConfigureAwait(false), email);
        Require(await users.AddToRoleAsync(user, role).ConfigureAwait(false), email);
        return $"{email} ({role})";
    }

    private static void Require(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo desk users (Development only): {Users}. Sign in at /desk/signin or POST /api/desk/session with password \"{Password}\".")]
    private static partial void LogDemoUsers(ILogger logger, string users, string password);
}
