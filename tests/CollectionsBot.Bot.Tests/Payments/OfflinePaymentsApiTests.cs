using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Payments;

/// <summary>Agents recording bank transfers and checks through the API, on the demo portfolio.</summary>
public sealed class OfflinePaymentsApiTests
{
    private static readonly string[] UnknownInvoice = ["NOPE-1"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BankTransfer_PaysTheNamedInvoiceFirst_OncePerReference()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var caseId = await CaseOfAsync(host, "ACME-001");
        var before = await BalancesAsync(host, "ACME-001");
        var payments = await host.WithDbAsync(db => db.Payments.CountAsync(Ct));
        var body = new { amount = 1500.00m, currency = "USD", method = "bank_transfer", reference = "WIRE-20261130-01", receivedAt = DateTimeOffset.UtcNow.AddHours(-2), invoices = new[] { "NWL-10488" } };

        using var first = await PostAsync(host, caseId, body);
        using var again = await PostAsync(host, caseId, body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var result = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(result.GetProperty("alreadyRecorded").GetBoolean());
        var allocations = result.GetProperty("allocations");
        var named = Math.Min(1500.00m, before["NWL-10488"]);
        Assert.Equal(named, allocations.GetProperty("NWL-10488").GetDecimal());
        Assert.Equal(1500.00m, allocations.EnumerateObject().Sum(a => a.Value.GetDecimal()));
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("alreadyRecorded").GetBoolean());
        var after = await BalancesAsync(host, "ACME-001");
        Assert.Equal(before.Values.Sum() - 1500.00m, after.Values.Sum());
        Assert.Equal(before["NWL-10488"] - named, after["NWL-10488"]);
        Assert.Equal(payments + 1, await host.WithDbAsync(db => db.Payments.CountAsync(Ct)));
    }

    [Fact]
    public async Task BadInput_ProblemDetailsNamingEachField_NothingWritten()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var caseId = await CaseOfAsync(host, "ACME-001");
        var payments = await host.WithDbAsync(db => db.Payments.CountAsync(Ct));

        using var bad = await PostAsync(host, caseId, new { amount = -5m, currency = "XXQ", method = "cash", reference = "", receivedAt = DateTimeOffset.UtcNow.AddDays(2) });
        using var decimals = await PostAsync(host, await CaseOfAsync(host, "IPK-3"), new { amount = 100.5m, currency = "JPY", method = "check", reference = "CHK-1" });
        using var unknownInvoice = await PostAsync(host, caseId, new { amount = 10m, currency = "USD", method = "check", reference = "CHK-2", invoices = UnknownInvoice });
        using var noCase = await PostAsync(host, Guid.NewGuid(), new { amount = 10m, currency = "USD", method = "check", reference = "CHK-3" });
        using var anonymous = await host.Client.PostAsJsonAsync($"/api/cases/{caseId}/payments", new { amount = 10m, currency = "USD", method = "check", reference = "CHK-4" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        foreach (var field in new[] { "amount", "currency", "method", "reference", "receivedAt" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        Assert.Equal(HttpStatusCode.BadRequest, decimals.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownInvoice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noCase.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(payments, await host.WithDbAsync(db => db.Payments.CountAsync(Ct)));
    }

    private static async Task<HttpResponseMessage> PostAsync(RunningHost host, Guid caseId, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/payments") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", RunningHost.AdminKey);
        return await host.Client.SendAsync(request, Ct);
    }

    private static Task<Guid> CaseOfAsync(RunningHost host, string reference) =>
        host.WithDbAsync(db => db.Debtors.Where(d => d.Reference == reference).Join(db.Cases, d => d.Id, c => c.DebtorId, (d, c) => c.Id).FirstAsync(Ct));

    private static Task<Dictionary<string, decimal>> BalancesAsync(RunningHost host, string reference) =>
        host.WithDbAsync(db => db.Debtors.Where(d => d.Reference == reference).Join(db.Invoices, d => d.Id, i => i.DebtorId, (d, i) => i).ToDictionaryAsync(i => i.Number, i => i.Balance, Ct));
}
