using CollectionsBot.Bot.Channels.WebChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CollectionsBot.Bot.Tests.Channels.DirectLine;

/// <summary>The chat page in headless Chromium (Debian's, through Microsoft.Playwright): the official Web Chat, unchanged.</summary>
public sealed class WebChatBrowserTests
{
    [Fact]
    public async Task ChatPage_TypeAMessage_TheBotAnswersInWebChat()
    {
        await using var host = await RunningHost.StartAsync("Development");
        await using var browser = await LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 820 } });

        await page.GotoAsync(new Uri(host.Client.BaseAddress!, "/chat").ToString());
        await SayAsync(page, "hello");
        await Assertions.Expect(page.Locator(".webchat__bubble").GetByText("How can I help you today?").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("webchat-chat.png"), FullPage = true });

        Assert.Equal("Chat with our accounts team", await page.TitleAsync());
        Assert.True(await page.GetByRole(AriaRole.Heading, new() { Name = "Chat with our accounts team" }).IsVisibleAsync());
    }

    [Fact]
    public async Task ContactLink_OnAPhone_TheVerifiedContactSeesTheirInvoices()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var dana = await host.WithDbAsync(db => db.Contacts.Where(c => c.Name == "Dana Whitfield").Select(c => c.Id).SingleAsync(TestContext.Current.CancellationToken));
        var link = host.App.Services.GetRequiredService<ContactLinks>().PathFor(dana);
        await using var browser = await LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });

        await page.GotoAsync(new Uri(host.Client.BaseAddress!, link).ToString());
        await SayAsync(page, "which invoices are open?");
        await Assertions.Expect(page.Locator(".webchat__bubble").GetByText("Invoice NWL-10421").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("webchat-contact-link-mobile.png") });
    }

    private static async Task SayAsync(IPage page, string text)
    {
        var input = page.Locator("[data-id='webchat-sendbox-input']");
        await input.WaitForAsync(new() { Timeout = 30_000 });
        await input.FillAsync(text);
        await input.PressAsync("Enter");
    }

    private static string Artifact(string name) => HeadlessChromium.Artifact(name);

    private static Task<HeadlessChromium> LaunchAsync() => HeadlessChromium.LaunchAsync();
}
