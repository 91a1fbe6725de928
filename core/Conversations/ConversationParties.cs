using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Conversations;

/// <summary>A conversation with everyone it concerns, loaded once per turn: what dialogs and the guard read.</summary>
public sealed record ConversationParties(
    Conversation Conversation,
    CollectionCase? Case,
    Creditor? Creditor,
    DebtorCompany? Debtor,
    Contact? Contact,
    IReadOnlyList<Invoice> Invoices)
{
    /// <summary>The recipient's time zone: the contact's, else the creditor's, else UTC.</summary>
    public string TimeZone => Contact?.TimeZone ?? Creditor?.TimeZone ?? "UTC";

    /// <summary>Invoices the bot may collect now (open, with a balance, not disputed).</summary>
    public IEnumerable<Invoice> Collectible => Invoices.Where(i => i.IsCollectible).OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal);

    /// <summary>The collectible balance in the case's currency; null when nothing is collectible or currencies mix.</summary>
    public Money? CollectibleBalance()
    {
        var open = Collectible.ToList();
        if (open.Count == 0 || open.Select(i => i.CurrencyCode).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            return null;
        }

        return new Money(open.Sum(i => i.Balance), open[0].Currency);
    }

    /// <summary>Words that would tell a third party about the debt.</summary>
    public IReadOnlyList<string> SensitiveTerms()
    {
        var terms = new List<string>();
        if (Creditor is not null)
        {
            terms.Add(Creditor.Name);
        }

        if (Debtor is not null)
        {
            terms.Add(Debtor.Reference);
        }

        terms.AddRange(Invoices.Select(i => i.Number));
        return terms;
    }

    /// <summary>Loads a conversation's parties, tracked, so a turn can change and save them.</summary>
    public static async Task<ConversationParties> LoadAsync(CollectionsDbContext db, Conversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(conversation);
        CollectionCase? collectionCase = null;
        Creditor? creditor = null;
        DebtorCompany? debtor = null;
        Contact? contact = null;
        IReadOnlyList<Invoice> invoices = [];
        if (conversation.CaseId is { } caseId)
        {
            var row = await db.Cases.Where(c => c.Id == caseId)
                .Join(db.Creditors, c => c.CreditorId, r => r.Id, (c, r) => new { Case = c, Creditor = r })
                .SingleAsync(cancellationToken);
            collectionCase = row.Case;
            creditor = row.Creditor;
            debtor = await db.Debtors.Include(d => d.Contacts).SingleAsync(d => d.Id == collectionCase.DebtorId, cancellationToken);
            invoices = await db.Invoices.Where(i => i.CaseId == caseId).ToListAsync(cancellationToken);
        }

        if (conversation.ContactId is { } contactId)
        {
            contact = debtor?.Contacts.FirstOrDefault(c => c.Id == contactId)
                ?? await db.Contacts.SingleAsync(c => c.Id == contactId, cancellationToken);
        }

        return new ConversationParties(conversation, collectionCase, creditor, debtor, contact, invoices);
    }
}
