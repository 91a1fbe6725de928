using System.Collections.Concurrent;
using CollectionsBot.AgentDesk.Accounts;
using Microsoft.Playwright;

namespace CollectionsBot.Bot.Tests.Desk.Browser;

/// <summary>
/// One person at the desk's web pages in headless Chromium, at 1280x800. Uncaught script errors and
/// Content-Security-Policy refusals are collected: a page that breaks its own rules fails its test.
/// </summary>
internal sealed class DeskBrowser : IAsyncDisposable
{
    private readonly HeadlessChromium _chromium;
    private readonly bool _ownsChromium;

    private DeskBrowser(HeadlessChromium chromium, bool ownsChromium, IPage page, Uri host)
    {
        _chromium = chromium;
        _ownsChromium = ownsChromium;
        Page = page;
        Host = host;
        page.PageError += (_, error) => Problems.Enqueue($"script error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                Problems.Enqueue($"CSP: {message.Text}");
            }
        };
    }

    public IPage Page { get; }

    public Uri Host { get; }

    public ConcurrentQueue<string> Problems { get; } = new();

    public static async Task<DeskBrowser> OpenAsync(Uri host)
    {
        // The host shares two cores with the browser: allow for a slow moment before an expectation fails.
        Assertions.SetDefaultExpectTimeout(20_000);
        var chromium = await HeadlessChromium.LaunchAsync();
        return new DeskBrowser(chromium, true, await NewPageAsync(chromium), host);
    }

    /// <summary>Another person in the same browser, with their own cookies.</summary>
    public async Task<DeskBrowser> OpenAnotherAsync() => new(_chromium, false, await NewPageAsync(_chromium), Host);

    private static async Task<IPage> NewPageAsync(HeadlessChromium chromium)
    {
        var page = await chromium.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public string Url(string path) => new Uri(Host, path).ToString();

    public Task GotoAsync(string path) => Page.GotoAsync(Url(path));

    /// <summary>Types the email and password into the sign-in page and presses Sign in.</summary>
    public async Task SignInAsync(string email, string password = DemoDeskUsers.DemoPassword)
    {
        if (!Page.Url.EndsWith("/desk/signin", StringComparison.Ordinal))
        {
            await GotoAsync("/desk/signin");
        }

        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task ScreenshotAsync(string name, bool fullPage = false) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = HeadlessChromium.Artifact(name), FullPage = fullPage });

    public void AssertNoProblems() => Assert.Empty(Problems);

    public async ValueTask DisposeAsync()
    {
        await Page.Context.CloseAsync();
        if (_ownsChromium)
        {
            await _chromium.DisposeAsync();
        }
    }
}
