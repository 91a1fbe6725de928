using Microsoft.Playwright;

namespace CollectionsBot.Bot.Tests;

/// <summary>Debian's Chromium, headless, through Microsoft.Playwright; screenshots go to the tests' artifacts folder.</summary>
internal sealed class HeadlessChromium(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public IBrowser Browser => browser;

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ExecutablePath}: run `sudo apt-get install -y chromium` (.ci/run does it).");
        }

        var playwright = await Playwright.CreateAsync();
        var launched = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Args });
        return new HeadlessChromium(playwright, launched);
    }

    /// <summary>Where a screenshot named <paramref name="name"/> is kept (artifacts/ beside the test binary).</summary>
    public static string Artifact(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }
}
