using CollectionsBot.Bot.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Hosting;

public sealed class HostTests
{
    [Fact]
    public async Task Healthz_Running_AnswersHealthy()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OpenApi_Document_DescribesImportAndApiKeyScheme()
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var document = await host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);

        var import = document.GetProperty("paths").GetProperty("/api/imports/receivables").GetProperty("post");
        Assert.True(import.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(import.GetProperty("responses").TryGetProperty("400", out _));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
    }

    [Fact]
    public async Task SwaggerUi_IsServedOffline()
    {
        await using var host = await RunningHost.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        var page = await host.Client.GetStringAsync("/swagger/index.html", ct);
        using var script = await host.Client.GetAsync("/swagger/swagger-ui-bundle.js", ct);

        Assert.Contains("CollectionsBot API", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task UnknownPath_Returns404Problem()
    {
        await using var host = await RunningHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/nothing-here", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Start_DevelopmentOnEmptyDatabase_SeedsDemoPortfolioOnce()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(3, await host.WithDbAsync(db => db.Creditors.CountAsync(ct)));
        Assert.Equal(23, await host.WithDbAsync(db => db.Invoices.CountAsync(ct)));
        Assert.Equal(1, await host.WithDbAsync(db => db.Payments.CountAsync(ct)));
        Assert.Equal(1, await host.WithDbAsync(db => db.PaymentPlans.CountAsync(ct)));
        Assert.Equal(1, await host.WithDbAsync(db => db.Disputes.CountAsync(ct)));
        Assert.Equal(1, await host.WithDbAsync(db => db.Promises.CountAsync(ct)));
        var keystone = await host.WithDbAsync(db => db.Creditors.SingleAsync(c => c.Name == "Keystone Recovery Partners", ct));
        Assert.Equal(CollectionsBot.Core.Domain.CreditorKind.Agency, keystone.Kind);
        Assert.True(keystone.Compliance.RequiresCollectorDisclosure);
        Assert.Equal(12, keystone.Policy.MaxInstallments);
        Assert.Equal(975m, await host.WithDbAsync(db => db.Invoices.Where(i => i.Number == "NWL-10533").Select(i => i.Balance).SingleAsync(ct)));

        await host.App.PrepareDatabaseAsync(seedDemo: true, ct);
        Assert.Equal(3, await host.WithDbAsync(db => db.Creditors.CountAsync(ct)));
    }

    [Fact]
    public async Task Import_SampleOverSeededDemo_KeepsPaymentCollectedHere()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports/receivables")
        {
            Content = new StringContent(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "samples", "receivables.csv"), ct), System.Text.Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("X-Api-Key", RunningHost.AdminKey);

        using var response = await host.Client.SendAsync(request, ct);

        // The sample still says 1,475.00 for NWL-10533; the 500.00 wired here is not in the creditor's file yet.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(975m, await host.WithDbAsync(db => db.Invoices.Where(i => i.Number == "NWL-10533").Select(i => i.Balance).SingleAsync(ct)));
    }

    [Fact]
    public async Task Start_TestingEnvironment_DoesNotSeed()
    {
        await using var host = await RunningHost.StartAsync();

        Assert.Equal(0, await host.WithDbAsync(db => db.Creditors.CountAsync(TestContext.Current.CancellationToken)));
    }
}
