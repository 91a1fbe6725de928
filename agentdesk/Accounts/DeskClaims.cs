using System.Globalization;
using System.Security.Claims;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CollectionsBot.AgentDesk.Accounts;

/// <summary>Puts the desk's own facts in the sign-in cookie: the name shown, and a creditor user's creditor.</summary>
public sealed class DeskClaims(UserManager<DeskUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<DeskUser, IdentityRole>(users, roles, options)
{
    /// <inheritdoc />
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DeskUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        identity.AddClaim(new Claim(DeskAccounts.NameClaim, user.DisplayName));
        if (user.CreditorId is { } creditor)
        {
            identity.AddClaim(new Claim(DeskAccounts.CreditorClaim, creditor.ToString("D", CultureInfo.InvariantCulture)));
        }

        return identity;
    }
}
