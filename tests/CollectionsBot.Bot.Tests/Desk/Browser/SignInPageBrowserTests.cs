using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CollectionsBot.Bot.Tests.Desk.Browser;

/// <summary>The desk's sign-in page in headless Chromium: where the focus goes while the page checks for a session.</summary>
[Collection(nameof(DeskBrowser))]
public sealed class SignInPageBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Opened_EmailBoxHasTheFocus()
    {
        await using var host = await RunningHost.StartAsync();
        await using var desk = await DeskBrowser.OpenAsync(host.Client.BaseAddress!);

        await desk.GotoAsync("/desk/signin");

        await Expect(desk.Page.GetByLabel("Email")).ToBeFocusedAsync();
        desk.AssertNoProblems();
    }

    [Fact]
    public async Task ScriptArrivesLate_NothingIsPostedMeanwhile_ThenTheScriptAnswersOnThePage()
    {
        await using var host = await RunningHost.StartAsync();
        await using var desk = await DeskBrowser.OpenAsync(host.Client.BaseAddress!);
        var page = desk.Page;

        // The page's script comes late (a slow network): until it has taken the form over, the form must not reach
        // the server as a plain form post (which this page answers with 405).
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/desk/assets/signin.js", async route =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
            await route.ContinueAsync();
        });
        var posted = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/desk/signin", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref posted);
            }
        };

        // The document is complete only once its (deferred) module script has run: wait for the form itself.
        await page.GotoAsync(desk.Url("/desk/signin"), new() { WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByLabel("Password")).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync("sam@desk.example");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByLabel("Password").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeDisabledAsync();
        Assert.Equal(0, Volatile.Read(ref posted));
        await Expect(page).ToHaveURLAsync(desk.Url("/desk/signin"));

        release.SetResult();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        Assert.Equal(0, Volatile.Read(ref posted));
    }

    [Fact]
    public async Task SessionCheckAnswersLate_TypingInThePasswordBoxStaysThere()
    {
        await using var host = await RunningHost.StartAsync();
        await using var desk = await DeskBrowser.OpenAsync(host.Client.BaseAddress!);
        var page = desk.Page;

        // The page asks whether this browser already has a session; the answer (no) comes after the user has typed
        // the email and moved to the password box.
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/desk/session", async route =>
        {
            if (route.Request.Method == "GET")
            {
                await Task.Delay(1500, Ct);
            }

            await route.ContinueAsync();
        });
        page.RequestFinished += (_, request) =>
        {
            if (request.Method == "GET" && request.Url.EndsWith("/api/desk/session", StringComparison.Ordinal))
            {
                answered.TrySetResult();
            }
        };

        await desk.GotoAsync("/desk/signin");
        await page.GetByLabel("Email").FillAsync("sam@desk.example");
        await page.GetByLabel("Password").FocusAsync();
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await page.WaitForTimeoutAsync(300); // the page's handler of the answer runs right after it arrives
        await page.Keyboard.TypeAsync("secret");

        await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Password")).ToHaveValueAsync("secret");
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync("sam@desk.example");
    }
}
