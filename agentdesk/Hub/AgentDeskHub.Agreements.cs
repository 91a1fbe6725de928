using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.AgentDesk.Negotiation;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.AgentDesk.Hub;

/// <summary>What came of a proposal: agreed at once (with the debtor's confirmation), or waiting for a supervisor.</summary>
/// <param name="Outcome">agreed or approval_requested.</param>
/// <param name="Summary">The terms in words.</param>
/// <param name="BeyondLimits">The limits of the agent's own authority the terms pass (codes such as max_installments).</param>
/// <param name="Message">The confirmation sent to the debtor, when agreed.</param>
/// <param name="Approval">The request for approval, when one was made.</param>
public sealed record ProposalResult(string Outcome, string Summary, IReadOnlyList<string> BeyondLimits, ReplyResult? Message, ApprovalView? Approval);

/// <summary>A request for a supervisor's approval, as the desk shows it.</summary>
/// <param name="Id">The request.</param>
/// <param name="ConversationId">Its conversation.</param>
/// <param name="Kind">plan, settlement or promise.</param>
/// <param name="Summary">The terms in words.</param>
/// <param name="BeyondLimits">The limits of the agent's authority the terms pass.</param>
/// <param name="RequestedBy">The agent.</param>
/// <param name="RequestedAt">When.</param>
/// <param name="Status">pending, approved, rejected or withdrawn.</param>
/// <param name="DecidedBy">The supervisor, once decided.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Note">The supervisor's reason or note.</param>
/// <param name="DebtorName">The debtor company.</param>
/// <param name="CreditorName">The creditor.</param>
public sealed record ApprovalView(Guid Id, Guid ConversationId, string Kind, string Summary, IReadOnlyList<string> BeyondLimits, string RequestedBy, DateTimeOffset RequestedAt, string Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? Note, string? DebtorName, string? CreditorName)
{
    /// <summary>The view of a stored request.</summary>
    public static ApprovalView Of(AgreementApproval approval, string? debtorName, string? creditorName)
    {
        ArgumentNullException.ThrowIfNull(approval);
        return new(approval.Id, approval.ConversationId, approval.Kind.ToString().ToLowerInvariant(), approval.Summary, approval.Breaches.Length == 0 ? [] : approval.Breaches.Split(','),
            approval.RequestedByName, approval.RequestedAt, approval.Status.ToString().ToLowerInvariant(), approval.DecidedByName, approval.DecidedAt, approval.DecisionNote, debtorName, creditorName);
    }
}

