using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CollectionsBot.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Tests.Understanding.Llm;

public sealed class LlmHostTests
{
    [Fact]
    public async Task Parse_HostWithLlmEndpoint_AnswersWithTheModelsIntentAndEmbeddedEntities()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = FakeReply.Content("""{"intent": "payment_plan", "confidence": 0.83}""");
        await using var host = await RunningHost.StartAsync("Testing", $"--Llm:Endpoint={server.Endpoint}", $"--Llm:Model={LlmTestServices.Model}", $"--Llm:ApiKey={LlmTestServices.ApiKey}");
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Client.PostAsJsonAsync("/api/nlu/parse", new { text = "We'll send $4,250 on Friday", now = "2026-03-10T10:00:00-06:00" }, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("payment_plan", body.GetProperty("intent").GetProperty("name").GetString());
        Assert.Equal(0.83, body.GetProperty("intent").GetProperty("confidence").GetDouble());
        var entities = body.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("entity").GetString()!, e => e.GetProperty("value").GetString());
        Assert.Equal("4250.00", entities["amount"]);
        Assert.Equal("2026-03-13", entities["date"]);
        var request = Assert.Single(server.Requests);
        Assert.Equal(LlmTestServices.Model, request.Model);
        Assert.Equal($"Bearer {LlmTestServices.ApiKey}", request.Authorization);
    }

    [Theory]
    [InlineData("--Llm:Endpoint=localhost:11434", "Llm:Endpoint must be empty (LLM off) or an absolute http(s) URL")]
    [InlineData("--Llm:Endpoint=ftp://models.example/v1", "Llm:Endpoint must be empty (LLM off) or an absolute http(s) URL")]
    [InlineData("--Llm:Model=", "Llm:Model is required when Llm:Endpoint is set")]
    [InlineData("--Llm:TimeoutSeconds=0", "Llm:TimeoutSeconds must be between 1 and 120")]
    public async Task Start_BadLlmSection_RefusedWithClearMessage(string setting, string failure)
    {
        await using var app = CollectionsHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--environment=Testing",
            "--Llm:Endpoint=http://127.0.0.1:9/v1",
            "--Llm:Model=some-model",
            $"--Llm:ApiKey={LlmTestServices.ApiKey}",
            setting,
        ]);

        var ex = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains(failure, StringComparison.Ordinal));
        Assert.DoesNotContain(LlmTestServices.ApiKey, ex.Message, StringComparison.Ordinal);
    }
}
