using System.Text.Json;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Receivables;

/// <summary>What applying a file's rows produced: refusals, or the new rows to insert and the counts.</summary>
internal sealed class ImportChanges
{
    public List<ImportError> Errors { get; } = [];

    public List<DebtorCompany> NewDebtors { get; } = [];

    public List<Contact> NewContacts { get; } = [];

    public List<CollectionCase> NewCases { get; } = [];

    public List<Invoice> NewInvoices { get; } = [];

    public List<AuditEvent> BalanceChanges { get; } = [];

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int CreditorsCreated { get; set; }

    public int ContactsCreated { get; set; }

    public int ContactsUpdated { get; set; }

    /// <summary>The counts as the import reports them; the caller stamps the elapsed time.</summary>
    public ImportSummary Summarize(int rows) =>
        new(rows, Created, Updated, Unchanged, CreditorsCreated, NewDebtors.Count, ContactsCreated, ContactsUpdated, 0);
}

/// <summary>
/// The file's creditors as they stand in the database, loaded tracked so updates go through the change tracker.
/// New debtors, contacts, cases and invoices are kept aside, untracked, for <see cref="BulkInsert"/>.
/// </summary>
internal sealed class ImportPortfolio
{
    private readonly CollectionsDbContext _db;
    private readonly DateTimeOffset _now;
    private readonly Dictionary<string, Creditor> _creditors;
    private readonly Dictionary<(Guid, string), DebtorCompany> _debtors;
    private readonly Dictionary<Guid, CollectionCase> _cases;
    private readonly Dictionary<(Guid, string), Invoice> _invoices;
    private readonly ILookup<Guid, PaymentAllocation> _unposted;
    private readonly string _defaultTimeZone;
    private readonly HashSet<Contact> _createdContacts = [];
    private readonly HashSet<DebtorCompany> _createdDebtors = [];

    private ImportPortfolio(
        CollectionsDbContext db,
        DateTimeOffset now,
        Dictionary<string, Creditor> creditors,
        Dictionary<(Guid, string), DebtorCompany> debtors,
        Dictionary<Guid, CollectionCase> cases,
        Dictionary<(Guid, string), Invoice> invoices,
        ILookup<Guid, PaymentAllocation> unposted,
        string defaultTimeZone)
    {
        _db = db;
        _now = now;
        _creditors = creditors;
        _debtors = debtors;
        _cases = cases;
        _invoices = invoices;
        _unposted = unposted;
        _defaultTimeZone = defaultTimeZone;
    }

    public static async Task<ImportPortfolio> LoadAsync(
        CollectionsDbContext db,
        List<Creditor> creditors,
        IReadOnlyList<ReceivableRow> rows,
        ImportOptions options,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var byName = creditors.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var ids = rows.Select(r => r.Creditor).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(byName.ContainsKey).Select(n => byName[n].Id).ToList();

        var debtors = (await db.Debtors.Include(d => d.Contacts).Where(d => ids.Contains(d.CreditorId)).ToListAsync(cancellationToken))
            .ToDictionary(d => (d.CreditorId, d.Reference.ToUpperInvariant()));
        var cases = (await db.Cases.Where(c => ids.Contains(c.CreditorId)).ToListAsync(cancellationToken)).ToDictionary(c => c.DebtorId);
        var invoices = (await db.Invoices.Where(i => ids.Contains(i.CreditorId)).ToListAsync(cancellationToken)).ToDictionary(i => (i.CreditorId, i.Number));

        // Payments collected here that the creditor's records may not show yet, oldest first.
        var unposted = (await (
                from allocation in db.Set<PaymentAllocation>()
                join payment in db.Payments on allocation.PaymentId equals payment.Id
                join invoice in db.Invoices on allocation.InvoiceId equals invoice.Id
                where ids.Contains(invoice.CreditorId) && !allocation.PostedByCreditor && payment.Status == PaymentStatus.Succeeded
                select new { allocation, payment.ReceivedAt })
            .ToListAsync(cancellationToken))
            .OrderBy(x => x.ReceivedAt)
            .ToLookup(x => x.allocation.InvoiceId, x => x.allocation);

        return new ImportPortfolio(db, now, byName, debtors, cases, invoices, unposted, options.DefaultCreditorTimeZone);
    }

