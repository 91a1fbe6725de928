using System.Security.Claims;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.AgentDesk.Accounts;

/// <summary>
/// Sign-in for the desk: ASP.NET Core Identity's users and roles in the product's database, a cookie for the pages
/// and the same identity on the hub. Agents and supervisors work the desk; a creditor user is bound to one creditor.
/// </summary>
public static class DeskAccounts
{
    /// <summary>The desk's cookie scheme.</summary>
    public const string Scheme = "Identity.Application";

    /// <summary>Agents and supervisors: the queue, conversations, replies.</summary>
    public const string DeskPolicy = "desk";

    /// <summary>Supervisors only: limits, approvals, the live board.</summary>
    public const string SupervisorPolicy = "desk-supervisor";

    /// <summary>Any signed-in desk user (creditor users included).</summary>
    public const string SignedInPolicy = "desk-signed-in";

    /// <summary>The claim carrying a creditor user's creditor.</summary>
    public const string CreditorClaim = "creditor";

    /// <summary>The claim carrying the name shown for the user.</summary>
    public const string NameClaim = "display_name";

    /// <summary>Adds Identity's stores on the product's database, the cookie and the desk's policies.</summary>
    public static IServiceCollection AddDeskAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<DeskUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): twelve characters or more, any characters.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CollectionsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DeskClaims>();
        services.AddAuthentication().AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "collectionsbot.desk";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
            options.SlidingExpiration = true;
            options.LoginPath = Pages.DeskPages.SignInPath;

            // APIs and the hub answer with a status, not a redirect to the sign-in page.
            options.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(DeskPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(DeskRoles.Agent, DeskRoles.Supervisor))
            .AddPolicy(SupervisorPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(DeskRoles.Supervisor))
            .AddPolicy(SignedInPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireRole(DeskRoles.All.ToArray()));
        return services;
    }

    /// <summary>
    /// <c>POST /api/desk/session</c> signs in (email and password; 401 problem details otherwise),
    /// <c>GET</c> says who is signed in, <c>DELETE</c> signs out.
    /// </summary>
    public static IEndpointRouteBuilder MapDeskAccounts(this IEndpointRouteBuilder endpoints)
    {
        var session = endpoints.MapGroup("/api/desk/session").WithTags("Desk");
        session.MapPost("", async (SignInRequest request, SignInManager<DeskUser> signIn) =>
        {
            if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
            {
                return Results.Problem(title: "Email and password are required.", statusCode: StatusCodes.Status400BadRequest);
            }

            var user = await signIn.UserManager.FindByEmailAsync(request.Email.Trim());
            var result = user is null ? SignInResult.Failed : await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.IsLockedOut)
            {
                return Results.Problem(title: "Too many failed attempts: this account is locked for a while.", statusCode: StatusCodes.Status401Unauthorized);
            }

            if (!result.Succeeded)
            {
                return Results.Problem(title: "The email or password is not right.", statusCode: StatusCodes.Status401Unauthorized);
            }

            return Results.Ok(await WhoAsync(signIn.UserManager, user!));
        }).AllowAnonymous();
        session.MapGet("", async (ClaimsPrincipal principal, UserManager<DeskUser> users) =>
            await users.GetUserAsync(principal) is { } user ? Results.Ok(await WhoAsync(users, user)) : Results.Unauthorized())
            .RequireAuthorization(SignedInPolicy);
        session.MapDelete("", async (SignInManager<DeskUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.NoContent();
        }).RequireAuthorization(SignedInPolicy);
        return endpoints;
    }

    /// <summary>The id of the signed-in user (the hub's user identifier too).</summary>
    public static string UserId(ClaimsPrincipal principal) =>
        principal?.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user.");

    /// <summary>The name shown for the signed-in user.</summary>
    public static string DisplayName(ClaimsPrincipal principal) =>
        principal?.FindFirstValue(NameClaim) ?? principal?.Identity?.Name ?? "A colleague";

    private static async Task<Who> WhoAsync(UserManager<DeskUser> users, DeskUser user) =>
        new(user.Id, user.DisplayName, user.Email ?? "", [.. await users.GetRolesAsync(user)], user.CreditorId);

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>A sign-in.</summary>
    public sealed record SignInRequest(string Email, string Password);

    /// <summary>Who is signed in.</summary>
    public sealed record Who(string Id, string Name, string Email, IReadOnlyList<string> Roles, Guid? CreditorId);
}
