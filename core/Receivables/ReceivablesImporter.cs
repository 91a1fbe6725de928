using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Core.Receivables;

/// <summary>What an accepted import did.</summary>
/// <param name="Rows">Invoice rows in the file.</param>
/// <param name="Created">Invoices that did not exist before.</param>
/// <param name="Updated">Existing invoices whose dates or amounts changed.</param>
/// <param name="Unchanged">Existing invoices the file repeated as they were.</param>
/// <param name="CreditorsCreated">Creditors first seen in this file.</param>
/// <param name="DebtorsCreated">Debtor companies first seen.</param>
/// <param name="ContactsCreated">Contacts first seen.</param>
/// <param name="ContactsUpdated">Contacts whose details changed.</param>
/// <param name="ElapsedMilliseconds">Wall time of the import.</param>
public sealed record ImportSummary(
    int Rows,
    int Created,
    int Updated,
    int Unchanged,
    int CreditorsCreated,
    int DebtorsCreated,
    int ContactsCreated,
    int ContactsUpdated,
    long ElapsedMilliseconds);

/// <summary>An import's outcome: a summary, or the errors that made the whole file be refused.</summary>
public sealed record ImportOutcome(ImportSummary? Summary, IReadOnlyList<ImportError> Errors, int ErrorCount)
{
    /// <summary>True when the file was written.</summary>
    public bool Succeeded => Summary is not null;
}

/// <summary>Who imports, and what they may touch.</summary>
/// <param name="Actor">Recorded in the audit trail: "api:admin", "cli".</param>
/// <param name="CreditorScope">When set, every row must belong to this creditor (a creditor's own API key).</param>
public sealed record ImportRequest(string Actor, Guid? CreditorScope = null);

/// <summary>
/// Loads an AR-aging file into the database, all or nothing. Re-importing updates invoices by
/// (creditor, invoice number) and never duplicates creditors, debtors, contacts, cases or invoices.
/// </summary>
public sealed class ReceivablesImporter(CollectionsDbContext db, IOptions<ImportOptions> options, TimeProvider clock, ImportGate gate)
{
    private readonly ImportOptions _options = options.Value;

