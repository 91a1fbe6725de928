using System.Globalization;
using System.Text.RegularExpressions;
using CollectionsBot.Bot.Channels.WebChat;
using CollectionsBot.Bot.Tests.Channels.DirectLine;
using CollectionsBot.Bot.Tests.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CollectionsBot.Bot.Tests.Desk.Browser;

/// <summary>
/// The desk's web pages in headless Chromium against the real host, with Twilio played by a local fake: an agent
/// claims a dispute the bot handed off by SMS and answers it, a supervisor changes a creditor's limits and the bot's
/// next offer keeps to them, a creditor's user reads its own outcomes and no one else's.
/// </summary>
[Collection(nameof(DeskBrowser))]
public sealed partial class DeskPagesBrowserTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentPage_ClaimsADisputeHandedOffBySms_ReplyReachesTwilio_AndTheDebtorsNextMessageShows()
    {
        await using var sms = await SmsHarness.StartAsync(DirectLineTestKit.SecretSetting);
        await using var desk = await DeskBrowser.OpenAsync(sms.Host.Client.BaseAddress!);
        var page = desk.Page;

        // Without a session the desk sends the agent to sign in; a wrong password is answered on the page.
        await desk.GotoAsync("/desk");
        await Expect(page).ToHaveURLAsync(desk.Url("/desk/signin"));
        await desk.SignInAsync("sam@desk.example", "not-the-password");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not right.");
        await desk.ScreenshotAsync("desk-signin-refused.png");
        await desk.SignInAsync("sam@desk.example");
        await Expect(page).ToHaveURLAsync(desk.Url("/desk"));
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Connected");

        // Earlier, Dana asked on the web page from her reminder's link; the account panel will show it.
        var dana = await sms.Host.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Name == "Dana Whitfield", Ct));
        var link = sms.Host.App.Services.GetRequiredService<ContactLinks>().PathFor(dana.Id);
        var (web, token) = await DirectLineTestKit.PageTokenAsync(sms.Host.Client, Uri.UnescapeDataString(link["/c/".Length..]));
        await DirectLineTestKit.PostMessageAsync(sms.Host.Client, web, token, "which invoices are open?");

        // Dana asks for a plan, is verified, then disputes an invoice: the bot hands the conversation off.
        await sms.ConverseAsync(SmsHarness.Dana, "can we do a payment plan");
        await sms.ConverseAsync(SmsHarness.Dana, "Acme Manufacturing, account ACME-001");
        await sms.ConverseAsync(SmsHarness.Dana, "actually NWL-10488 was never delivered, we won't pay for that one");
        Assert.Equal(ConversationOwner.WaitingForAgent, await sms.Host.WithDbAsync(db => db.Conversations.Where(c => c.Channel == Channel.Sms).Select(c => c.Owner).SingleAsync(Ct)));

        // It appears in the live queue with its reason, debtor, creditor and the bot's summary; Sam claims it.
        var item = page.Locator(".queue-item").Filter(new() { HasText = "Acme Manufacturing Inc." });
        await Expect(item).ToContainTextAsync("Dispute");
        await Expect(item).ToContainTextAsync("Northwind Logistics");
        await Expect(item).ToContainTextAsync("NWL-10488");
        await Expect(item.Locator(".wait")).ToContainTextAsync("waiting");
        var sentBeforeClaim = sms.Twilio.Accepted.Count;
        await item.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Tab).Filter(new() { HasText = "Acme Manufacturing Inc." })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(item).ToHaveCountAsync(0);
        var transcript = page.GetByRole(AriaRole.Log, new() { Name = "Transcript" });
        await Expect(transcript.Locator(".message.contact").Filter(new() { HasText = "NWL-10488 was never delivered" })).ToBeVisibleAsync();
        await Expect(transcript.Locator(".message").First).ToContainTextAsync("can we do a payment plan");
        await Expect(transcript.Locator(".message.bot").First).ToBeVisibleAsync();
        await Expect(page.Locator("#context")).ToContainTextAsync("ACME-001");
        await Expect(page.Locator("#context")).ToContainTextAsync("Handed off: Dispute");
        await Expect(page.Locator("#context")).ToContainTextAsync("NWL-10533");
        var elsewhere = page.GetByRole(AriaRole.List, new() { Name = "Messages about this account in other conversations" });
        await Expect(elsewhere.Locator("li").Filter(new() { HasText = "which invoices are open?" })).ToContainTextAsync("WEBCHAT · Contact");
        var joined = await sms.Twilio.WaitForAsync(sentBeforeClaim + 1);
        Assert.Contains("Sam Rivera from our team has joined", joined[^1]["Body"], StringComparison.Ordinal);

        // A threatening reply is stopped by the guard, and the page says which rule stopped it; nothing is sent.
        var reply = page.GetByLabel("Reply to the debtor");
        await reply.FillAsync("Pay today or we will seize your equipment.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        var blocked = transcript.Locator(".message.agent").Filter(new() { HasText = "seize your equipment" });
        await Expect(blocked.GetByText("Blocked: tone.threat")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "tone.threat" })).ToBeVisibleAsync();

        // A proper reply goes out to Dana's phone through Twilio.
        var sentBeforeReply = sms.Twilio.Accepted.Count;
        const string Answer = "Thank you Dana, I am checking the delivery records for NWL-10488 now.";
        await reply.FillAsync(Answer);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        var sent = await sms.Twilio.WaitForAsync(sentBeforeReply + 1);
        Assert.Equal(Answer, sent[^1]["Body"]);
        Assert.Equal(SmsHarness.Dana, sent[^1]["To"]);
        Assert.DoesNotContain(sms.Twilio.Accepted, m => m["Body"].Contains("seize", StringComparison.Ordinal));
        await Expect(reply).ToHaveValueAsync("");

        // Dana writes again: the message appears in the open conversation without a reload.
        const string Next = "The pallet for NWL-10488 never reached our Chicago dock, we have the gate log.";
        using (var response = await sms.TextAsync(SmsHarness.Dana, Next))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        await Expect(transcript.Locator(".message.contact").Filter(new() { HasText = Next })).ToBeVisibleAsync();
        await desk.ScreenshotAsync("desk-agent-conversation.png");
        desk.AssertNoProblems();
    }

    [Fact]
    public async Task SupervisorPage_LowersMaxInstallments_TheBotsNextSmsOfferKeepsToIt_AndABadValueIsShownOnItsField()
    {
        await using var sms = await SmsHarness.StartAsync();
        await using var desk = await DeskBrowser.OpenAsync(sms.Host.Client.BaseAddress!);
        var page = desk.Page;

        // Dana is verified and has the bot's opening plan offer under the old limits (at most six installments).
        await sms.ConverseAsync(SmsHarness.Dana, "can we do a payment plan");
        var opening = await sms.ConverseAsync(SmsHarness.Dana, "Acme Manufacturing, account ACME-001");
        Assert.Contains(opening, m => m["Body"].StartsWith("We can offer:", StringComparison.Ordinal));

        await desk.SignInAsync("morgan@desk.example");
        await Expect(page).ToHaveURLAsync(desk.Url("/desk/supervisor"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Agent desk" })).ToBeVisibleAsync();
        await Expect(page.Locator("#board-agents")).ToContainTextAsync("Sam Rivera");
        await Expect(page.Locator("#board-waiting")).ToHaveTextAsync("0");

        await page.GetByLabel("Creditor").SelectOptionAsync(new SelectOptionValue { Label = "Northwind Logistics" });
        await Expect(page.GetByLabel("Most installments", new() { Exact = true })).ToHaveValueAsync("6");

        // A smallest installment of 0 breaks a rule: the server's words show next to that field; nothing changes.
        await page.GetByLabel("Smallest installment", new() { Exact = true }).FillAsync("0");
        await page.GetByLabel("Reason for the change").FillAsync("Trying a floor of zero");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save limits" }).ClickAsync();
        await Expect(page.Locator("#minInstallmentAmount-error")).ToHaveTextAsync("Smallest installment must be greater than 0");
        await Expect(page.GetByLabel("Smallest installment", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByText("Never changed: these are the defaults.")).ToBeVisibleAsync();
        await desk.ScreenshotAsync("desk-supervisor-limits-error.png", fullPage: true);

        // At most two installments, with a reason: saved as version 1 with who, why, before and after.
        await page.GetByLabel("Smallest installment", new() { Exact = true }).FillAsync("100");
        await page.GetByLabel("Most installments", new() { Exact = true }).FillAsync("2");
        await page.GetByLabel("Reason for the change").FillAsync("Q4 risk review: shorter plans");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save limits" }).ClickAsync();
        await Expect(page.GetByText("Saved as version 1.")).ToBeVisibleAsync();
        await Expect(page.Locator("#minInstallmentAmount-error")).ToBeHiddenAsync();
        var change = page.Locator("#policy-history tbody tr").First;
        await Expect(change).ToContainTextAsync("Morgan Lee");
        await Expect(change).ToContainTextAsync("Q4 risk review: shorter plans");
        await Expect(change).ToContainTextAsync("Most installments: 6 → 2");
        await desk.ScreenshotAsync("desk-supervisor-limits-saved.png", fullPage: true);

        // Five monthly payments were within the old limits; the bot's next offer now has at most two.
        var counter = await sms.ConverseAsync(SmsHarness.Dana, "we can pay $600 now and the rest in 5 monthly payments");
        var offer = Assert.Single(counter, m => m["Body"].StartsWith("We can offer:", StringComparison.Ordinal))["Body"];
        var payments = int.Parse(InstallmentCount().Match(offer).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(payments, 1, 2);
        desk.AssertNoProblems();
    }

    [Fact]
    public async Task OutcomesPage_CreditorUser_SeesItsKeptPromise_AndNotAnotherCreditorsOutcomes()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var other = await SeedKeptPromiseAsync(host);
        await using var desk = await DeskBrowser.OpenAsync(host.Client.BaseAddress!);
        var page = desk.Page;

        await desk.SignInAsync("northwindlogistics@creditor.example");
        await Expect(page).ToHaveURLAsync(new Regex("/desk/outcomes"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Outcomes for Northwind Logistics" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Creditor")).ToBeHiddenAsync();
        var kept = page.Locator("#promise-stats .stat").Filter(new() { HasText = "Kept" }).First;
        await Expect(kept).ToContainTextAsync("1");
        await Expect(page.Locator("#promise-stats")).ToContainTextAsync("100.0%");
        var row = page.Locator("#promise-list tbody tr").Filter(new() { HasText = "ACME-001" }).Filter(new() { HasText = "Kept" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("$1,000.00");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Promises to pay by outcome: Kept 1" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download promises (CSV)" })).ToHaveAttributeAsync("href", new Regex("format=csv"));
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Agent desk" })).ToHaveCountAsync(0);
        await desk.ScreenshotAsync("desk-creditor-outcomes.png", fullPage: true);

        // Asking for another creditor's outcomes gets the refusal, and none of its figures.
        await desk.GotoAsync($"/desk/outcomes?creditorId={other}");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("These outcomes belong to another creditor.");
        await Expect(page.Locator("#results")).ToBeHiddenAsync();
        await Expect(page.GetByText("Hartley")).ToHaveCountAsync(0);
        await desk.ScreenshotAsync("desk-creditor-outcomes-refused.png");

        // Signing out ends the session: the desk's pages send the user back to sign in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(desk.Url("/desk/signin"));
        await desk.GotoAsync("/desk/outcomes");
        await Expect(page).ToHaveURLAsync(desk.Url("/desk/signin"));
        desk.AssertNoProblems();
    }

    /// <summary>A promise Acme kept to Northwind ten days ago (paid in full by its date), and one Hartley's debtor made.</summary>
    private static async Task<Guid> SeedKeptPromiseAsync(RunningHost host) => await host.WithDbAsync(async db =>
    {
        var at = DateTimeOffset.UtcNow.AddDays(-10);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var acme = await db.Debtors.SingleAsync(d => d.Reference == "ACME-001", Ct);
        var acmeCase = await db.Cases.FirstAsync(c => c.DebtorId == acme.Id, Ct);
        var invoice = await db.Invoices.SingleAsync(i => i.Number == "NWL-10421", Ct);
        var kept = new PromiseToPay(acmeCase.Id, null, Money.Of(1000m, "USD"), today.AddDays(-3), at);
        var payment = new Payment(acmeCase, Money.Of(1000m, "USD"), PaymentMethod.BankTransfer, "offline", "TT-4410", at.AddDays(5));
        payment.Allocate([invoice]);
        kept.RecordPayment(Money.Of(1000m, "USD"), today.AddDays(-5), at.AddDays(5));
        db.Promises.Add(kept);
        db.Payments.Add(payment);

        var hartley = await db.Creditors.SingleAsync(c => c.Name == "Hartley Industrial Components Ltd", Ct);
        var fenwickCase = await db.Cases.FirstAsync(c => c.CreditorId == hartley.Id, Ct);
        db.Promises.Add(new PromiseToPay(fenwickCase.Id, null, Money.Of(500m, "GBP"), today.AddDays(7), at));
        await db.SaveChangesAsync(Ct);
        return hartley.Id;
    });

    [GeneratedRegex(@"(\d+) \w+ payments? of about")]
    private static partial Regex InstallmentCount();
}