/// <summary>Agreements at the desk: inside the agent's own limits at once, beyond them with a supervisor's approval.</summary>
public sealed partial class AgentDeskHub
{
    /// <summary>
    /// Proposes terms to the debtor of a conversation the agent holds. Inside the agent's authority (the creditor's
    /// agent limits, never narrower than the bot's) or proposed by a supervisor, the agreement is made at once and the
    /// debtor gets the confirmation; beyond it, a supervisor is asked (<see cref="IAgentDeskClient.ApprovalRequested"/>).
    /// A new proposal replaces the conversation's request still waiting.
    /// </summary>
    public async Task<ProposalResult> Propose(Guid conversationId, AgreementProposal proposal)
    {
        var ct = Context.ConnectionAborted;
        var (conversation, me) = await MineAsync(conversationId).ConfigureAwait(false);
        if (!conversation.IsVerified)
        {
            // The confirmation names the debt: an unverified contact could not be told, so nothing is agreed.
            throw new HubException("The contact has not been verified in this conversation: no terms can be agreed with them.");
        }

        var name = DeskAccounts.DisplayName(Context.User!);
        var now = clock.GetUtcNow();
        var parties = await ConversationParties.LoadAsync(db, conversation, ct).ConfigureAwait(false);
        var creditor = parties.Creditor ?? throw new HubException("This conversation has no creditor yet: the debtor is not identified.");
        var weighed = Weigh(proposal, parties, creditor, now);
        var replaced = await db.Approvals.Where(a => a.ConversationId == conversationId && a.Status == ApprovalStatus.Pending).ToListAsync(ct).ConfigureAwait(false);
        foreach (var old in replaced)
        {
            old.Withdraw(me, now);
        }

        ProposalResult result;
        if (weighed.BeyondAuthority.Count == 0 || IsSupervisor)
        {
            var queued = await agreements.MakeAsync(weighed, conversation, parties, creditor.AgentAuthority, me, name, now, ct).ConfigureAwait(false);
            _said.Add(queued.Message);
            conversation.Touch(now);
            Record(now, me, "desk.agreed", conversation, new { kind = weighed.Kind.ToString().ToLowerInvariant(), summary = weighed.Summary, beyond = weighed.BeyondAuthority });
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            outbound.Nudge();
            await TellWatchersAsync(conversationId).ConfigureAwait(false);
            result = new ProposalResult("agreed", weighed.Summary, weighed.BeyondAuthority, ReplyOf(queued), null);
        }
        else
        {
            var approval = new AgreementApproval(conversationId, parties.Case!.Id, creditor.Id, weighed.Kind, DeskAgreements.Serialize(proposal), weighed.Summary, weighed.BeyondAuthority, me, name, now);
            db.Approvals.Add(approval);
            Record(now, me, "desk.approval_requested", conversation, new { approval = approval.Id, summary = weighed.Summary, beyond = weighed.BeyondAuthority });
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            var view = ApprovalView.Of(approval, parties.Debtor?.Name, creditor.Name);
            await Clients.Group(SupervisorsGroup).ApprovalRequested(view).ConfigureAwait(false);
            result = new ProposalResult("approval_requested", weighed.Summary, weighed.BeyondAuthority, null, view);
        }

        foreach (var old in replaced)
        {
            await TellDecidedAsync(ApprovalView.Of(old, parties.Debtor?.Name, creditor.Name), old.RequestedBy).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Supervisors: every request waiting for a decision, oldest first. Agents: their own requests, newest first.</summary>
    public async Task<IReadOnlyList<ApprovalView>> GetApprovals()
    {
        var me = DeskAccounts.UserId(Context.User!);
        var query = IsSupervisor
            ? db.Approvals.AsNoTracking().Where(a => a.Status == ApprovalStatus.Pending)
            : db.Approvals.AsNoTracking().Where(a => a.RequestedBy == me);
        var rows = await (
                from a in query
                join k in db.Cases on a.CaseId equals k.Id
                join d in db.Debtors on k.DebtorId equals d.Id
                join r in db.Creditors on a.CreditorId equals r.Id
                select new { Approval = a, Debtor = d.Name, Creditor = r.Name })
            .ToListAsync(Context.ConnectionAborted).ConfigureAwait(false);
        var views = rows.Select(x => ApprovalView.Of(x.Approval, x.Debtor, x.Creditor));
        return IsSupervisor ? [.. views.OrderBy(v => v.RequestedAt)] : [.. views.OrderByDescending(v => v.RequestedAt).Take(50)];
    }

    /// <summary>
    /// Supervisors: approves a request. The terms are weighed again against the balance now and the agreement is made
    /// in the conversation (the debtor's confirmation goes out from the agent holding it). Of two supervisors deciding
    /// at once, one decides.
    /// </summary>
    public async Task<ProposalResult> Approve(Guid approvalId, string? note = null)
    {
        var ct = Context.ConnectionAborted;
        var (approval, me, now) = await PendingAsync(approvalId).ConfigureAwait(false);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == approval.ConversationId, ct).ConfigureAwait(false);
        var parties = await ConversationParties.LoadAsync(db, conversation, ct).ConfigureAwait(false);
        var creditor = parties.Creditor!;
        if (conversation.Owner != ConversationOwner.Agent || conversation.AgentId is not { } holder)
        {
            // Nobody at the desk holds the conversation any more: nobody can tell the debtor, so the request lapses.
            approval.Withdraw(me, now);
            await DecideAsync(approval, conversation, me, parties.Debtor?.Name, creditor.Name).ConfigureAwait(false);
            throw new HubException("Nobody at the desk holds this conversation any more: the request lapsed.");
        }

        var weighed = Weigh(DeskAgreements.Deserialize(approval.Terms), parties, creditor, now);
        var name = DeskAccounts.DisplayName(Context.User!);
        approval.Decide(true, me, name, note, now);
        var queued = await agreements.MakeAsync(weighed, conversation, parties, creditor.AgentAuthority, holder, $"{approval.RequestedByName}, approved by {name}", now, ct).ConfigureAwait(false);
        _said.Add(queued.Message);
        conversation.Touch(now);
        await DecideAsync(approval, conversation, me, parties.Debtor?.Name, creditor.Name).ConfigureAwait(false);
        outbound.Nudge();
        await TellWatchersAsync(conversation.Id).ConfigureAwait(false);
        return new ProposalResult("agreed", weighed.Summary, weighed.BeyondAuthority, ReplyOf(queued), ApprovalView.Of(approval, parties.Debtor?.Name, creditor.Name));
    }

    /// <summary>Supervisors: turns a request down, with the reason the agent is told.</summary>
    public async Task<ApprovalView> Reject(Guid approvalId, string reason)
    {
        var (approval, me, now) = await PendingAsync(approvalId).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            throw new HubException("Say why, for the agent (1 to 1,000 characters).");
        }

        approval.Decide(false, me, DeskAccounts.DisplayName(Context.User!), reason, now);
        var conversation = await db.Conversations.SingleAsync(c => c.Id == approval.ConversationId, Context.ConnectionAborted).ConfigureAwait(false);
        var names = await db.Cases.AsNoTracking().Where(k => k.Id == approval.CaseId)
            .Join(db.Debtors, k => k.DebtorId, d => d.Id, (k, d) => new { Debtor = d.Name, k.CreditorId })
            .Join(db.Creditors, x => x.CreditorId, r => r.Id, (x, r) => new { x.Debtor, Creditor = r.Name })
            .SingleAsync(Context.ConnectionAborted).ConfigureAwait(false);
        return await DecideAsync(approval, conversation, me, names.Debtor, names.Creditor).ConfigureAwait(false);
    }