    /// <summary>Applies every row; nothing is saved here.</summary>
    public ImportChanges Apply(IReadOnlyList<ReceivableRow> rows, string actor)
    {
        var changes = new ImportChanges();
        var touched = new HashSet<CollectionCase>();
        foreach (var row in rows)
        {
            var creditor = CreditorOf(row, changes);
            var debtor = DebtorOf(row, creditor, changes);
            UpsertContact(row, creditor, debtor, changes);
            if (!_cases.TryGetValue(debtor.Id, out var collectionCase))
            {
                collectionCase = new CollectionCase(debtor, _now);
                changes.NewCases.Add(collectionCase);
                _cases.Add(debtor.Id, collectionCase);
            }

            var currency = Currency.Find(row.Currency);
            var amount = new Money(row.Amount, currency);
            var balance = new Money(row.Balance, currency);
            if (!_invoices.TryGetValue((creditor.Id, row.InvoiceNumber), out var invoice))
            {
                invoice = new Invoice(collectionCase, row.InvoiceNumber, row.IssueDate, row.DueDate, amount, balance, _now);
                changes.NewInvoices.Add(invoice);
                _invoices.Add((creditor.Id, invoice.Number), invoice);
                touched.Add(collectionCase);
                changes.Created++;
                continue;
            }

            if (invoice.DebtorId != debtor.Id)
            {
                var owner = _debtors.Values.FirstOrDefault(d => d.Id == invoice.DebtorId)?.Reference ?? "another debtor";
                changes.Errors.Add(new ImportError(row.Line, ReceivablesCsv.DebtorReference, $"Invoice {row.InvoiceNumber} belongs to debtor {owner}, not {row.DebtorReference}. An import cannot move an invoice to another debtor; ask an agent to correct it."));
                continue;
            }

            if (invoice.CurrencyCode != currency.Code)
            {
                changes.Errors.Add(new ImportError(row.Line, ReceivablesCsv.Currency, $"Invoice {row.InvoiceNumber} is in {invoice.CurrencyCode}; an import cannot change it to {currency.Code}."));
                continue;
            }

            var before = invoice.Balance;
            // Most invoices have no payment collected here: no list to build for them.
            IReadOnlyList<PaymentAllocation> unposted = _unposted.Contains(invoice.Id) ? [.. _unposted[invoice.Id].Where(a => !a.PostedByCreditor)] : [];
            if (invoice.ApplyCreditorRecords(row.IssueDate, row.DueDate, amount, balance, unposted))
            {
                changes.Updated++;
                touched.Add(_cases[invoice.DebtorId]);
                if (before != invoice.Balance)
                {
                    changes.BalanceChanges.Add(new AuditEvent(_now, actor, "invoice.balance_imported", "invoice", invoice.Id.ToString(), JsonSerializer.Serialize(new
                    {
                        invoice = invoice.Number,
                        from = before,
                        to = invoice.Balance,
                        creditorBalance = row.Balance,
                        currency = invoice.CurrencyCode,
                        line = row.Line,
                    }))
                    {
                        CreditorId = creditor.Id,
                        CaseId = invoice.CaseId,
                    });
                }
            }
            else
            {
                changes.Unchanged++;
            }
        }

        var byCase = _invoices.Values.ToLookup(i => i.CaseId);
        foreach (var collectionCase in touched)
        {
            collectionCase.Reconcile(byCase[collectionCase.Id], _now);

            // New invoices go in by bulk insert, which the save's bookkeeping does not see: the case's version says
            // its invoices changed (conversations keep a case's invoices between turns while it holds).
            CaseVersions.Bump(_db, collectionCase);
        }

        return changes;
    }

    private Creditor CreditorOf(ReceivableRow row, ImportChanges changes)
    {
        if (!_creditors.TryGetValue(row.Creditor, out var creditor))
        {
            creditor = new Creditor(row.Creditor, CreditorKind.FirstParty, _defaultTimeZone, _now);
            _db.Creditors.Add(creditor);
            _creditors.Add(row.Creditor, creditor);
            changes.CreditorsCreated++;
        }

        return creditor;
    }

    private DebtorCompany DebtorOf(ReceivableRow row, Creditor creditor, ImportChanges changes)
    {
        var key = (creditor.Id, row.DebtorReference.ToUpperInvariant());
        if (_debtors.TryGetValue(key, out var debtor))
        {
            debtor.Rename(row.Debtor);
            return debtor;
        }

        debtor = new DebtorCompany(creditor.Id, row.Debtor, row.DebtorReference, _now);
        changes.NewDebtors.Add(debtor);
        _createdDebtors.Add(debtor);
        _debtors.Add(key, debtor);
        return debtor;
    }

    private void UpsertContact(ReceivableRow row, Creditor creditor, DebtorCompany debtor, ImportChanges changes)
    {
        if (row.ContactName is null)
        {
            return;
        }

        var contact = debtor.Contacts.FirstOrDefault(c => row.ContactEmail is not null && string.Equals(c.Email, row.ContactEmail, StringComparison.OrdinalIgnoreCase))
            ?? debtor.Contacts.FirstOrDefault(c => row.ContactPhone is not null && c.PhoneE164 == row.ContactPhone)
            ?? debtor.Contacts.FirstOrDefault(c => string.Equals(c.Name, row.ContactName, StringComparison.OrdinalIgnoreCase));
        if (contact is null)
        {
            // A contact without a time zone of its own is taken to work where the creditor's office is.
            contact = debtor.AddContact(row.ContactName, row.ContactPhone, row.ContactEmail, row.ContactTimeZone ?? creditor.TimeZone, _now);
            _createdContacts.Add(contact);
            changes.ContactsCreated++;
            if (_createdDebtors.Contains(debtor))
            {
                changes.NewContacts.Add(contact);
            }
            else
            {
                // Reachable from a tracked debtor: the tracker must own it, or it would be inserted twice.
                _db.Contacts.Add(contact);
            }

            return;
        }

        if (contact.UpdateDetails(row.ContactName, row.ContactPhone ?? contact.PhoneE164, row.ContactEmail ?? contact.Email, row.ContactTimeZone ?? contact.TimeZone) && !_createdContacts.Contains(contact))
        {
            changes.ContactsUpdated++;
        }
    }
}
