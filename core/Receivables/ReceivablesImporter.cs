using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Core.Receivables;

/// <summary>
/// Loads an AR-aging file into the database, all or nothing. Re-importing updates invoices by
/// (creditor, invoice number) and never duplicates creditors, debtors, contacts, cases or invoices; payments
/// collected here that the creditor's records do not show yet are kept (<see cref="Invoice.ApplyCreditorRecords"/>).
/// </summary>
public sealed class ReceivablesImporter(CollectionsDbContext db, IOptions<ImportOptions> options, TimeProvider clock, ImportGate gate)
{
    // A file that is not UTF-8 is refused rather than stored with replacement characters.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ImportOptions _options = options.Value;

    /// <summary>
    /// Reads, validates and, when the whole file is valid, writes it in one transaction (the caller's, when one is
    /// open, else its own).
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(Stream csv, ImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();

        // Hash while reading so the audit trail can tell which file was loaded.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ParsedReceivables parsed;
        await using (var hashing = new HashingStream(csv, hash))
        using (var reader = new StreamReader(hashing, StrictUtf8, detectEncodingFromByteOrderMarks: true))
        {
            parsed = new ReceivablesParser(_options).Parse(reader);
        }

        var fileHash = Convert.ToHexStringLower(hash.GetHashAndReset());

        // One import writes at a time in this process: two files touching the same creditor would otherwise race
        // to create the same rows. Across instances the unique indexes and versions refuse the loser (409, retry).
        await gate.WaitAsync(cancellationToken);
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var committed = false;
        try
        {
            var outcome = await WriteAsync(parsed, request, fileHash, cancellationToken);
            if (outcome.Succeeded && ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            committed = outcome.Succeeded;
            return outcome.Summary is { } summary ? outcome with { Summary = summary with { ElapsedMilliseconds = stopwatch.ElapsedMilliseconds } } : outcome;
        }
        finally
        {
            if (!committed)
            {
                // Whatever was staged or written belongs to a refused or failed file.
                db.DiscardChanges();
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }

            gate.Release();
        }
    }

    private async Task<ImportOutcome> WriteAsync(ParsedReceivables parsed, ImportRequest request, string fileHash, CancellationToken cancellationToken)
    {
        var errors = parsed.Errors.ToList();
        var creditors = await db.Creditors.ToListAsync(cancellationToken);
        if (request.CreditorScope is { } scope)
        {
            var own = creditors.SingleOrDefault(c => c.Id == scope);
            errors.AddRange(parsed.Rows
                .Where(r => own is null || !string.Equals(r.Creditor, own.Name, StringComparison.OrdinalIgnoreCase))
                .Select(r => new ImportError(r.Line, ReceivablesCsv.Creditor, $"This API key may only import invoices of {own?.Name ?? "its own creditor"}.")));
        }

        if (errors.Count > 0)
        {
            return Refused(errors);
        }

        var now = clock.GetUtcNow();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var portfolio = await ImportPortfolio.LoadAsync(db, creditors, parsed.Rows, _options, now, cancellationToken);
            var changes = portfolio.Apply(parsed.Rows, request.Actor);
            if (changes.Errors.Count > 0)
            {
                return Refused(changes.Errors);
            }

            var summary = changes.Summarize(parsed.Rows.Count);

            // Parents before children: new creditors and every update first, then the new rows in bulk.
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            await db.InsertAsync(changes.NewDebtors, cancellationToken);
            await db.InsertAsync(changes.NewContacts, cancellationToken);
            await db.InsertAsync(changes.NewCases, cancellationToken);
            await db.InsertAsync(changes.NewInvoices, cancellationToken);

            // One entry for the file, one per invoice whose balance the file moved.
            db.Record(new AuditEvent(now, request.Actor, "receivables.imported", "import", fileHash, JsonSerializer.Serialize(new
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
                balancesChanged = changes.BalanceChanges.Count,
            })));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            await db.InsertAsync(changes.BalanceChanges, cancellationToken);
            return new ImportOutcome(summary, [], 0);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private ImportOutcome Refused(List<ImportError> errors)
    {
        var ordered = errors.OrderBy(e => e.Line).ToList();
        return new ImportOutcome(null, ordered.Take(Math.Max(1, _options.MaxReportedErrors)).ToList(), ordered.Count);
    }
}
