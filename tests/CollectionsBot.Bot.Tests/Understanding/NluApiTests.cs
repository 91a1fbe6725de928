using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CollectionsBot.Bot.Tests.Understanding;

public sealed class NluApiTests
{
    [Fact]
    public async Task Parse_PromiseWithDate_ReturnsRasaShapeWithResolvedDate()
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Client.PostAsJsonAsync("/api/nlu/parse", new { text = "We'll send $4,250 on Friday", now = "2026-03-10T10:00:00-06:00" }, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("We'll send $4,250 on Friday", body.GetProperty("text").GetString());
        Assert.Equal("promise_to_pay", body.GetProperty("intent").GetProperty("name").GetString());
        Assert.InRange(body.GetProperty("intent").GetProperty("confidence").GetDouble(), 0.5, 1.0);
        Assert.Equal("promise_to_pay", body.GetProperty("intent_ranking")[0].GetProperty("name").GetString());
        var entities = body.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("entity").GetString()!, e => e);
        Assert.Equal("4250.00", entities["amount"].GetProperty("value").GetString());
        Assert.Equal("USD", entities["currency"].GetProperty("value").GetString());
        Assert.Equal("2026-03-13", entities["date"].GetProperty("value").GetString());
        var amount = entities["amount"];
        Assert.Equal("$4,250", "We'll send $4,250 on Friday"[amount.GetProperty("start").GetInt32()..amount.GetProperty("end").GetInt32()]);
    }

    [Theory]
    [InlineData("", "The body is empty")]
    [InlineData("{\"text\": \"   \"}", "\"text\" is required")]
    [InlineData("{\"text\": \"hi\", \"now\": \"next tuesday\"}", "\"now\" must be an ISO 8601 date-time with an offset")]
    [InlineData("{\"text\": \"hi\", \"now\": \"2026-03-10T10:00:00\"}", "\"now\" must be an ISO 8601 date-time with an offset")]
    [InlineData("{\"text\": \"hi\", \"locale\": \"not a locale\"}", "\"locale\" must be a BCP 47 tag")]
    [InlineData("{\"text\": \"hi\"", "not valid JSON")]
    [InlineData("[1, 2]", "not valid JSON")]
    public async Task Parse_BadInput_Returns400Problem(string body, string detail)
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Client.PostAsync("/api/nlu/parse", new StringContent(body, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_TextOver5000Characters_Returns400()
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Client.PostAsJsonAsync("/api/nlu/parse", new { text = new string('a', 5001) }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains("5001 characters", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
