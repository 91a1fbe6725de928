using System.Net;
using CollectionsBot.AgentDesk.Pages;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>The desk's pages as the host serves them: in the build, with their security headers, and nothing else.</summary>
public sealed class DeskPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Build_EmbedsEveryPageItsScriptsAndTheSignalRClient()
    {
        foreach (var name in new[] { "signin.html", "agent.html", "supervisor.html", "outcomes.html", "desk.css", "common.js", "agent.js", "signalr.min.js" })
        {
            Assert.Contains(name, DeskPages.Names);
        }
    }

    [Theory]
    [InlineData("/desk/signin", "Sign in to the desk")]
    [InlineData("/desk", "/desk/assets/agent.js")]
    [InlineData("/desk/supervisor", "/desk/assets/supervisor.js")]
    [InlineData("/desk/outcomes", "/desk/assets/outcomes.js")]
    public async Task Page_IsServedToAnyone_WithAStrictContentSecurityPolicy(string path, string expected)
    {
        await using var host = await RunningHost.StartAsync();
        using var response = await host.Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' ws://{host.Client.BaseAddress!.Authority};", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Assets_AreServedWithTheirTypeAndRevalidated_UnknownNamesAndPagesAreNot()
    {
        await using var host = await RunningHost.StartAsync();
        using var script = await host.Client.GetAsync("/desk/assets/signalr.min.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(script.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("HubConnectionBuilder", await script.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/desk/assets/signalr.min.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var unchanged = await host.Client.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);

        using var css = await host.Client.GetAsync("/desk/assets/desk.css", Ct);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);

        foreach (var path in new[] { "/desk/assets/agent.html", "/desk/assets/nothing.js", "/desk/assets/..%2Fbin.dll" })
        {
            using var missing = await host.Client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }
}
