using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Api;

/// <summary>The <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Api";

    /// <summary>
    /// Key for creditors' systems with full rights. Empty disables the keyed APIs (every call gets 401);
    /// when set it must be at least 24 characters. Set it through an environment variable (Api__AdminKey), never in the repository.
    /// </summary>
    public string AdminKey { get; set; } = "";
}

/// <summary>Authentication of machine callers by the <c>X-Api-Key</c> header.</summary>
public static class ApiKeyAuthentication
{
    /// <summary>Scheme name.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>Header carrying the key.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>Policy for endpoints that take an API key.</summary>
    public const string Policy = "ApiKey";

    /// <summary>Role of the admin key.</summary>
    public const string AdminRole = "api-admin";

    /// <summary>Registers the scheme, its options and the policy.</summary>
    public static WebApplicationBuilder AddApiKeyAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .Validate(o => o.AdminKey.Length is 0 or >= 24, "Api:AdminKey must be empty (keyed APIs off) or at least 24 characters.")
            .ValidateOnStart();
        builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(Scheme, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(AdminRole));
        return builder;
    }
}

/// <summary>Checks the key in constant time; a missing or wrong key is a 401 problem.</summary>
internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyAuthentication.HeaderName, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var adminKey = api.CurrentValue.AdminKey;
        if (adminKey.Length == 0 || !FixedTimeEquals(values.ToString(), adminKey))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, ApiKeyAuthentication.AdminRole)],
            ApiKeyAuthentication.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyAuthentication.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{ApiKeyAuthentication.Scheme} header=\"{ApiKeyAuthentication.HeaderName}\"";
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key required",
                Detail = Request.Headers.ContainsKey(ApiKeyAuthentication.HeaderName)
                    ? $"The {ApiKeyAuthentication.HeaderName} header does not hold a valid key."
                    : $"Send your key in the {ApiKeyAuthentication.HeaderName} header.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Not allowed", Detail = "This API key may not use this endpoint." },
        });
    }

    // Comparing hashes keeps the comparison constant-time whatever the lengths.
    private static bool FixedTimeEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
