using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CollectionsBot.AgentDesk.Pages;

/// <summary>
/// The desk's web pages: sign-in, the agent desk, the supervisor's board and limits, and the creditor's outcomes.
/// Plain HTML, CSS and ES modules with the official SignalR browser client, all embedded in this assembly (see the
/// project file), so any host that maps the desk serves them. The pages hold no data: their scripts ask the desk's
/// APIs and hub, which decide who may see what; a page without a session sends the user to sign in.
/// </summary>
public static class DeskPages
{
    /// <summary>The sign-in page.</summary>
    public const string SignInPath = "/desk/signin";

    /// <summary>Where the pages' scripts, styles and the SignalR client are served from.</summary>
    public const string AssetsPath = "/desk/assets";

    private const string ResourcePrefix = "CollectionsBot.AgentDesk.Pages.assets.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    /// <summary>
    /// Maps <c>/desk/signin</c>, <c>/desk</c> (agents), <c>/desk/supervisor</c>, <c>/desk/outcomes</c> (creditors,
    /// and staff for any creditor) and their assets under <c>/desk/assets/</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapDeskPages(this IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup("/desk").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/signin", (HttpContext http) => Page(http, "signin.html"));
        pages.MapGet("", (HttpContext http) => Page(http, "agent.html"));
        pages.MapGet("/supervisor", (HttpContext http) => Page(http, "supervisor.html"));
        pages.MapGet("/outcomes", (HttpContext http) => Page(http, "outcomes.html"));
        pages.MapGet("/assets/{name}", (string name, HttpContext http) =>
            !name.EndsWith(".html", StringComparison.Ordinal) && Assets.Value.TryGetValue(name, out var asset)
                ? Serve(http, asset, cache: "no-cache")
                : Results.NotFound());
        return endpoints;
    }

    /// <summary>The embedded page and asset names (for checks that the build put them in).</summary>
    public static IReadOnlyCollection<string> Names => Assets.Value.Keys;

    private static IResult Page(HttpContext http, string file)
    {
        var headers = http.Response.Headers;

        // Scripts and styles from this host only; the hub's WebSocket on this host; never inside another site's frame.
        var socket = (http.Request.IsHttps ? "wss://" : "ws://") + http.Request.Host.ToUriComponent();
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' {socket}; " +
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        return Assets.Value.TryGetValue(file, out var page)
            ? Serve(http, page, cache: "no-store")
            : Results.Problem($"The desk's page {file} is not in the build.", statusCode: StatusCodes.Status500InternalServerError);
    }

    private static IResult Serve(HttpContext http, Asset asset, string cache)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = cache;
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DeskPages).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12))}\"";
            assets[name] = new Asset(content, type, etag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
