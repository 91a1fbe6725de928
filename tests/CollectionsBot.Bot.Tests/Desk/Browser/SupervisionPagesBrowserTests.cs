using System.Globalization;
using CollectionsBot.Bot.Tests.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CollectionsBot.Bot.Tests.Desk.Browser;

/// <summary>
/// The pages' newer work: an agent agrees terms (at once inside their limits, beyond them with a supervisor's approval
/// given live on the supervisor's page); a supervisor sees where the desk is late and watches a conversation as it
/// happens; a supervisor edits the agents' limits and the contact cadence.
/// </summary>
[Collection(nameof(DeskBrowser))]
public sealed class SupervisionPagesBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentAgreesAPlan_ThenProposesOneBeyondTheirLimits_ASupervisorApprovesItLive_DanaGetsTheConfirmation()
    {
        await using var sms = await SmsHarness.StartAsync();
        await using var sam = await DeskBrowser.OpenAsync(sms.Host.Client.BaseAddress!);
        await using var morgan = await sam.OpenAnotherAsync();
        await sam.SignInAsync("sam@desk.example");
        await Expect(sam.Page).ToHaveURLAsync(sam.Url("/desk"), new() { Timeout = 40_000 });
        await Expect(sam.Page.Locator("#connection")).ToHaveTextAsync("Connected");
        await morgan.SignInAsync("morgan@desk.example");
        await Expect(morgan.Page).ToHaveURLAsync(morgan.Url("/desk/supervisor"), new() { Timeout = 40_000 });
        await Expect(morgan.Page.Locator("#connection")).ToHaveTextAsync("Connected");
        await Expect(morgan.Page.GetByText("No request is waiting.")).ToBeVisibleAsync();

        // Dana is verified by text, then asks for a person; Sam claims the conversation.
        await sms.ConverseAsync(SmsHarness.Dana, "how much do we owe you?");
        await sms.ConverseAsync(SmsHarness.Dana, "Acme Manufacturing Inc., account ACME-001");
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        await sam.Page.Locator(".queue-item").Filter(new() { HasText = "Acme Manufacturing Inc." }).GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        var transcript = sam.Page.GetByRole(AriaRole.Log, new() { Name = "Transcript" });
        await Expect(transcript.GetByText("Sam Rivera from our team has joined", new() { Exact = false })).ToBeVisibleAsync();
        await sms.SettledAsync();
        var sent = sms.Twilio.Accepted.Count;
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Ten monthly payments: beyond the bot's six, inside an agent's twelve. Agreed at once; Dana gets the confirmation.
        await ProposePlanAsync(sam.Page, "10", start);
        var agreement = sam.Page.Locator("#agreement");
        await Expect(agreement).ToContainTextAsync("Agreed:");
        await Expect(agreement).ToContainTextAsync("10 monthly payments");
        await Expect(agreement).ToContainTextAsync("The confirmation is sent to the debtor.");
        await Expect(transcript.Locator(".message.agent").Filter(new() { HasText = "Done: your plan is set up." })).ToHaveCountAsync(1);
        Assert.StartsWith("Done: your plan is set up.", (await sms.Twilio.WaitForAsync(sent + 1))[^1]["Body"], StringComparison.Ordinal);
        await sam.ScreenshotAsync("desk-agent-agreed.png");

        // Eighteen: beyond an agent's limits. Sent for approval; the supervisor's page shows the request at once.
        await ProposePlanAsync(sam.Page, "18", start);
        await Expect(agreement).ToContainTextAsync("Sent for approval:");
        await Expect(agreement).ToContainTextAsync("18 monthly payments");
        await Expect(agreement).ToContainTextAsync("beyond: max_installments");
        await Expect(sam.Page.Locator("#requests .request.pending")).ToContainTextAsync("18 monthly payments");
        var request = morgan.Page.Locator(".approval").Filter(new() { HasText = "Acme Manufacturing Inc." });
        await Expect(request).ToContainTextAsync("for Northwind Logistics");
        await Expect(request).ToContainTextAsync("asked by Sam Rivera");
        await Expect(request).ToContainTextAsync("18 monthly payments");
        await Expect(request).ToContainTextAsync("max_installments");
        await Expect(request.Locator("[data-since]")).ToContainTextAsync("waiting");
        await Expect(morgan.Page.Locator("#approvals-count")).ToHaveTextAsync("1");

        // Rejecting needs a reason; Morgan approves with a note instead.
        await request.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(request.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Give the agent a reason to reject the request.");
        await morgan.ScreenshotAsync("desk-supervisor-approval.png", fullPage: true);
        await request.GetByLabel("Note (optional)").FillAsync("Long-standing customer");
        await request.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(request).ToHaveCountAsync(0);
        await Expect(morgan.Page.Locator("#decided")).ToContainTextAsync("approved by Morgan Lee");

        // Sam sees the decision on the conversation and in the list; the confirmation goes to Dana's phone.
        await Expect(agreement).ToContainTextAsync("Approved by Morgan Lee");
        await Expect(agreement).ToContainTextAsync("Long-standing customer");
        await Expect(sam.Page.Locator("#requests .request.approved")).ToContainTextAsync("Approved by Morgan Lee: Long-standing customer");
        await Expect(transcript.Locator(".message.agent").Filter(new() { HasText = "Done: your plan is set up." })).ToHaveCountAsync(2);
        Assert.StartsWith("Done: your plan is set up.", (await sms.Twilio.WaitForAsync(sent + 2))[^1]["Body"], StringComparison.Ordinal);
        var plan = await sms.Host.WithDbAsync(db => db.PaymentPlans.AsNoTracking().Include(p => p.Installments).SingleAsync(p => p.Status == PlanStatus.Active && p.AgreedBy.StartsWith("Sam Rivera"), Ct));
        Assert.Equal(("Sam Rivera, approved by Morgan Lee", 18), (plan.AgreedBy, plan.Installments.Count(i => i.Sequence > 0)));
        await sam.ScreenshotAsync("desk-agent-approved.png");

        // Settling for $100 is far beyond an agent's quarter off: Morgan rejects it with a reason, which Sam reads on the conversation.
        await sam.Page.GetByText("Agree terms").ClickAsync();
        await sam.Page.GetByLabel("Settlement").CheckAsync();
        await sam.Page.GetByLabel("Amount").FillAsync("100");
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Propose terms" }).ClickAsync();
        await Expect(agreement).ToContainTextAsync("max_settlement_discount");
        var settlement = morgan.Page.Locator(".approval").Filter(new() { HasText = "max_settlement_discount" });
        await settlement.GetByLabel("Reason to reject").FillAsync("Too deep a discount for a current account");
        await settlement.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(agreement).ToContainTextAsync("Rejected by Morgan Lee");
        await Expect(agreement).ToContainTextAsync("Reason: Too deep a discount for a current account");
        await Expect(sam.Page.Locator("#requests .request.rejected")).ToContainTextAsync("Rejected by Morgan Lee: Too deep a discount for a current account");
        await sam.ScreenshotAsync("desk-agent-rejected.png");
        await sms.SettledAsync();
        Assert.Equal(sent + 2, sms.Twilio.Accepted.Count);
        sam.AssertNoProblems();
        morgan.AssertNoProblems();
    }

    [Fact]
    public async Task SupervisorSeesAWaitPastItsTarget_WatchesTheConversation_ThroughTheAgentToTheBotsNextReply()
    {
        await using var sms = await SmsHarness.StartAsync();
        await using var morgan = await DeskBrowser.OpenAsync(sms.Host.Client.BaseAddress!);
        await using var sam = await morgan.OpenAnotherAsync();
        await morgan.SignInAsync("morgan@desk.example");
        await Expect(morgan.Page).ToHaveURLAsync(morgan.Url("/desk/supervisor"), new() { Timeout = 40_000 });
        await Expect(morgan.Page.Locator("#connection")).ToHaveTextAsync("Connected");
        await sam.SignInAsync("sam@desk.example");
        await Expect(sam.Page).ToHaveURLAsync(sam.Url("/desk"), new() { Timeout = 40_000 });
        await Expect(sam.Page.Locator("#connection")).ToHaveTextAsync("Connected");
        var page = morgan.Page;

        // Dana asked for a person 45 minutes ago: past the 30-minute target, marked on the board.
        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        await Expect(page.Locator("#board-queue")).ToContainTextAsync("Acme Manufacturing Inc.");
        var now = DateTimeOffset.UtcNow;
        await sms.Host.WithDbAsync(db => db.Conversations.ExecuteUpdateAsync(s => s.SetProperty(c => c.HandedOffAt, now.AddMinutes(-45)), Ct));
        var breach = page.Locator("#board-breaches tr.breach").Filter(new() { HasText = "Acme Manufacturing Inc." });
        await Expect(breach).ToContainTextAsync("Waiting too long");
        await Expect(breach).ToContainTextAsync("Human requested");
        await Expect(breach).ToContainTextAsync("over 30 min");
        await morgan.ScreenshotAsync("desk-supervisor-sla-breach.png", fullPage: true);

        // Watching from the breach: the transcript so far, read-only (no reply box).
        await breach.GetByRole(AriaRole.Button, new() { Name = "Watch Acme Manufacturing Inc." }).ClickAsync();
        var watched = page.GetByRole(AriaRole.Log, new() { Name = "Watched transcript" });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Watching: Acme Manufacturing Inc." })).ToBeVisibleAsync();
        await Expect(watched.Locator(".message.contact").Filter(new() { HasText = "I want to speak to a real person please" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#watch textarea")).ToHaveCountAsync(0);

        // Sam claims and answers: the supervisor sees who joined and what Sam said; the board lists it as held.
        await sam.Page.Locator(".queue-item").Filter(new() { HasText = "Acme Manufacturing Inc." }).GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Expect(watched.GetByText("Sam Rivera from our team has joined", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.Locator("#board-held-list")).ToContainTextAsync("Sam Rivera");
        await Expect(page.Locator("#board-breaches")).ToContainTextAsync("Every conversation is within its target.");
        await sam.Page.GetByLabel("Reply to the debtor").FillAsync("Hello Dana, this is Sam. How can I help?");
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(watched.Locator(".message.agent").Filter(new() { HasText = "Hello Dana, this is Sam." })).ToBeVisibleAsync();

        // Sam hands back to the bot; Dana's next text and the bot's reply appear live, each once.
        await sam.Page.GetByRole(AriaRole.Button, new() { Name = "Hand back to bot" }).ClickAsync();
        await Expect(watched.GetByText("has left the conversation", new() { Exact = false })).ToBeVisibleAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await sms.ConverseAsync(SmsHarness.Dana, "how much do we owe you?");
        var replies = await sms.Host.WithDbAsync(db => db.Messages.AsNoTracking().Where(m => m.Sender == SenderKind.Bot).ToListAsync(Ct));
        replies = [.. replies.Where(m => m.CreatedAt >= before)];
        Assert.NotEmpty(replies);
        await Expect(watched.Locator(".message.contact").Filter(new() { HasText = "how much do we owe you?" })).ToHaveCountAsync(1);
        foreach (var reply in replies)
        {
            await Expect(watched.Locator(".message.bot").Filter(new() { HasText = reply.Body })).ToHaveCountAsync(1);
        }

        await morgan.ScreenshotAsync("desk-supervisor-watching.png", fullPage: true);
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop watching" }).ClickAsync();
        await Expect(page.Locator("#watch")).ToBeHiddenAsync();
        morgan.AssertNoProblems();
        sam.AssertNoProblems();
    }

    [Fact]
    public async Task SupervisorEditsTheAgentsLimitsAndTheContactCadence_ANarrowerAgentLimitIsRefusedOnItsField()
    {
        await using var host = await RunningHost.StartAsync("Development");
        await using var desk = await DeskBrowser.OpenAsync(host.Client.BaseAddress!);
        var page = desk.Page;
        await desk.SignInAsync("morgan@desk.example");
        await Expect(page).ToHaveURLAsync(desk.Url("/desk/supervisor"), new() { Timeout = 40_000 });
        await page.GetByLabel("Creditor").SelectOptionAsync(new SelectOptionValue { Label = "Northwind Logistics" });
        var agentsMost = page.GetByLabel("Agents' most installments");
        await Expect(page.GetByLabel("Most installments", new() { Exact = true })).ToHaveValueAsync("6");
        await Expect(agentsMost).ToHaveValueAsync("12");
        await Expect(page.GetByLabel("Contact window opens")).ToHaveValueAsync("08:00");

        // Fewer payments for agents than the bot may offer, and a window that closes before it opens: both refused, each on its field.
        await agentsMost.FillAsync("4");
        await page.GetByLabel("Contact window closes").FillAsync("07:00");
        await page.GetByLabel("Reason for the change").FillAsync("Tighter desk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save limits" }).ClickAsync();
        await Expect(page.Locator("#agent-maxInstallments-error")).ToHaveTextAsync("Agents' most installments must be at least the bot's (6)");
        await Expect(agentsMost).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#cadence-contactWindowEnd-error")).ToHaveTextAsync("Contact window closes must be after the window start");
        await Expect(page.GetByText("Never changed: these are the defaults.")).ToBeVisibleAsync();
        await desk.ScreenshotAsync("desk-supervisor-agent-limits-error.png", fullPage: true);

        // Two years for agents; contact from nine to half past five on Mondays, Wednesdays and Fridays, twice a week at most.
        await agentsMost.FillAsync("24");
        await page.GetByLabel("Contact window opens").FillAsync("09:00");
        await page.GetByLabel("Contact window closes").FillAsync("17:30");
        await page.GetByLabel("Tuesday").UncheckAsync();
        await page.GetByLabel("Thursday").UncheckAsync();
        await page.GetByLabel("Most messages per channel a week").FillAsync("2");
        await page.GetByLabel("Reason for the change").FillAsync("Longer plans at the desk; fewer, later reminders");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save limits" }).ClickAsync();
        await Expect(page.GetByText("Saved as version 1.")).ToBeVisibleAsync();
        await Expect(page.Locator("#agent-maxInstallments-error")).ToBeHiddenAsync();
        var change = page.Locator("#policy-history tbody tr").First;
        await Expect(change).ToContainTextAsync("Longer plans at the desk; fewer, later reminders");
        await Expect(change).ToContainTextAsync("Agents' most installments: 12 → 24");
        await Expect(change).ToContainTextAsync("Contact window: 08:00–21:00 → 09:00–17:30");
        await Expect(change).ToContainTextAsync("→ Mon, Wed, Fri");
        await Expect(change).ToContainTextAsync("Most messages per channel a week:");
        await Expect(change).Not.ToContainTextAsync("Most installments:");
        await Expect(agentsMost).ToHaveValueAsync("24");
        await Expect(page.GetByLabel("Tuesday")).Not.ToBeCheckedAsync();
        await desk.ScreenshotAsync("desk-supervisor-agent-limits-saved.png", fullPage: true);

        var northwind = await host.WithDbAsync(db => db.Creditors.AsNoTracking().SingleAsync(c => c.Name == "Northwind Logistics", Ct));
        Assert.Equal((6, 24), (northwind.Policy.MaxInstallments, northwind.AgentPolicy.MaxInstallments));
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(17, 30), ContactDays.Monday | ContactDays.Wednesday | ContactDays.Friday, 2),
            (northwind.Compliance.ContactWindowStart, northwind.Compliance.ContactWindowEnd, northwind.Compliance.ContactDays, northwind.Compliance.MaxMessagesPerChannelPerWeek));
        desk.AssertNoProblems();
    }

    private static async Task ProposePlanAsync(IPage page, string payments, string start)
    {
        await page.GetByText("Agree terms").ClickAsync();
        await page.GetByLabel("Payment plan").CheckAsync();
        await page.GetByLabel("Payments", new() { Exact = true }).FillAsync(payments);
        await page.GetByLabel("Frequency").SelectOptionAsync("monthly");
        await page.GetByLabel("First payment").FillAsync(start);
        await page.GetByLabel("Down payment").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Propose terms" }).ClickAsync();
    }
}
