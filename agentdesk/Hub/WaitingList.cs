using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.AgentDesk.Hub;

/// <summary>The queue of conversations waiting for a person, as the desk lists it.</summary>
public static class WaitingList
{
    /// <summary>How urgent a hand-off reason is: legal and insolvency matters first, then money in question, then the rest.</summary>
    public static int Priority(HandoffReason? reason) => reason switch
    {
        HandoffReason.Counsel or HandoffReason.Insolvency => 3,
        HandoffReason.Dispute or HandoffReason.Hardship or HandoffReason.PaymentVerification or HandoffReason.BeyondLimits => 2,
        HandoffReason.HumanRequested or HandoffReason.Abusive => 1,
        _ => 0,
    };

    /// <summary>Waiting conversations (or just <paramref name="only"/>), highest priority and longest waiting first.</summary>
    public static async Task<IReadOnlyList<QueueItem>> WaitingAsync(CollectionsDbContext db, Guid? only, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await (
                from c in db.Conversations.AsNoTracking()
                where c.Owner == ConversationOwner.WaitingForAgent && (only == null || c.Id == only)
                join k in db.Cases on c.CaseId equals k.Id into cases
                from k in cases.DefaultIfEmpty()
                join d in db.Debtors on k.DebtorId equals d.Id into debtors
                from d in debtors.DefaultIfEmpty()
                join r in db.Creditors on k.CreditorId equals r.Id into creditors
                from r in creditors.DefaultIfEmpty()
                select new { c.Id, c.Channel, c.HandoffReason, c.HandoffSummary, c.HandedOffAt, c.LastActivityAt, Debtor = d == null ? null : d.Name, Creditor = r == null ? null : r.Name })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows
            .Select(x => new QueueItem(x.Id, PromptChannel(x.Channel), x.HandoffReason?.ToString() ?? "Released", x.HandoffSummary ?? "", Priority(x.HandoffReason), x.HandedOffAt ?? x.LastActivityAt, x.Debtor, x.Creditor))
            .OrderByDescending(i => i.Priority).ThenBy(i => i.WaitingSince)];
    }

    private static string PromptChannel(Channel channel) => channel.ToString().ToLowerInvariant();
}
