using CollectionsBot.Bot.Tests.Channels.DirectLine;
using CollectionsBot.Bot.Tests.Channels.Sms;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CollectionsBot.Bot.Tests.Desk.Browser;

/// <summary>The agent page and the desk's routing: a hand-off assigned automatically, sent on to another queue, and typing both ways on web chat.</summary>
[Collection(nameof(DeskBrowser))]
public sealed class RoutingPagesBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AutoAssignedHandOff_OpensOnTheAgentsPage_SentToTheHardshipQueue_ItWaitsThereWithTheNote()
    {
        await using var sms = await SmsHarness.StartAsync("--Desk:AutoAssign=true");
        await using var sam = await DeskBrowser.OpenAsync(sms.Host.Client.BaseAddress!);
        await using var alex = await sam.OpenAnotherAsync();
        foreach (var (agent, email) in new[] { (sam, "sam@desk.example"), (alex, "alex@desk.example") })
        {
            await agent.SignInAsync(email);
            await Expect(agent.Page).ToHaveURLAsync(agent.Url("/desk"), new() { Timeout = 40_000 });
            await Expect(agent.Page.Locator("#connection")).ToHaveTextAsync("Connected");
        }

        await alex.Page.GetByRole(AriaRole.Button, new() { Name = "Away" }).ClickAsync();
        await Expect(alex.Page.GetByRole(AriaRole.Button, new() { Name = "Away" })).ToHaveAttributeAsync("aria-pressed", "true");

        // Alex is away: the desk gives Dana's hand-off to Sam, whose page opens it as if claimed.
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        await Expect(sam.Page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "Acme Manufacturing Inc." })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(sam.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The desk assigned you Acme Manufacturing Inc. (Human requested)." })).ToBeVisibleAsync();
        var transcript = sam.Page.GetByRole(AriaRole.Log, new() { Name = "Transcript" });
        await Expect(transcript.GetByText("Sam Rivera from our team has joined", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(sam.Page.Locator(".queue-item")).ToHaveCountAsync(0);
        await sam.ScreenshotAsync("desk-agent-assigned.png");

        // Dana has not been verified in this conversation: no terms can be agreed with her, and the page says why.
        await sam.Page.GetByText("Agree terms").ClickAsync();
        await sam.Page.GetByLabel("Promise to pay").CheckAsync();
        await sam.Page.GetByLabel("Amount").FillAsync("500");
        await sam.Page.GetByLabel("Pay by").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Propose terms" }).ClickAsync();
        await Expect(sam.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The contact has not been verified in this conversation" })).ToBeVisibleAsync();
        await Expect(sam.Page.Locator("#agreement")).ToBeHiddenAsync();

        // Sam sends it to the Hardship queue with a note: it leaves Sam, and waits in Alex's queue with the note.
        await sam.Page.GetByText("Send to queue").First.ClickAsync();
        await sam.Page.GetByLabel("Queue", new() { Exact = true }).SelectOptionAsync("Hardship");
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Send to queue" }).ClickAsync();
        await Expect(sam.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Say why, for whoever takes it." })).ToBeVisibleAsync();
        await sam.Page.GetByLabel("Note for whoever takes it").FillAsync("Lost their biggest customer in October; wants to talk about smaller payments.");
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Send to queue" }).ClickAsync();
        await Expect(sam.Page.GetByText("You hold no conversations.")).ToBeVisibleAsync();
        await Expect(sam.Page.GetByText("Sent to the Hardship queue.")).ToBeVisibleAsync();
        var item = alex.Page.Locator(".queue-item").Filter(new() { HasText = "Acme Manufacturing Inc." });
        await Expect(item).ToContainTextAsync("Hardship");
        await Expect(item).ToContainTextAsync("Sent to the Hardship queue by Sam Rivera: Lost their biggest customer in October");
        await alex.ScreenshotAsync("desk-agent-requeued.png");
        sam.AssertNoProblems();
        alex.AssertNoProblems();
    }

    [Fact]
    public async Task WebChat_TheAgentsTypingReachesTheDebtor_AndTheDebtorsTypingShowsOnThePageForAFewSeconds()
    {
        await using var host = await RunningHost.StartAsync("Development", DirectLineTestKit.SecretSetting);
        await using var sam = await DeskBrowser.OpenAsync(host.Client.BaseAddress!);
        var page = sam.Page;
        await sam.SignInAsync("sam@desk.example");
        await Expect(sam.Page).ToHaveURLAsync(sam.Url("/desk"), new() { Timeout = 40_000 });
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Connected");
        var (conversation, token) = await DirectLineTestKit.PageTokenAsync(host.Client);
        await DirectLineTestKit.PostMessageAsync(host.Client, conversation, token, "I want to speak to a real person please");
        await page.Locator(".queue-item").Filter(new() { HasText = "Human requested" }).GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        var transcript = page.GetByRole(AriaRole.Log, new() { Name = "Transcript" });
        await Expect(transcript.GetByText("Sam Rivera from our team has joined", new() { Exact = false })).ToBeVisibleAsync();
        var (_, watermark) = await DirectLineTestKit.ActivitiesAsync(host.Client, conversation, token);

        // Sam types: Web Chat gets a typing activity from our side.
        await page.GetByLabel("Reply to the debtor").PressSequentiallyAsync("Hello");
        await TypingArrivesAsync(host, conversation, token, watermark);

        // The debtor types: the page says so on the conversation, then stops saying it.
        var (posted, _) = await DirectLineTestKit.SendAsync(host.Client, HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities", token, new { type = "typing", from = new { id = "user" } });
        Assert.Equal(System.Net.HttpStatusCode.OK, posted.StatusCode);
        await Expect(page.Locator("#typing")).ToHaveTextAsync("Debtor is typing…");
        await Expect(page.GetByRole(AriaRole.Tab).Locator(".typing-mark")).ToHaveTextAsync("typing…");
        await sam.ScreenshotAsync("desk-agent-debtor-typing.png");
        await Expect(page.Locator("#typing")).ToHaveTextAsync("");
        await Expect(page.GetByRole(AriaRole.Tab).Locator(".typing-mark")).ToHaveCountAsync(0);
        sam.AssertNoProblems();
    }

    /// <summary>Polls the debtor's side of Direct Line until our typing activity is there (it is sent after the keystroke, asynchronously).</summary>
    private static async Task TypingArrivesAsync(RunningHost host, string conversation, string token, string watermark)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            var (after, _) = await DirectLineTestKit.ActivitiesAsync(host.Client, conversation, token, watermark);
            if (after.Any(a => a.GetProperty("type").GetString() == "typing" && DirectLineTestKit.Role(a) == "bot"))
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "No typing activity reached Web Chat.");
            await Task.Delay(100, Ct);
        }
    }
}
