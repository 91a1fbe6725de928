using CollectionsBot.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// Keeps a case's row version a stamp of everything a conversation reads about it: the case, its invoices, its
/// debtor and the debtor's contacts, its creditor. Every save that changes one of those bumps the version of each
/// case it concerns, in the same transaction, whoever saves and in whichever process; so one number read with a
/// turn says whether the parties a turn kept in memory are still the ones in the database
/// (<see cref="Conversations.PartiesCache"/>).
/// </summary>
/// <remarks>
/// A case tracked in the same save is bumped through the change tracker, so the entity in memory holds the version
/// the database will hold. Cases not tracked are bumped by one UPDATE per kind after the rest of the save; a
/// creditor's change touches all its cases, which is rare (limits and settings) and one statement.
/// </remarks>
internal sealed class CaseVersions
{
    private readonly HashSet<Guid> _cases = [];
    private readonly HashSet<Guid> _debtors = [];
    private readonly HashSet<Guid> _creditors = [];

    // Tracked cases bumped through the tracker: the debtor's and creditor's UPDATEs leave them alone, so the entity
    // in memory and the row agree.
    private readonly HashSet<Guid> _tracked = [];
    private readonly HashSet<Guid> _invoiceCases = [];

    /// <summary>Whether this save changes any invoice of the case.</summary>
    public bool ChangesInvoicesOf(Guid caseId) => _invoiceCases.Contains(caseId);

    /// <summary>
    /// Finds what this save changes that a case's parties include, bumps the tracked cases concerned, and returns
    /// what is left to bump in the database (null when nothing is). Run after change detection.
    /// </summary>
    public static CaseVersions? Collect(DbContext db)
    {
        CaseVersions? found = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Invoice invoice:
                    (found ??= new())._cases.Add(invoice.CaseId);
                    found._invoiceCases.Add(invoice.CaseId);
                    break;
                case Contact contact:
                    (found ??= new())._debtors.Add(contact.DebtorId);
                    break;
                case DebtorCompany debtor when entry.State != EntityState.Added:
                    (found ??= new())._debtors.Add(debtor.Id);
                    break;
                case Creditor creditor when entry.State != EntityState.Added:
                    (found ??= new())._creditors.Add(creditor.Id);
                    break;
            }
        }

        if (found is null)
        {
            return null;
        }

        // Tracked cases: through the tracker (a modified case has had its version bumped already; a new one has no
        // reader yet). The rest go to the database.
        foreach (var entry in db.ChangeTracker.Entries<CollectionCase>())
        {
            var concerned = found._cases.Contains(entry.Entity.Id) || found._debtors.Contains(entry.Entity.DebtorId) || found._creditors.Contains(entry.Entity.CreditorId);
            if (!concerned)
            {
                continue;
            }

            if (entry.State == EntityState.Unchanged)
            {
                Bump(db, entry.Entity);
            }

            found._cases.Remove(entry.Entity.Id);
            found._tracked.Add(entry.Entity.Id);
        }

        return found;
    }

    /// <summary>Bumps a tracked case's version, as its next save will write (a change to it that no property shows).</summary>
    public static void Bump(DbContext db, CollectionCase collectionCase)
    {
        var entry = db.Entry(collectionCase);
        if (entry.State is EntityState.Added or EntityState.Deleted or EntityState.Detached)
        {
            return;
        }

        var version = entry.Property(c => c.Version);
        if (!version.IsModified)
        {
            version.CurrentValue = version.OriginalValue + 1;
        }
    }

    /// <summary>Whether cases outside the change tracker are left to bump in the database.</summary>
    public bool Pending => _cases.Count > 0 || _debtors.Count > 0 || _creditors.Count > 0;

    /// <summary>Bumps the versions of the untracked cases concerned, inside the save's transaction: one UPDATE.</summary>
    public Task ApplyAsync(CollectionsDbContext db, CancellationToken cancellationToken) =>
        Pending ? Concerned(db).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, c => c.Version + 1), cancellationToken) : Task.CompletedTask;

    /// <summary>The synchronous <see cref="ApplyAsync"/>.</summary>
    public void Apply(CollectionsDbContext db)
    {
        if (Pending)
        {
            Concerned(db).ExecuteUpdate(s => s.SetProperty(c => c.Version, c => c.Version + 1));
        }
    }

    // The untracked cases concerned: named ones, and those of a changed debtor or creditor that this save does not
    // bump through the tracker already.
    private IQueryable<CollectionCase> Concerned(CollectionsDbContext db)
    {
        var (cases, debtors, creditors, tracked) = (_cases.ToList(), _debtors.ToList(), _creditors.ToList(), _tracked.ToList());
        return db.Cases.Where(c => cases.Contains(c.Id) || ((debtors.Contains(c.DebtorId) || creditors.Contains(c.CreditorId)) && !tracked.Contains(c.Id)));
    }
}