    private static WeighedProposal Weigh(AgreementProposal proposal, ConversationParties parties, Creditor creditor, DateTimeOffset now)
    {
        try
        {
            return DeskAgreements.Weigh(proposal ?? throw new ArgumentException("Propose a plan, a settlement or a promise."), parties, creditor.AgentAuthority, now);
        }
        catch (ArgumentException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    private async Task<(AgreementApproval Approval, string Me, DateTimeOffset Now)> PendingAsync(Guid approvalId)
    {
        if (!IsSupervisor)
        {
            throw new HubException("Only a supervisor decides on terms beyond an agent's limits.");
        }

        var approval = await db.Approvals.SingleOrDefaultAsync(a => a.Id == approvalId, Context.ConnectionAborted).ConfigureAwait(false)
            ?? throw new HubException("No such request.");
        if (approval.Status != ApprovalStatus.Pending)
        {
            throw new HubException($"This request was already {approval.Status.ToString().ToLowerInvariant()}.");
        }

        return (approval, DeskAccounts.UserId(Context.User!), clock.GetUtcNow());
    }

    /// <summary>Saves a decision with its audit record (exactly one of two deciding at once wins) and tells the agent and supervisors.</summary>
    private async Task<ApprovalView> DecideAsync(AgreementApproval approval, Conversation conversation, string me, string? debtorName, string? creditorName)
    {
        var status = approval.Status.ToString().ToLowerInvariant();
        Record(approval.DecidedAt ?? clock.GetUtcNow(), me, "desk.approval_decided", conversation, new { approval = approval.Id, status, note = approval.DecisionNote });
        try
        {
            await db.SaveChangesAsync(Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.DiscardChanges();
            throw new HubException("Someone else decided on this request first.");
        }

        var view = ApprovalView.Of(approval, debtorName, creditorName);
        await TellDecidedAsync(view, approval.RequestedBy).ConfigureAwait(false);
        return view;
    }

    private async Task TellDecidedAsync(ApprovalView view, string requestedBy)
    {
        await Clients.User(requestedBy).ApprovalDecided(view).ConfigureAwait(false);
        await Clients.Group(SupervisorsGroup).ApprovalDecided(view).ConfigureAwait(false);
    }

    private static ReplyResult ReplyOf(QueuedMessage queued) =>
        new(queued.Message.Id, queued.Decision.Verdict.ToString().ToLowerInvariant(), queued.Decision.Rule, queued.Message.Body);
}
