using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Api;

public sealed class ImportsApiTests
{
    private static string Sample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "receivables.csv"));

    [Fact]
    public async Task Post_SampleWithAdminKey_ReturnsSummaryAndStoresRows()
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Client.SendAsync(Request(Sample, RunningHost.AdminKey), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(23, summary.GetProperty("rows").GetInt32());
        Assert.Equal(23, summary.GetProperty("created").GetInt32());
        Assert.Equal(0, summary.GetProperty("updated").GetInt32());
        Assert.Equal(23, await host.WithDbAsync(db => db.Invoices.CountAsync(ct)));
        Assert.Equal("api:admin", await host.WithDbAsync(db => db.AuditEvents.Select(a => a.Actor).SingleAsync(ct)));
    }

    [Fact]
    public async Task Post_SameFileTwice_SecondReportsUnchanged()
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var first = await host.Client.SendAsync(Request(Sample, RunningHost.AdminKey), ct);

        using var second = await host.Client.SendAsync(Request(Sample, RunningHost.AdminKey), ct);

        var summary = await second.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal((0, 0, 23), (summary.GetProperty("created").GetInt32(), summary.GetProperty("updated").GetInt32(), summary.GetProperty("unchanged").GetInt32()));
        Assert.Equal(23, await host.WithDbAsync(db => db.Invoices.CountAsync(ct)));
    }

    [Theory]
    [InlineData(null, "Send your key in the X-Api-Key header.")]
    [InlineData("wrong-key-wrong-key-wrong-key", "does not hold a valid key")]
    [InlineData("", "does not hold a valid key")]
    public async Task Post_MissingOrWrongKey_Returns401ProblemAndWritesNothing(string? key, string detail)
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Client.SendAsync(Request(Sample, key), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.Invoices.CountAsync(ct)));
        Assert.Equal(0, await host.WithDbAsync(db => db.AuditEvents.CountAsync(ct)));
    }

    [Fact]
    public async Task Post_NoAdminKeyConfigured_RefusesEveryKey()
    {
        await using var host = await RunningHost.StartAsync("Testing", "--Api:AdminKey=");
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Client.SendAsync(Request(Sample, "anything-at-all-anything-at-all"), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await host.WithDbAsync(db => db.Invoices.CountAsync(ct)));
    }

    [Fact]
    public async Task Post_FileWithBadRows_Returns400WithLineColumnMessage()
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var lines = Sample.Split('\n');
        lines[2] = lines[2].Replace("2026-08-31", "2026-02-30", StringComparison.Ordinal);
        lines[7] = lines[7].Replace(",USD", ",DOLLARS", StringComparison.Ordinal);

        using var response = await host.Client.SendAsync(Request(string.Join('\n', lines), RunningHost.AdminKey), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(2, problem.GetProperty("errorCount").GetInt32());
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString(), e.GetProperty("message").GetString())).ToList();
        Assert.Equal((3, "due_date"), (errors[0].Item1, errors[0].Item2));
        Assert.Contains("2026-02-30", errors[0].Item3, StringComparison.Ordinal);
        Assert.Equal((8, "currency"), (errors[1].Item1, errors[1].Item2));
        Assert.Equal(0, await host.WithDbAsync(db => db.Invoices.CountAsync(ct)));
    }

    [Fact]
    public async Task Post_JsonBody_Returns415Problem()
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/receivables")
        {
            Content = new StringContent("""{"rows":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", RunningHost.AdminKey);

        using var response = await host.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.WithDbAsync(db => db.AuditEvents.CountAsync(ct)));
    }

    [Fact]
    public async Task Post_TwoImportsAtOnce_BothSucceedWithoutDuplicates()
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var responses = await Task.WhenAll(
            host.Client.SendAsync(Request(Sample, RunningHost.AdminKey), ct),
            host.Client.SendAsync(Request(Sample, RunningHost.AdminKey), ct));

        // Imports take turns: one creates the rows, the other finds them unchanged.
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var created = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("created").GetInt32()));
        Assert.Equal([0, 23], created.Order());
        Assert.Equal(23, await host.WithDbAsync(db => db.Invoices.CountAsync(ct)));
        Assert.Equal(13, await host.WithDbAsync(db => db.Debtors.CountAsync(ct)));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private static HttpRequestMessage Request(string csv, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/receivables")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }
}
