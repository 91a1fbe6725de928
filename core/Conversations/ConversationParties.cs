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

    /// <summary>The creditor's tone profile for messages, or the default tone while no creditor is known.</summary>
    public string Tone => Creditor?.ToneProfile ?? Wording.PromptLibrary.DefaultTone;

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

    /// <summary>Starts tracking invoices a turn is about to change (they load untracked).</summary>
    public static void Track(CollectionsDbContext db, IEnumerable<Invoice> invoices)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(invoices);
        foreach (var invoice in invoices)
        {
            if (db.Entry(invoice).State == EntityState.Detached)
            {
                db.Invoices.Attach(invoice);
            }
        }
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

    // Compiled once: every turn runs these, and compiling skips the per-call query-cache lookup.
    private static readonly Func<CollectionsDbContext, Guid, CancellationToken, Task<CollectionCase>> CaseById =
        EF.CompileAsyncQuery((CollectionsDbContext db, Guid caseId, CancellationToken ct) => db.Cases.Single(c => c.Id == caseId));

    // Untracked: a turn reads its creditor (limits, tone, compliance profile) and never changes it (the desk changes
    // creditors through units of work of its own), and tracking it cost a snapshot of its thirty-odd columns on every
    // turn and a comparison of them at every save.
    private static readonly Func<CollectionsDbContext, Guid, CancellationToken, Task<Creditor>> CreditorById =
        EF.CompileAsyncQuery((CollectionsDbContext db, Guid creditorId, CancellationToken ct) => db.Creditors.AsNoTracking().Single(c => c.Id == creditorId));

    private static readonly Func<CollectionsDbContext, Guid, CancellationToken, Task<DebtorCompany>> DebtorWithContacts =
        EF.CompileAsyncQuery((CollectionsDbContext db, Guid debtorId, CancellationToken ct) => db.Debtors.Include(d => d.Contacts).Single(d => d.Id == debtorId));

    private static readonly Func<CollectionsDbContext, Guid, IAsyncEnumerable<Invoice>> InvoicesOf =
        EF.CompileAsyncQuery((CollectionsDbContext db, Guid caseId) => db.Invoices.AsNoTracking().Where(i => i.CaseId == caseId));

    /// <summary>
    /// Loads a conversation's parties, tracked so a turn can change and save them, except the invoices (a case may
    /// have many, change tracking costs for each, and a turn rarely changes one: attach an invoice with
    /// <see cref="Track"/> before changing it) and the creditor, which turns only read.
    /// </summary>
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
            collectionCase = await CaseById(db, caseId, cancellationToken);
            creditor = await CreditorById(db, collectionCase.CreditorId, cancellationToken);
            debtor = await DebtorWithContacts(db, collectionCase.DebtorId, cancellationToken);
            var list = new List<Invoice>();
            await foreach (var invoice in InvoicesOf(db, caseId).WithCancellation(cancellationToken))
            {
                list.Add(invoice);
            }

            invoices = list;
        }

        if (conversation.ContactId is { } contactId)
        {
            contact = debtor?.Contacts.FirstOrDefault(c => c.Id == contactId)
                ?? await db.Contacts.SingleAsync(c => c.Id == contactId, cancellationToken);
        }

        return new ConversationParties(conversation, collectionCase, creditor, debtor, contact, invoices);
    }
}
