using System.Diagnostics;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Receivables;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// A single timed pass, phase by phase (generate, parse and validate, import into an empty SQLite file, re-import
/// unchanged), for a quick look before running the full BenchmarkDotNet suite.
/// </summary>
public static class ImportTiming
{
    /// <summary>Runs the pass and prints one line per phase.</summary>
    public static async Task RunAsync(int invoices, string workFolder)
    {
        Directory.CreateDirectory(workFolder);
        var stopwatch = Stopwatch.StartNew();
        var csv = PortfolioGenerator.Generate(invoices);
        Console.WriteLine($"generate   {invoices,8} rows {stopwatch.ElapsedMilliseconds,7} ms ({csv.Length / 1024 / 1024} MiB)");

        stopwatch.Restart();
        using (var reader = new StreamReader(new MemoryStream(csv)))
        {
            var parsed = new ReceivablesParser(new ImportOptions()).Parse(reader);
            Console.WriteLine($"parse      {parsed.Rows.Count,8} rows {stopwatch.ElapsedMilliseconds,7} ms ({parsed.Errors.Count} errors)");
        }

        var database = await ImportDatabase.CreateAsync(workFolder);
        try
        {
            foreach (var pass in new[] { "import", "re-import" })
            {
                stopwatch.Restart();
                var outcome = await database.ImportAsync(csv);
                Console.WriteLine($"{pass,-10} {outcome.Summary?.Rows,8} rows {stopwatch.ElapsedMilliseconds,7} ms (created {outcome.Summary?.Created}, unchanged {outcome.Summary?.Unchanged})");
            }
        }
        finally
        {
            database.Delete();
        }
    }
}

/// <summary>A migrated SQLite file for import runs.</summary>
public sealed class ImportDatabase
{
    private static readonly ImportGate Gate = new();

    private ImportDatabase(string path)
    {
        Path = path;
        ConnectionString = PersistenceServiceCollectionExtensions.PrepareSqlite($"Data Source={path}");
    }

    /// <summary>File path.</summary>
    public string Path { get; }

    /// <summary>Connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates and migrates a new file in <paramref name="folder"/>.</summary>
    public static async Task<ImportDatabase> CreateAsync(string folder)
    {
        var database = new ImportDatabase(System.IO.Path.Combine(folder, $"import-{Guid.NewGuid():N}.db"));
        await using var db = database.NewContext();
        await new DatabaseInitializer(db, NullLogger<DatabaseInitializer>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    /// <summary>Imports one file; throws when the file is refused, since a benchmark must measure real work.</summary>
    public async Task<ImportOutcome> ImportAsync(byte[] csv)
    {
        await using var db = NewContext();
        var importer = new ReceivablesImporter(db, Options.Create(new ImportOptions()), TimeProvider.System, Gate);
        var outcome = await importer.ImportAsync(new MemoryStream(csv), new ImportRequest("benchmark"), CancellationToken.None);
        return outcome.Succeeded ? outcome : throw new InvalidOperationException($"The generated file was refused: {outcome.Errors[0]}");
    }

    /// <summary>
    /// Up to <paramref name="count"/> contacts with a phone, one per number, with what verifies them ("name, account
    /// reference"): the debtors the load runs play.
    /// </summary>
    public async Task<List<(string Phone, string Verify)>> PeopleAsync(int count) =>
        [.. (await ContactsAsync(count)).Select(c => (c.Phone, c.Verify))];

    /// <summary>
    /// Up to <paramref name="count"/> contacts with a phone, one per number, ordered by number: who they are, their
    /// debtor and what verifies them.
    /// </summary>
    public async Task<List<LoadContact>> ContactsAsync(int count)
    {
        await using var db = NewContext();
        var rows = await db.Contacts.Where(c => c.PhoneE164 != null)
            .Join(db.Debtors, c => c.DebtorId, d => d.Id, (c, d) => new { c.PhoneE164, ContactId = c.Id, DebtorId = d.Id, d.Name, d.Reference })
            .OrderBy(r => r.PhoneE164).Take(count).ToListAsync();
        return [.. rows.GroupBy(r => r.PhoneE164).Select(g => g.First()).Select(r => new LoadContact(r.PhoneE164!, r.ContactId, r.DebtorId, $"{r.Name}, account {r.Reference}"))];
    }

    /// <summary>Removes the file.</summary>
    public void Delete()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }

    /// <summary>A context on the file.</summary>
    public SqliteCollectionsDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SqliteCollectionsDbContext>().UseSqlite(ConnectionString).Options);
}

/// <summary>A debtor's contact a load run writes as.</summary>
/// <param name="Phone">The contact's number (E.164).</param>
/// <param name="ContactId">The contact.</param>
/// <param name="DebtorId">The debtor company.</param>
/// <param name="Verify">What verifies them to the bot: "name, account reference".</param>
public sealed record LoadContact(string Phone, Guid ContactId, Guid DebtorId, string Verify);
