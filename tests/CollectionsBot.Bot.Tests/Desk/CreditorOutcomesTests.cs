using System.Net;
using System.Net.Http.Json;
using CollectionsBot.AgentDesk.Reports;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>Promise-to-pay outcomes for a creditor's own portfolio, as JSON and as CSV.</summary>
public sealed class CreditorOutcomesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreditorUser_SeesItsOwnOutcomes_FilteredAndExported_AndNoOneElses()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var address = host.Client.BaseAddress!;
        var (creditorId, otherCreditorId) = await SeedAsync(host);
        await using (var scope = host.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
            var user = new DeskUser { UserName = "ar@harbor.example", Email = "ar@harbor.example", DisplayName = "Harbor AR", CreditorId = creditorId };
            Assert.True((await users.CreateAsync(user, "harbor-password-2026")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, DeskRoles.Creditor)).Succeeded);
        }

        var (creditor, _) = await DeskAgent.SignInAsync(address, "ar@harbor.example", "harbor-password-2026");
        using (creditor)
        {
            var report = await creditor.GetFromJsonAsync<CreditorOutcomes.Report>("/api/desk/outcomes?from=2026-01-01&to=2026-12-31", Ct);
            Assert.Equal("Harbor Freight Lines", report!.CreditorName);
            var promises = report.PromisesToPay;
            Assert.Equal((3, 1, 1, 1), (promises.Made, promises.Kept, promises.Broken, promises.Pending));
            Assert.Equal(0.5m, promises.KeptRate);
            Assert.Equal([new CreditorOutcomes.Amount("USD", 1800m)], promises.Promised);
            Assert.Equal([new CreditorOutcomes.Amount("USD", 1000m)], promises.Collected);
            Assert.Equal([new CreditorOutcomes.Amount("USD", 1000m)], report.Payments);
            Assert.Equal([new CreditorOutcomes.DisputeCount("NotDelivered", 1)], report.DisputesByReason);
            Assert.Equal([new CreditorOutcomes.Recovery("USD", 5000m, 1000m, 0.2m)], report.RecoveryRate);
            Assert.Equal(4000m, report.OpenByAge.Sum(b => b.Balance));

            var one = await creditor.GetFromJsonAsync<CreditorOutcomes.Report>("/api/desk/outcomes?from=2026-01-01&to=2026-12-31&debtor=TW-2", Ct);
            Assert.Equal((1, 0, 0, 1), (one!.PromisesToPay.Made, one.PromisesToPay.Kept, one.PromisesToPay.Broken, one.PromisesToPay.Pending));

            using var csv = await creditor.GetAsync("/api/desk/outcomes?from=2026-01-01&to=2026-12-31&format=csv", Ct);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("Made,Debtor,Reference,PromisedFor,Amount,Collected,Currency,Status", lines[0]);
            Assert.Equal(4, lines.Length);
            Assert.Contains(lines, l => l.Contains("QF-9", StringComparison.Ordinal) && l.EndsWith(",USD,Kept", StringComparison.Ordinal));

            // A name a spreadsheet would run as a formula is exported as text.
            var tidewater = Assert.Single(lines, l => l.Contains("TW-2", StringComparison.Ordinal));
            Assert.DoesNotContain(",=Tidewater", tidewater, StringComparison.Ordinal);
            Assert.Contains("'=Tidewater Supply", tidewater, StringComparison.Ordinal);

            using var other = await creditor.GetAsync($"/api/desk/outcomes?creditorId={otherCreditorId}", Ct);
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        var (agent, _) = await DeskAgent.SignInAsync(address, "sam@desk.example");
        using (agent)
        {
            using var unnamed = await agent.GetAsync("/api/desk/outcomes", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
            using var named = await agent.GetAsync($"/api/desk/outcomes?creditorId={creditorId}&from=2026-01-01&to=2026-12-31", Ct);
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        }
    }

    private static async Task<(Guid Creditor, Guid Other)> SeedAsync(RunningHost host) => await host.WithDbAsync(async db =>
    {
        var at = new DateTimeOffset(2026, 6, 1, 15, 0, 0, TimeSpan.Zero);
        var creditor = new Creditor("Harbor Freight Lines", CreditorKind.FirstParty, "America/Los_Angeles", at);
        var quayside = new DebtorCompany(creditor.Id, "Quayside Fabrication", "QF-9", at);
        var tidewater = new DebtorCompany(creditor.Id, "=Tidewater Supply", "TW-2", at); // as a creditor's file might have it
        var quaysideCase = new CollectionCase(quayside, at);
        var tidewaterCase = new CollectionCase(tidewater, at);
        db.AddRange(creditor, quayside, tidewater, quaysideCase, tidewaterCase);
        var q1 = new Invoice(quaysideCase, "HFL-1", new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31), Money.Of(3000m, "USD"), Money.Of(3000m, "USD"), at);
        var t1 = new Invoice(tidewaterCase, "HFL-2", new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31), Money.Of(2000m, "USD"), Money.Of(2000m, "USD"), at);
        db.Invoices.AddRange(q1, t1);

        // Kept: paid in full by the date. Broken: the date passed without the money. Pending: not due yet.
        var kept = new PromiseToPay(quaysideCase.Id, null, Money.Of(1000m, "USD"), new DateOnly(2026, 6, 10), at);
        var payment = new Payment(quaysideCase, Money.Of(1000m, "USD"), PaymentMethod.BankTransfer, "offline", "TT-1", at.AddDays(5));
        payment.Allocate([q1]);
        kept.RecordPayment(Money.Of(1000m, "USD"), new DateOnly(2026, 6, 6), at.AddDays(5));
        var broken = new PromiseToPay(quaysideCase.Id, null, Money.Of(500m, "USD"), new DateOnly(2026, 6, 20), at.AddDays(1));
        broken.CheckDue(new DateOnly(2026, 6, 21), at.AddDays(20));
        var pending = new PromiseToPay(tidewaterCase.Id, null, Money.Of(300m, "USD"), new DateOnly(2027, 1, 15), at.AddDays(2));
        db.Promises.AddRange(kept, broken, pending);
        db.Payments.Add(payment);
        db.Disputes.Add(new Dispute(tidewaterCase.Id, [t1], DisputeReason.NotDelivered, "Pallet never arrived", at.AddDays(3)));
        await db.SaveChangesAsync(Ct);
        var other = await db.Creditors.Where(c => c.Name == "Northwind Logistics").Select(c => c.Id).SingleAsync(Ct);
        return (creditor.Id, other);
    });
}
