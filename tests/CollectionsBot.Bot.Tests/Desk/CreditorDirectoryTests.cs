using System.Net;
using System.Net.Http.Json;
using CollectionsBot.AgentDesk.Supervision;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>The creditors a desk user may pick from.</summary>
public sealed class CreditorDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creditors_StaffSeeEveryCreditor_ACreditorUserOnlyItsOwn_AnonymousNone()
    {
        await using var host = await RunningHost.StartAsync("Development");
        var address = host.Client.BaseAddress!;
        var all = await host.WithDbAsync(db => db.Creditors.AsNoTracking().OrderBy(c => c.Name).Select(c => c.Name).ToListAsync(Ct));
        Assert.True(all.Count > 1);

        foreach (var staff in new[] { "sam@desk.example", "morgan@desk.example" })
        {
            var (http, _) = await DeskAgent.SignInAsync(address, staff);
            using (http)
            {
                var listed = await http.GetFromJsonAsync<IReadOnlyList<CreditorDirectory.CreditorItem>>("/api/desk/creditors", Ct);
                Assert.Equal(all, listed!.Select(c => c.Name));
            }
        }

        var (creditor, _) = await DeskAgent.SignInAsync(address, "northwindlogistics@creditor.example");
        using (creditor)
        {
            var own = Assert.Single((await creditor.GetFromJsonAsync<IReadOnlyList<CreditorDirectory.CreditorItem>>("/api/desk/creditors", Ct))!);
            Assert.Equal("Northwind Logistics", own.Name);
            var policy = await creditor.GetFromJsonAsync<CreditorPolicies.PolicyView>($"/api/desk/creditors/{own.Id}/policy", Ct);
            Assert.Equal("Northwind Logistics", policy!.CreditorName);
        }

        using var anonymous = await host.Client.GetAsync("/api/desk/creditors", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
