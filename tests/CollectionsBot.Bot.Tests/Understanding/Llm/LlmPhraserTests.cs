using CollectionsBot.Bot.Phrasing;
using CollectionsBot.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Bot.Tests.Understanding.Llm;

public sealed class LlmPhraserTests : IAsyncLifetime
{
    private const string Original = "Hello from Northwind Supply. Invoice INV-10442 for $1,250.00 was due on March 3. You can pay at https://pay.example/i/10442 or reply to ar@northwind.example.";

    private static readonly PhrasingRequest Email = new(Original, "friendly", Channel.Email, 600);

    private readonly CapturedLogs _logs = new();
    private FakeChatServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeChatServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Phrase_RewordingKeepsEveryFact_IsUsed()
    {
        const string reworded = "Hi! This is Northwind Supply: invoice INV-10442 ($1,250.00) was due on March 3. Pay any time at https://pay.example/i/10442, or just write to ar@northwind.example.";
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content(Json(reworded));

        var text = await PhraseAsync(services, Email);

        Assert.Equal(reworded, text);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(Original, request.UserMessage);
        Assert.Contains("in a friendly tone for the Email channel, in at most 600 characters", request.SystemPrompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", request.SystemPrompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hello from Northwind Supply. Invoice INV-10442 was due on March 3. Pay at https://pay.example/i/10442 or reply to ar@northwind.example.")]
    [InlineData("Hello from Northwind Supply. Invoice INV-10442 for $1,200.00 was due on March 3. Pay at https://pay.example/i/10442 or reply to ar@northwind.example.")]
    [InlineData("Hello from Northwind Supply. Invoice INV-10442 for $1,250.00 was due on March 13. Pay at https://pay.example/i/10442 or reply to ar@northwind.example.")]
    [InlineData("Hello from Northwind Supply. Invoice INV-10442 for $1,250.00 was due on April 3. Pay at https://pay.example/i/10442 or reply to ar@northwind.example.")]
    [InlineData("Hello from Northwind Supply. Invoice INV-10422 for $1,250.00 was due on March 3. Pay at https://pay.example/i/10442 or reply to ar@northwind.example.")]
    [InlineData("Hello from Northwind Supply. Invoice INV-10442 for $1,250.00 was due on March 3. Pay online or reply to ar@northwind.example.")]
    [InlineData("Hello from Northwind Supply. Invoice INV-10442 for $1,250.00 was due on March 3. Pay at https://pay.example/i/10442 or reply to billing@northwind.example.")]
    [InlineData("Hello from Northwind Supply. Invoice INV-10442 for $1,250.00 was due on March 3; pay within 5 days at https://pay.example/i/10442 or reply to ar@northwind.example.")]
    [InlineData("Hello from Northwind Supply. Invoice INV-10442 for €1,250.00 was due on March 3. Pay at https://pay.example/i/10442 or reply to ar@northwind.example.")]
    public async Task Phrase_RewordingDropsChangesOrAddsAFact_ReturnsOriginal(string reworded)
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content(Json(reworded));

        var text = await PhraseAsync(services, Email);

        Assert.Equal(Original, text);
        Assert.Contains(_logs.At(LogLevel.Warning), m => m.Contains("kept the template's text for Email", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Phrase_SmsRewordingOverMaxLength_ReturnsOriginal()
    {
        const string original = "Northwind: INV-10442, $1,250.00, was due March 3. Pay: https://pay.example/i/10442";
        var reworded = "Hi there, a friendly note from Northwind: invoice INV-10442 for $1,250.00 was due March 3. " +
            "Whenever you are ready you can pay here: https://pay.example/i/10442 - thank you so much for your time!";
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content(Json(reworded));

        var text = await PhraseAsync(services, new PhrasingRequest(original, "friendly", Channel.Sms, 160));

        Assert.Equal(original, text);
        Assert.Contains("for the Sms channel, in at most 160 characters", Assert.Single(_server.Requests).SystemPrompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"message": "Hi"}""")]
    [InlineData("""{"text": ""}""")]
    public async Task Phrase_NonsenseAnswer_ReturnsOriginal(string content)
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content(content);

        Assert.Equal(Original, await PhraseAsync(services, Email));
    }

    [Fact]
    public async Task Phrase_HttpError_ReturnsOriginal()
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Status(500);

        Assert.Equal(Original, await PhraseAsync(services, Email));
    }

    [Fact]
    public async Task Phrase_NoAnswerWithinTimeout_ReturnsOriginal()
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs, timeoutSeconds: 1);
        _server.Reply = FakeReply.Hang;

        Assert.Equal(Original, await PhraseAsync(services, Email));
    }

    [Fact]
    public async Task Phrase_LlmOff_ReturnsTextUnchanged()
    {
        await using var services = LlmTestServices.Build(endpoint: null, _logs);

        var phraser = services.GetRequiredService<IPhraser>();

        Assert.IsType<TemplatePhraser>(phraser);
        Assert.Equal(Original, await PhraseAsync(services, Email));
        Assert.Empty(_server.Requests);
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(new { text });

    private static Task<string> PhraseAsync(ServiceProvider services, PhrasingRequest request) =>
        services.GetRequiredService<IPhraser>().PhraseAsync(request, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
}