    /// <summary>Reads, validates and, when the whole file is valid, writes it in one transaction.</summary>
    public async Task<ImportOutcome> ImportAsync(Stream csv, ImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();

        // Hash while reading so the audit trail can tell which file was loaded.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ParsedReceivables parsed;
        await using (var hashing = new HashingStream(csv, hash))
        using (var reader = new StreamReader(hashing, detectEncodingFromByteOrderMarks: true))
        {
            parsed = new ReceivablesParser(_options).Parse(reader);
        }

        // One import writes at a time in this process: two files touching the same creditor would otherwise race
        // to create the same rows. Across instances the unique indexes still refuse duplicates (the caller retries).
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await ValidateAndApplyAsync(parsed, request, hash, stopwatch, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ImportOutcome> ValidateAndApplyAsync(ParsedReceivables parsed, ImportRequest request, IncrementalHash hash, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var errors = parsed.Errors.ToList();
        var creditors = await db.Creditors.ToListAsync(cancellationToken);
        var byName = creditors.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        if (request.CreditorScope is { } scope)
        {
            var own = creditors.SingleOrDefault(c => c.Id == scope);
            errors.AddRange(parsed.Rows
                .Where(r => own is null || !string.Equals(r.Creditor, own.Name, StringComparison.OrdinalIgnoreCase))
                .Select(r => new ImportError(r.Line, ReceivablesCsv.Creditor, $"This API key may only import invoices of {own?.Name ?? "its own creditor"}.")));
        }

        if (errors.Count > 0)
        {
            var ordered = errors.OrderBy(e => e.Line).ToList();
            return new ImportOutcome(null, ordered.Take(Math.Max(1, _options.MaxReportedErrors)).ToList(), ordered.Count);
        }

        var fileHash = Convert.ToHexStringLower(hash.GetHashAndReset());
        var summary = await ApplyAsync(parsed.Rows, byName, request, fileHash, stopwatch, cancellationToken);
        return new ImportOutcome(summary, [], 0);
    }

    private async Task<ImportSummary> ApplyAsync(
        IReadOnlyList<ReceivableRow> rows,
        Dictionary<string, Creditor> creditorsByName,
        ImportRequest request,
        string fileHash,
        Stopwatch stopwatch,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var counts = new Counts();
        var created = new NewRows();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var name in rows.Select(r => r.Creditor).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!creditorsByName.ContainsKey(name))
                {
                    var creditor = new Creditor(name, CreditorKind.FirstParty, _options.DefaultCreditorTimeZone, now);
                    db.Creditors.Add(creditor);
                    creditorsByName.Add(name, creditor);
                    counts.CreditorsCreated++;
                }
            }

            // Existing rows are loaded tracked, so updates go through the change tracker; new rows are
            // bulk-inserted untracked (the tracker would take most of a 100,000-row import).
            var creditorIds = rows.Select(r => creditorsByName[r.Creditor].Id).Distinct().ToList();
            var debtors = (await db.Debtors.Include(d => d.Contacts).Where(d => creditorIds.Contains(d.CreditorId)).ToListAsync(cancellationToken))
                .ToDictionary(d => (d.CreditorId, d.Reference.ToUpperInvariant()));
            var cases = (await db.Cases.Where(c => creditorIds.Contains(c.CreditorId)).ToListAsync(cancellationToken))
                .ToDictionary(c => c.DebtorId);
            var invoices = (await db.Invoices.Where(i => creditorIds.Contains(i.CreditorId)).ToListAsync(cancellationToken))
                .ToDictionary(i => (i.CreditorId, i.Number));
            var touchedCases = new HashSet<CollectionCase>();
            var balanceChanges = new List<object>();

            foreach (var row in rows)
            {
                var creditor = creditorsByName[row.Creditor];
                var debtor = FindOrCreateDebtor(row, creditor, debtors, counts, created, now);
                UpsertContact(row, creditor, debtor, counts, created, now);
                if (!cases.TryGetValue(debtor.Id, out var collectionCase))
                {
                    collectionCase = new CollectionCase(debtor, now);
                    created.Cases.Add(collectionCase);
                    cases.Add(debtor.Id, collectionCase);
                }

                var currency = Currency.Find(row.Currency);
                var amount = new Money(row.Amount, currency);
                var balance = new Money(row.Balance, currency);
                if (invoices.TryGetValue((creditor.Id, row.InvoiceNumber), out var invoice))
                {
                    var oldBalance = invoice.Balance;
                    if (invoice.UpdateTerms(row.IssueDate, row.DueDate, amount, balance))
                    {
                        counts.Updated++;
                        db.Entry(invoice).State = EntityState.Modified;
                        touchedCases.Add(collectionCase);
                        if (oldBalance != invoice.Balance)
                        {
                            balanceChanges.Add(new { invoice = invoice.Number, from = oldBalance, to = invoice.Balance, currency = invoice.CurrencyCode });
                        }
                    }
                    else
                    {
                        counts.Unchanged++;
                    }
                }
                else
                {
                    invoice = new Invoice(collectionCase, row.InvoiceNumber, row.IssueDate, row.DueDate, amount, balance, now);
                    created.Invoices.Add(invoice);
                    invoices.Add((creditor.Id, invoice.Number), invoice);
                    touchedCases.Add(collectionCase);
                    counts.Created++;
                }
            }

            ReconcileCases(touchedCases, invoices.Values, now);

            var summary = counts.ToSummary(rows.Count, stopwatch.ElapsedMilliseconds);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Parents before children: creditors and updates first, then the new debtors, contacts, cases, invoices.
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            await db.InsertAsync(created.Debtors, cancellationToken);
            await db.InsertAsync(created.Contacts, cancellationToken);
            await db.InsertAsync(created.Cases, cancellationToken);
            await db.InsertAsync(created.Invoices, cancellationToken);

            db.AuditEvents.Add(new AuditEvent(now, request.Actor, "receivables.imported", "import", fileHash, JsonSerializer.Serialize(new
            {
                sha256 = fileHash,
                summary.Rows,
                summary.Created,
                summary.Updated,
                summary.Unchanged,
                summary.CreditorsCreated,
                summary.DebtorsCreated,
                summary.ContactsCreated,
                summary.ContactsUpdated,
                balanceChanges,
            })));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return summary with { ElapsedMilliseconds = stopwatch.ElapsedMilliseconds };
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private static DebtorCompany FindOrCreateDebtor(ReceivableRow row, Creditor creditor, Dictionary<(Guid, string), DebtorCompany> debtors, Counts counts, NewRows created, DateTimeOffset now)
    {
        var key = (creditor.Id, row.DebtorReference.ToUpperInvariant());
        if (debtors.TryGetValue(key, out var debtor))
        {
            debtor.Rename(row.Debtor);
            return debtor;
        }

        debtor = new DebtorCompany(creditor.Id, row.Debtor, row.DebtorReference, now);
        created.Debtors.Add(debtor);
        debtors.Add(key, debtor);
        counts.DebtorsCreated++;
        return debtor;
    }

    private void UpsertContact(ReceivableRow row, Creditor creditor, DebtorCompany debtor, Counts counts, NewRows created, DateTimeOffset now)
    {
        if (row.ContactName is null)
        {
            return;
        }

        var zone = row.ContactTimeZone ?? creditor.TimeZone;
        var contact = debtor.Contacts.FirstOrDefault(c => row.ContactEmail is not null && string.Equals(c.Email, row.ContactEmail, StringComparison.OrdinalIgnoreCase))
            ?? debtor.Contacts.FirstOrDefault(c => row.ContactPhone is not null && c.PhoneE164 == row.ContactPhone)
            ?? debtor.Contacts.FirstOrDefault(c => string.Equals(c.Name, row.ContactName, StringComparison.OrdinalIgnoreCase));
        if (contact is null)
        {
            contact = debtor.AddContact(row.ContactName, row.ContactPhone, row.ContactEmail, zone, now);
            counts.ContactsCreated++;
            if (db.Entry(debtor).State == EntityState.Detached)
            {
                created.Contacts.Add(contact);
            }
            else
            {
                // Reachable from a tracked debtor: the tracker must own it, or it would be inserted twice.
                db.Contacts.Add(contact);
            }
        }
        else if (contact.UpdateDetails(row.ContactName, row.ContactPhone ?? contact.PhoneE164, row.ContactEmail ?? contact.Email, row.ContactTimeZone ?? contact.TimeZone)
            && db.Entry(contact).State == EntityState.Unchanged)
        {
            counts.ContactsUpdated++;
        }
    }

    private static void ReconcileCases(HashSet<CollectionCase> cases, IEnumerable<Invoice> invoices, DateTimeOffset now)
    {
        if (cases.Count == 0)
        {
            return;
        }

        var byCase = invoices.ToLookup(i => i.CaseId);
        foreach (var collectionCase in cases)
        {
            collectionCase.Reconcile(byCase[collectionCase.Id], now);
        }
    }

    private sealed class NewRows
    {
        public List<DebtorCompany> Debtors { get; } = [];

        public List<Contact> Contacts { get; } = [];

        public List<CollectionCase> Cases { get; } = [];

        public List<Invoice> Invoices { get; } = [];
    }

    private sealed class Counts
    {
        public int Created { get; set; }

        public int Updated { get; set; }

        public int Unchanged { get; set; }

        public int CreditorsCreated { get; set; }

        public int DebtorsCreated { get; set; }

        public int ContactsCreated { get; set; }

        public int ContactsUpdated { get; set; }

        public ImportSummary ToSummary(int rows, long elapsed) =>
            new(rows, Created, Updated, Unchanged, CreditorsCreated, DebtorsCreated, ContactsCreated, ContactsUpdated, elapsed);
    }
}
