using CollectionsBot.AgentDesk.Hub;
using CollectionsBot.AgentDesk.Negotiation;
using CollectionsBot.Bot.Tests.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>
/// People at the desk agree terms beyond the bot's limits: inside their own limits at once, beyond them with a
/// supervisor's approval; the debtor gets the confirmation on their own channel.
/// </summary>
public sealed class DeskAgreementTests
{
    private const string Sam = "sam@desk.example";
    private const string Morgan = "morgan@desk.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AgentAgreesInsideOwnLimits_BeyondThemASupervisorApprovesOrRejects()
    {
        await using var sms = await SmsHarness.StartAsync();
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        await using var morgan = await DeskAgent.ConnectAsync(host, Morgan);
        var conversationId = await HandedToSamAsync(sms, sam);
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);

        // Ten monthly payments: beyond the bot's six, inside an agent's twelve. Agreed at once, confirmed to Dana.
        await sms.SettledAsync();
        var sent = sms.Twilio.Accepted.Count;
        var agreed = await sam.Hub.InvokeAsync<ProposalResult>("Propose", conversationId, new AgreementProposal("plan", Installments: 10, Frequency: "monthly", DownPayment: 0m, StartDate: start), Ct);
        Assert.Equal("agreed", agreed.Outcome);
        Assert.Equal("allow", agreed.Message!.Verdict);
        Assert.Contains("10 monthly payments", agreed.Summary, StringComparison.Ordinal);
        var confirmation = (await sms.Twilio.WaitForAsync(sent + 1))[^1]["Body"];
        Assert.StartsWith("Done: your plan is set up.", confirmation, StringComparison.Ordinal);
        var first = await sms.Host.WithDbAsync(db => db.PaymentPlans.AsNoTracking().Include(p => p.Installments).SingleAsync(p => p.Status == PlanStatus.Active && p.AgreedBy == "Sam Rivera", Ct));
        Assert.Equal(10, first.Installments.Count(i => i.Sequence > 0));

        // Eighteen: beyond an agent's limits. A supervisor is asked; the agent cannot approve it.
        var asked = await sam.Hub.InvokeAsync<ProposalResult>("Propose", conversationId, new AgreementProposal("plan", Installments: 18, Frequency: "monthly", DownPayment: 0m, StartDate: start), Ct);
        Assert.Equal("approval_requested", asked.Outcome);
        Assert.Contains("max_installments", asked.BeyondLimits);
        var request = await DeskAgent.NextAsync(morgan.ApprovalsRequested);
        Assert.Equal((asked.Approval!.Id, "Sam Rivera", "pending"), (request.Id, request.RequestedBy, request.Status));
        Assert.Equal("Acme Manufacturing Inc.", request.DebtorName);
        Assert.Contains(request.Id, (await morgan.Hub.InvokeAsync<IReadOnlyList<ApprovalView>>("GetApprovals", Ct)).Select(a => a.Id));
        var refused = await Assert.ThrowsAsync<HubException>(() => sam.Hub.InvokeAsync<ProposalResult>("Approve", request.Id, null, Ct));
        Assert.Contains("Only a supervisor", refused.Message, StringComparison.Ordinal);
        await sms.SettledAsync();
        Assert.Equal(sent + 1, sms.Twilio.Accepted.Count);

        // Approved: the plan replaces the ten-payment one, the agent is told, Dana gets the confirmation.
        var approved = await morgan.Hub.InvokeAsync<ProposalResult>("Approve", request.Id, "Long-standing customer", Ct);
        Assert.Equal("agreed", approved.Outcome);
        var decided = await DeskAgent.NextAsync(sam.ApprovalsDecided);
        Assert.Equal((request.Id, "approved", "Morgan Lee"), (decided.Id, decided.Status, decided.DecidedBy));
        Assert.StartsWith("Done: your plan is set up.", (await sms.Twilio.WaitForAsync(sent + 2))[^1]["Body"], StringComparison.Ordinal);
        var plans = await sms.Host.WithDbAsync(db => db.PaymentPlans.AsNoTracking().Include(p => p.Installments).Where(p => p.CaseId == first.CaseId && p.AgreedBy != "bot").ToListAsync(Ct));
        Assert.Equal(PlanStatus.Cancelled, plans.Single(p => p.Id == first.Id).Status);
        var active = plans.Single(p => p.Status == PlanStatus.Active);
        Assert.Equal(("Sam Rivera, approved by Morgan Lee", 18), (active.AgreedBy, active.Installments.Count(i => i.Sequence > 0)));
        var twice = await Assert.ThrowsAsync<HubException>(() => morgan.Hub.InvokeAsync<ProposalResult>("Approve", request.Id, null, Ct));
        Assert.Contains("already approved", twice.Message, StringComparison.Ordinal);

