using CollectionsBot.AgentDesk.Hub;
using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Bot.Tests.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CollectionsBot.Bot.Tests.Desk.Browser;

/// <summary>The agent desk page's other work: two agents passing a conversation along, and a connection lost and regained.</summary>
[Collection(nameof(DeskBrowser))]
public sealed class AgentPageBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentPage_ReleaseNoteTransferAndWrapUp_TheColleagueSeesItArrive_AndTheDebtorHearsWhoJoinsAndLeaves()
    {
        await using var sms = await SmsHarness.StartAsync();
        await using var sam = await DeskBrowser.OpenAsync(sms.Host.Client.BaseAddress!);
        await using var alex = await sam.OpenAnotherAsync();
        foreach (var (agent, email) in new[] { (sam, "sam@desk.example"), (alex, "alex@desk.example") })
        {
            await agent.SignInAsync(email);
            await Expect(agent.Page.Locator("#connection")).ToHaveTextAsync("Connected");
        }

        // Sam steps away and back: the board's status follows the toggle.
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Away" }).ClickAsync();
        await Expect(sam.Page.GetByRole(AriaRole.Button, new() { Name = "Away" })).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal("away", await StatusAsync(sms.Host, "sam@desk.example"));
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Available" }).ClickAsync();
        await Expect(sam.Page.GetByRole(AriaRole.Button, new() { Name = "Available" })).ToHaveAttributeAsync("aria-pressed", "true");

        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var samItem = sam.Page.Locator(".queue-item").Filter(new() { HasText = "Acme Manufacturing Inc." });
        await Expect(alex.Page.Locator(".queue-item").Filter(new() { HasText = "Acme Manufacturing Inc." })).ToContainTextAsync("Human requested");
        await samItem.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Expect(alex.Page.Locator(".queue-item")).ToHaveCountAsync(0);

        // Released: back in everyone's queue; claimed again.
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Release to queue" }).ClickAsync();
        await Expect(sam.Page.GetByText("You hold no conversations.")).ToBeVisibleAsync();
        await Expect(alex.Page.Locator(".queue-item").Filter(new() { HasText = "Acme Manufacturing Inc." })).ToBeVisibleAsync();
        await samItem.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Expect(sam.Page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "Acme Manufacturing Inc." })).ToBeVisibleAsync();

        // A note for colleagues, then a transfer with a wrong email (the hub's answer is shown), then to Alex.
        const string Note = "Dana wants to talk about the September pallets; she has photos.";
        await sam.Page.GetByLabel("New note").FillAsync(Note);
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(sam.Page.Locator("#notes")).ToContainTextAsync(Note);
        await sam.Page.GetByText("Transfer to a colleague").ClickAsync();
        await sam.Page.GetByLabel("Colleague's email").FillAsync("nobody@desk.example");
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        await Expect(sam.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Transfer to another agent or supervisor of the desk, by their email." })).ToBeVisibleAsync();
        var sentBefore = sms.Twilio.Accepted.Count;
        await sam.Page.GetByLabel("Colleague's email").FillAsync("alex@desk.example");
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Transfer", Exact = true }).ClickAsync();
        await Expect(sam.Page.GetByText("You hold no conversations.")).ToBeVisibleAsync();

        // Alex is told at once, sees the conversation with Sam's note; Dana hears who joined.
        await Expect(alex.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sam Rivera transferred a conversation to you." })).ToBeVisibleAsync();
        await alex.Page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "Acme Manufacturing Inc." }).ClickAsync();
        await Expect(alex.Page.Locator("#notes")).ToContainTextAsync(Note);
        await Expect(alex.Page.Locator("#notes")).ToContainTextAsync("Sam Rivera");
        var joined = await sms.Twilio.WaitForAsync(sentBefore + 1);
        Assert.Contains("Alex Chen from our team has joined", joined[^1]["Body"], StringComparison.Ordinal);
        await alex.ScreenshotAsync("desk-agent-transferred.png");

        // Alex wraps up with a disposition and an outcome; Dana hears Alex left.
        await alex.Page.GetByText("Wrap up with an outcome").ClickAsync();
        await alex.Page.GetByLabel("Disposition").SelectOptionAsync("dispute_accepted");
        await alex.Page.GetByLabel("Outcome").FillAsync("Credit note for the damaged pallets");
        await alex.Page.GetByRole(AriaRole.Button, new() { Name = "Wrap up", Exact = true }).ClickAsync();
        await Expect(alex.Page.GetByText("Wrapped up: Dispute accepted.")).ToBeVisibleAsync();
        await Expect(alex.Page.GetByText("You hold no conversations.")).ToBeVisibleAsync();
        var left = await sms.Twilio.WaitForAsync(sentBefore + 2);
        Assert.Contains("Alex Chen has left the conversation", left[^1]["Body"], StringComparison.Ordinal);
        var wrapUp = await sms.Host.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Action == "desk.wrapped_up", Ct));
        Assert.Contains("\"disposition\":\"dispute_accepted\"", wrapUp.Data, StringComparison.Ordinal);
        Assert.Contains("Credit note for the damaged pallets", wrapUp.Data, StringComparison.Ordinal);
        sam.AssertNoProblems();
        alex.AssertNoProblems();
    }

    [Fact]
    public async Task AgentPage_HostRestartsWhileTheDebtorWrites_ThePageReconnectsAndShowsWhatItMissed()
    {
        const string Phone = SmsHarness.Dana;
        var path = RunningHost.NewDatabasePath();
        var port = RunningHost.FreePort();
        var first = await RunningHost.StartAtAsync(path, port, "Development");
        var address = first.Client.BaseAddress!;
        var sequence = 0;
        Task SayAsync(RunningHost host, string text) => host.App.Services.GetRequiredService<ConversationEngine>()
            .HandleAsync(new InboundActivity(Channel.Sms, $"{Phone}|{SmsHarness.OurNumber}", Phone, text, $"reconnect-{++sequence}"), Ct);

        await using var sam = await DeskBrowser.OpenAsync(address);
        var page = sam.Page;
        RunningHost? second = null;
        try
        {
            await sam.SignInAsync("sam@desk.example");
            await Expect(page.Locator("#connection")).ToHaveTextAsync("Connected");
            await SayAsync(first, "I want to speak to a real person please");
            await page.Locator(".queue-item").Filter(new() { HasText = "Acme Manufacturing Inc." }).GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
            var transcript = page.GetByRole(AriaRole.Log, new() { Name = "Transcript" });
            await Expect(transcript.GetByText("Sam Rivera from our team has joined", new() { Exact = false })).ToBeVisibleAsync();

            // The host goes down; the page keeps trying (held off until the debtor has written to the new host).
            await page.RouteAsync(new System.Text.RegularExpressions.Regex("/hubs/desk/negotiate"), route => route.AbortAsync());
            await first.StopKeepingDatabaseAsync();
            await Expect(page.Locator("#connection")).ToHaveTextAsync("Reconnecting…");

            second = await RunningHost.StartAtAsync(path, port, "Development");
            await SayAsync(second, "Are you still there? We can pay half on Friday.");
            await page.UnrouteAsync(new System.Text.RegularExpressions.Regex("/hubs/desk/negotiate"));

            await Expect(page.Locator("#connection")).ToHaveTextAsync("Connected", new() { Timeout = 40_000 });
            await Expect(transcript.Locator(".message.contact").Filter(new() { HasText = "Are you still there? We can pay half on Friday." })).ToBeVisibleAsync();
            await Expect(transcript.Locator(".message.contact").Filter(new() { HasText = "I want to speak to a real person please" })).ToHaveCountAsync(1);
            await Expect(transcript.Locator(".message").First).ToContainTextAsync("I want to speak to a real person please");
            await sam.ScreenshotAsync("desk-agent-reconnected.png");
            sam.AssertNoProblems();
        }
        finally
        {
            // The host still running deletes the database; the first one only stops if it has not yet.
            await first.StopKeepingDatabaseAsync();
            await (second ?? first).DisposeAsync();
        }
    }

    private static async Task<string> StatusAsync(RunningHost host, string email)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>().FindByEmailAsync(email);
        return host.App.Services.GetRequiredService<DeskPresence>().StatusOf(user!.Id);
    }
}
