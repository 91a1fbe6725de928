using System.Diagnostics;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Bot.Understanding.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CollectionsBot.Bot.Tests.Understanding.Llm;

public sealed class LlmRecognizerTests : IAsyncLifetime
{
    private const string Promise = "We'll send $4,250 on Friday";

    private static readonly RecognitionContext Tuesday = new(NluEvaluation.ReferenceNow, "en-US");

    private readonly CapturedLogs _logs = new();
    private FakeChatServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeChatServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Recognize_ModelNamesTaxonomyIntent_UsesItWithEmbeddedEntities()
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content("""{"intent": "pay_full", "confidence": 0.91}""");
        var embedded = EmbeddedRecognizer.Recognize(Promise, Tuesday);

        var recognition = await RecognizeAsync(services, Promise);

        Assert.Equal(Intents.PromiseToPay, embedded.Intent.Name);
        Assert.Equal(new IntentScore(Intents.PayFull, 0.91), recognition.Intent);
        Assert.Equal(recognition.Intent, recognition.IntentRanking[0]);
        Assert.Contains(recognition.IntentRanking, i => i.Name == Intents.PromiseToPay);
        Assert.Equal(embedded.Entities, recognition.Entities);
        Assert.Equal("2026-03-13", recognition.Entity(EntityNames.Date)?.Value);
        var amount = recognition.Entity(EntityNames.Amount)!;
        Assert.Equal("$4,250", Promise[amount.Start..amount.End]);
    }

    [Fact]
    public async Task Recognize_Request_CarriesModelBearerKeyJsonModeAndPromptFile()
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content("""{"intent": "promise_to_pay", "confidence": 0.8}""");

        await RecognizeAsync(services, Promise);

        var request = Assert.Single(_server.Requests);
        Assert.Equal(LlmTestServices.Model, request.Model);
        Assert.Equal($"Bearer {LlmTestServices.ApiKey}", request.Authorization);
        Assert.Equal("json_object", request.Body.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Equal(Promise, request.UserMessage);
        var prompt = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "prompts", "llm", "recognizer.md"));
        Assert.Contains("Pick exactly one intent from this list", request.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains(request.SystemPrompt, prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("<!--", request.SystemPrompt, StringComparison.Ordinal);
        Assert.All(Intents.Priority, intent => Assert.Contains($"`{intent}`", request.SystemPrompt, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"intent": "make_payment", "confidence": 0.97}""")]
    [InlineData("""{"intent": "PAY_FULL", "confidence": 0.97}""")]
    [InlineData("""{"intent": "pay_full"}""")]
    [InlineData("""{"intent": "pay_full", "confidence": 7}""")]
    [InlineData("""{"intent": 3, "confidence": 0.5}""")]
    [InlineData("""["pay_full", 0.9]""")]
    [InlineData("The debtor wants to pay in full.")]
    [InlineData("{\"intent\": \"pay_full\", \"confid")]
    [InlineData("")]
    public async Task Recognize_NonsenseAnswer_FallsBackToEmbeddedAndWarns(string content)
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content(content);

        var recognition = await RecognizeAsync(services, Promise);

        Assert.Equal(EmbeddedRecognizer.Recognize(Promise, Tuesday), recognition, RecognitionComparer.Instance);
        Assert.Single(_server.Requests);
        Assert.Contains(_logs.At(LogLevel.Warning), m => m.Contains("fell back to the embedded intent promise_to_pay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recognize_EndpointWithTrailingSlash_ReachesChatCompletions()
    {
        await using var services = LlmTestServices.Build(new Uri($"{_server.Endpoint}/"), _logs);
        _server.Reply = FakeReply.Content("""{"intent": "pay_full", "confidence": 0.9}""");

        var recognition = await RecognizeAsync(services, Promise);

        Assert.Equal(Intents.PayFull, recognition.Intent.Name);
    }

    [Fact]
    public async Task Recognize_AnswerInCodeFence_IsRead()
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content("```json\n{\"intent\": \"pay_full\", \"confidence\": 0.7}\n```");

        var recognition = await RecognizeAsync(services, Promise);

        Assert.Equal(Intents.PayFull, recognition.Intent.Name);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(401)]
    [InlineData(429)]
    public async Task Recognize_HttpError_FallsBackAtOnceWithoutRetrying(int status)
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Status(status);

        var recognition = await RecognizeAsync(services, Promise);

        Assert.Equal(Intents.PromiseToPay, recognition.Intent.Name);
        Assert.Single(_server.Requests);
        Assert.Contains(_logs.At(LogLevel.Warning), m => m.Contains($"HTTP {status}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("""{"unexpected": true}""")]
    [InlineData("""{"choices": []}""")]
    public async Task Recognize_ResponseNotAChatCompletion_FallsBack(string body)
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.RawBody(body);

        var recognition = await RecognizeAsync(services, Promise);

        Assert.Equal(Intents.PromiseToPay, recognition.Intent.Name);
        Assert.Single(_logs.At(LogLevel.Warning), m => m.Contains("LLM recognizer fell back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recognize_EndpointUnreachable_FallsBack()
    {
        var endpoint = _server.Endpoint;
        await _server.DisposeAsync();
        await using var services = LlmTestServices.Build(endpoint, _logs);

        var recognition = await RecognizeAsync(services, Promise);

        Assert.Equal(Intents.PromiseToPay, recognition.Intent.Name);
        Assert.Contains(_logs.At(LogLevel.Warning), m => m.Contains("LLM recognizer fell back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recognize_NoAnswerWithinTimeout_FallsBackWhenTheTimeoutElapses()
    {
        var clock = new FakeTimeProvider(NluEvaluation.ReferenceNow);
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs, clock, timeoutSeconds: 8);
        _server.Reply = FakeReply.Hang;
        var recognizer = services.GetRequiredService<IRecognizer>();

        var recognizing = recognizer.RecognizeAsync(Promise, Tuesday, TestContext.Current.CancellationToken);
        await _server.NextRequestAsync();
        clock.Advance(TimeSpan.FromSeconds(7.9));
        Assert.False(recognizing.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var recognition = await recognizing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(Intents.PromiseToPay, recognition.Intent.Name);
        Assert.Contains(_logs.At(LogLevel.Warning), m => m.Contains("no answer within 8 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recognize_NoAnswerOnRealClock_FallsBackWithinTheTimeout()
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs, timeoutSeconds: 1);
        _server.Reply = FakeReply.Hang;
        EmbeddedRecognizer.WarmUp(); // the classifier trains on first use: not part of the wait measured here
        var stopwatch = Stopwatch.StartNew();

        var recognition = await RecognizeAsync(services, Promise);

        Assert.Equal(Intents.PromiseToPay, recognition.Intent.Name);
        // The one-second timeout ends the hung call (without it, the call would wait until the server stops). The upper
        // bound only has to tell that from no timeout at all, so it leaves room for a machine busy with other tests.
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Recognize_CallerCancels_Throws()
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Hang;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var recognizing = services.GetRequiredService<IRecognizer>().RecognizeAsync(Promise, Tuesday, cancel.Token);
        await _server.NextRequestAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => recognizing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("STOP texting me", Intents.OptOut)]
    [InlineData("We filed for chapter 11 last week", Intents.Insolvency)]
    [InlineData("Please talk to our attorney about this", Intents.LegalRepresentation)]
    [InlineData("can I speak to a real person please", Intents.RequestHuman)]
    public async Task Recognize_CriticalIntentFoundByCue_IsNeverOverriddenAndModelNotAsked(string text, string critical)
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content("""{"intent": "affirm", "confidence": 0.99}""");
        Assert.True(EmbeddedRecognizer.RecognizeWithSource(text, Tuesday).PrimaryByCue);

        var recognition = await RecognizeAsync(services, text);

        Assert.Equal(critical, recognition.Intent.Name);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Recognize_ModelRaisesToCriticalIntent_IsUsed()
    {
        const string text = "Not sure how to put this, things are not great";
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content("""{"intent": "hardship", "confidence": 0.88}""");

        var recognition = await RecognizeAsync(services, text);

        Assert.Equal(Intents.Other, EmbeddedRecognizer.Recognize(text, Tuesday).Intent.Name);
        Assert.Equal(new IntentScore(Intents.Hardship, 0.88), recognition.Intent);
    }

    [Fact]
    public async Task Logs_NeverHoldTheKeyAndWarningsNeverTheMessage()
    {
        await using var services = LlmTestServices.Build(_server.Endpoint, _logs);
        _server.Reply = FakeReply.Content("""{"intent": "pay_full", "confidence": 0.9}""");
        await RecognizeAsync(services, Promise);
        _server.Reply = FakeReply.Status(500);
        await RecognizeAsync(services, Promise);
        _server.Reply = FakeReply.Content("""{"intent": "sk-test-5f0c1d2e3a4b5c6d7e8f9a0b We'll send $4,250 on Friday", "confidence": 0.9}""");
        await RecognizeAsync(services, Promise);

        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains(LlmTestServices.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.At(LogLevel.Warning), m => m.Contains("4,250", StringComparison.Ordinal) || m.Contains("Friday", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registration_EndpointEmptyOrSet_EmbeddedOrLlmRecognizer()
    {
        await using var off = LlmTestServices.Build(endpoint: null, _logs);
        await using var on = LlmTestServices.Build(_server.Endpoint, _logs);

        Assert.IsType<EmbeddedRecognizer>(off.GetRequiredService<IRecognizer>());
        Assert.IsType<LlmRecognizer>(on.GetRequiredService<IRecognizer>());
    }

    private static Task<Recognition> RecognizeAsync(ServiceProvider services, string text) =>
        services.GetRequiredService<IRecognizer>().RecognizeAsync(text, Tuesday, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    /// <summary>Records hold lists, which compare by reference: compare their contents.</summary>
    private sealed class RecognitionComparer : IEqualityComparer<Recognition>
    {
        public static readonly RecognitionComparer Instance = new();

        public bool Equals(Recognition? x, Recognition? y) =>
            x is not null && y is not null && x.Text == y.Text && x.Intent == y.Intent
            && x.IntentRanking.SequenceEqual(y.IntentRanking) && x.Entities.SequenceEqual(y.Entities);

        public int GetHashCode(Recognition obj) => obj.Intent.GetHashCode();
    }
}
