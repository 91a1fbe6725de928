using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CollectionsBot.AgentDesk.Supervision;
using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>Supervisors set each creditor's limits; the bot's next offer follows them at once.</summary>
public sealed class CreditorPolicyTests
{
    private const string Phone = "+14155550177";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SupervisorLowersMaxInstallments_MidConversation_TheBotsNextOfferRespectsIt()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var address = host.Client.BaseAddress!;
        var (creditorId, caseId) = await SeedAsync(host);
        var engine = host.App.Services.GetRequiredService<ConversationEngine>();
        var sequence = 0;
        async Task<IReadOnlyList<string?>> SayAsync(string text) =>
            [.. (await engine.HandleAsync(new InboundActivity(Channel.Sms, $"{Phone}|+18005550100", Phone, text, $"policy-{++sequence}"), Ct)).Replies.Select(r => r.TemplateKey)];

        // Verified under the old limits (six installments): the parties are now kept in memory.
        Assert.Equal(["verify.ask"], await SayAsync("hi, can we set up a payment plan?"));
        Assert.Equal(["verify.ok", "plan.offer"], await SayAsync("Quayside Fabrication QF-9"));

        // An agent may read the limits but not change them.
        var (agent, _) = await DeskAgent.SignInAsync(address, "sam@desk.example");
        using (agent)
        {
            var read = await agent.GetFromJsonAsync<CreditorPolicies.PolicyView>($"/api/desk/creditors/{creditorId}/policy", Ct);
            Assert.Equal(6, read!.Policy.MaxInstallments);
            using var refused = await agent.PutAsJsonAsync($"/api/desk/creditors/{creditorId}/policy", new CreditorPolicies.PolicyChange(new NegotiationPolicy { MaxInstallments = 12 }, "more room"), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var (supervisor, _) = await DeskAgent.SignInAsync(address, "morgan@desk.example");
        using (supervisor)
        {
            // Limits that break rules: each field named, nothing changed.
            using (var bad = await supervisor.PutAsJsonAsync($"/api/desk/creditors/{creditorId}/policy", new CreditorPolicies.PolicyChange(new NegotiationPolicy { MinInstallmentAmount = 0m, MaxSettlementDiscountPercent = 150m }, ""), Ct))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
                Assert.True(errors.TryGetProperty("policy.minInstallmentAmount", out _));
                Assert.True(errors.TryGetProperty("policy.maxSettlementDiscountPercent", out _));
                Assert.True(errors.TryGetProperty("reason", out _));
            }

            using var changed = await supervisor.PutAsJsonAsync($"/api/desk/creditors/{creditorId}/policy", new CreditorPolicies.PolicyChange(new NegotiationPolicy { MaxInstallments = 3 }, "Q4 risk review: shorter plans"), Ct);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            var view = await changed.Content.ReadFromJsonAsync<CreditorPolicies.PolicyView>(Ct);
            Assert.Equal(1, view!.Version);
            var version = Assert.Single(view.Versions);
            Assert.Equal(("Morgan Lee", "Q4 risk review: shorter plans", 6, 3), (version.ChangedBy, version.Reason, version.Before.MaxInstallments, version.After.MaxInstallments));
        }

        // Five monthly payments were within the old limits; now the bot counters, with at most three.
        var counter = await engine.HandleAsync(new InboundActivity(Channel.Sms, $"{Phone}|+18005550100", Phone, "we can pay $600 now and the rest in 5 monthly payments", $"policy-{++sequence}"), Ct);
        var offer = Assert.Single(counter.Replies);
        Assert.Equal("plan.offer", offer.TemplateKey);
        var installments = int.Parse(Regex.Match(offer.Body, @"then (\d+) monthly payments?").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(installments, 1, 3);
        Assert.False(await host.WithDbAsync(db => db.PaymentPlans.AnyAsync(p => p.CaseId == caseId, Ct)));
    }

    [Fact]
    public async Task AgentsLimitsAndContactCadence_ValidatedAgainstTheBotsAndVersioned()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var (creditorId, _) = await SeedAsync(host);
        var (supervisor, _) = await DeskAgent.SignInAsync(host.Client.BaseAddress!, "morgan@desk.example");
        using (supervisor)
        {
            var url = $"/api/desk/creditors/{creditorId}/policy";
            var before = await supervisor.GetFromJsonAsync<CreditorPolicies.PolicyView>(url, Ct);
            Assert.Equal((12, 6), (before!.AgentPolicy.MaxInstallments, before.Policy.MaxInstallments));
            Assert.Equal(3, before.Cadence.MaxMessagesPerChannelPerWeek);

            // Agents with less room than the bot, a window that ends before it starts: each field named, nothing changed.
            var narrow = new NegotiationPolicy { MaxInstallments = 4, MaxSettlementDiscountPercent = 10m, MinInstallmentAmount = 50m };
            var backwards = new CreditorPolicies.ContactCadence(new TimeOnly(18, 0), new TimeOnly(9, 0), ContactDays.Weekdays, 2);
            using (var bad = await supervisor.PutAsJsonAsync(url, new CreditorPolicies.PolicyChange(null, "tighter", narrow, backwards), Ct))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
                Assert.Contains("at least the bot's (6)", errors.GetProperty("agentPolicy.maxInstallments")[0].GetString(), StringComparison.Ordinal);
                Assert.True(errors.TryGetProperty("agentPolicy.maxSettlementDiscountPercent", out _));
                Assert.False(errors.TryGetProperty("agentPolicy.minInstallmentAmount", out _));
                Assert.True(errors.TryGetProperty("cadence.contactWindowEnd", out _));
            }

            // Bot limits wider than the agents' are refused unless the agents' limits rise with them.
            using (var wider = await supervisor.PutAsJsonAsync(url, new CreditorPolicies.PolicyChange(new NegotiationPolicy { MaxInstallments = 18 }, "longer plans"), Ct))
            {
                Assert.Equal(HttpStatusCode.BadRequest, wider.StatusCode);
                Assert.True((await wider.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("policy.maxInstallments", out _));
            }

            var cadence = new CreditorPolicies.ContactCadence(new TimeOnly(9, 0), new TimeOnly(17, 30), ContactDays.Monday | ContactDays.Wednesday | ContactDays.Friday, 2);
            using var changed = await supervisor.PutAsJsonAsync(url, new CreditorPolicies.PolicyChange(new NegotiationPolicy { MaxInstallments = 18 }, "Longer plans for the winter; fewer, later reminders", NegotiationPolicy.AgentDefaults(), cadence), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
            var agents = NegotiationPolicy.AgentDefaults();
            agents.MaxInstallments = 24;
            using var accepted = await supervisor.PutAsJsonAsync(url, new CreditorPolicies.PolicyChange(new NegotiationPolicy { MaxInstallments = 18 }, "Longer plans for the winter; fewer, later reminders", agents, cadence), Ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            var view = await accepted.Content.ReadFromJsonAsync<CreditorPolicies.PolicyView>(Ct);
            var version = Assert.Single(view!.Versions);
            Assert.Equal((12, 24, 3, 2), (version.AgentBefore!.MaxInstallments, version.AgentAfter!.MaxInstallments, version.CadenceBefore!.MaxMessagesPerChannelPerWeek, version.CadenceAfter!.MaxMessagesPerChannelPerWeek));
            Assert.Equal(cadence, view.Cadence);
        }

        var stored = await host.WithDbAsync(db => db.Creditors.AsNoTracking().SingleAsync(c => c.Id == creditorId, Ct));
        Assert.Equal((18, 24, new TimeOnly(17, 30), 2), (stored.Policy.MaxInstallments, stored.AgentPolicy.MaxInstallments, stored.Compliance.ContactWindowEnd, stored.Compliance.MaxMessagesPerChannelPerWeek));
    }

    private static async Task<(Guid Creditor, Guid Case)> SeedAsync(RunningHost host) => await host.WithDbAsync(async db =>
    {
        var at = DateTimeOffset.UtcNow.AddDays(-60);
        var creditor = new Creditor("Harbor Freight Lines", CreditorKind.FirstParty, "America/Los_Angeles", at);
        var debtor = new DebtorCompany(creditor.Id, "Quayside Fabrication", "QF-9", at);
        debtor.AddContact("Riley Park", Phone, "ap@quayside.example", "America/Los_Angeles", at);
        var collectionCase = new CollectionCase(debtor, at);
        db.AddRange(creditor, debtor, collectionCase);
        db.Invoices.Add(new Invoice(collectionCase, "HFL-2001", DateOnly.FromDateTime(at.UtcDateTime), DateOnly.FromDateTime(at.UtcDateTime.AddDays(30)), Money.Of(6000m, "USD"), Money.Of(6000m, "USD"), at));
        await db.SaveChangesAsync(Ct);
        return (creditor.Id, collectionCase.Id);
    });
}