        // Half off is beyond an agent's quarter: asked, then rejected with a reason the agent sees. Nothing is sent.
        var settlement = await sam.Hub.InvokeAsync<ProposalResult>("Propose", conversationId, new AgreementProposal("settlement", Amount: 100m), Ct);
        Assert.Equal("approval_requested", settlement.Outcome);
        Assert.Contains("max_settlement_discount", settlement.BeyondLimits);
        var noReason = await Assert.ThrowsAsync<HubException>(() => morgan.Hub.InvokeAsync<ApprovalView>("Reject", settlement.Approval!.Id, " ", Ct));
        Assert.Contains("Say why", noReason.Message, StringComparison.Ordinal);
        await morgan.Hub.InvokeAsync<ApprovalView>("Reject", settlement.Approval!.Id, "Too deep a discount for a current account", Ct);
        var rejected = await DeskAgent.NextAsync(sam.ApprovalsDecided);
        Assert.Equal(("rejected", "Too deep a discount for a current account"), (rejected.Status, rejected.Note));
        await sms.SettledAsync();
        Assert.Equal(sent + 2, sms.Twilio.Accepted.Count);
        Assert.Equal(["rejected", "approved"], (await sam.Hub.InvokeAsync<IReadOnlyList<ApprovalView>>("GetApprovals", Ct)).Select(a => a.Status));

        // Unusable terms are refused with the reason; every decision is on the record.
        var past = await Assert.ThrowsAsync<HubException>(() => sam.Hub.InvokeAsync<ProposalResult>("Propose", conversationId, new AgreementProposal("promise", Amount: 100m, Date: start.AddDays(-30)), Ct));
        Assert.Contains("invalid_date", past.Message, StringComparison.Ordinal);
        var actions = await sms.Host.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Action.StartsWith("desk.")).Select(e => e.Action).ToListAsync(Ct));
        Assert.Equal(2, actions.Count(a => a == "desk.approval_requested"));
        Assert.Equal(2, actions.Count(a => a == "desk.approval_decided"));
        Assert.Single(actions, a => a == "desk.agreed");
    }

    [Fact]
    public async Task TwoApprovalsAtOnce_OneDecides_OnePlanIsMade()
    {
        await using var sms = await SmsHarness.StartAsync();
        var host = sms.Host.Client.BaseAddress!;
        await using var sam = await DeskAgent.ConnectAsync(host, Sam);
        await using var morgan = await DeskAgent.ConnectAsync(host, Morgan);
        await using var morganElsewhere = await DeskAgent.ConnectAsync(host, Morgan);
        var conversationId = await HandedToSamAsync(sms, sam);
        var asked = await sam.Hub.InvokeAsync<ProposalResult>("Propose", conversationId, new AgreementProposal("plan", Installments: 24, Frequency: "monthly", DownPayment: 0m, StartDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3)), Ct);

        var both = await Task.WhenAll(
            Outcome(morgan.Hub.InvokeAsync<ProposalResult>("Approve", asked.Approval!.Id, null, Ct)),
            Outcome(morganElsewhere.Hub.InvokeAsync<ProposalResult>("Approve", asked.Approval!.Id, null, Ct)));
        Assert.Single(both, o => o == "agreed");
        Assert.Single(both, o => o.Contains("decided on this request first", StringComparison.Ordinal) || o.Contains("already approved", StringComparison.Ordinal));
        Assert.Equal(1, await sms.Host.WithDbAsync(db => db.PaymentPlans.CountAsync(p => p.AgreedBy.EndsWith("approved by Morgan Lee"), Ct)));

        static async Task<string> Outcome(Task<ProposalResult> approve)
        {
            try
            {
                return (await approve).Outcome;
            }
            catch (HubException ex)
            {
                return ex.Message;
            }
        }
    }

    [Fact]
    public async Task UnverifiedContact_NoTermsCanBeAgreed()
    {
        await using var sms = await SmsHarness.StartAsync();
        await using var sam = await DeskAgent.ConnectAsync(sms.Host.Client.BaseAddress!, Sam);
        var conversationId = await HandedToSamAsync(sms, sam, verify: false);
        var promises = await sms.Host.WithDbAsync(db => db.Promises.CountAsync(Ct));

        var refused = await Assert.ThrowsAsync<HubException>(() => sam.Hub.InvokeAsync<ProposalResult>("Propose", conversationId, new AgreementProposal("promise", Amount: 500m, Date: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3)), Ct));
        Assert.Contains("not been verified", refused.Message, StringComparison.Ordinal);
        Assert.Equal(promises, await sms.Host.WithDbAsync(db => db.Promises.CountAsync(Ct)));
    }

    /// <summary>Dana (verified by text, unless not asked to) asks for a person, and Sam claims the conversation.</summary>
    private static async Task<Guid> HandedToSamAsync(SmsHarness sms, DeskAgent sam, bool verify = true)
    {
        if (verify)
        {
            await sms.ConverseAsync(SmsHarness.Dana, "how much do we owe you?");
            await sms.ConverseAsync(SmsHarness.Dana, "Acme Manufacturing Inc., account ACME-001");
        }

        await sms.ConverseAsync(SmsHarness.Dana, "I want to speak to a real person please");
        var waiting = await DeskAgent.NextAsync(sam.Waiting);
        Assert.True((await sam.Hub.InvokeAsync<ClaimResult>("Claim", waiting.ConversationId, Ct)).Claimed);
        return waiting.ConversationId;
    }
}
