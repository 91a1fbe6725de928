using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CollectionsBot.Core.Receivables;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// Receivables import of a generated portfolio into a fresh SQLite file. Parsing alone is the baseline, so the
/// ratio column shows what the database side costs on the same machine in the same run.
/// Each iteration is one whole import (Monitoring strategy): the figure is wall time for the file.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "collectionsbot-bench");
    private byte[] _csv = [];
    private ImportDatabase? _database;

    /// <summary>Invoice rows in the file.</summary>
    [Params(100_000)]
    public int Invoices { get; set; }

    /// <summary>Generates the file once.</summary>
    [GlobalSetup]
    public void Generate() => _csv = PortfolioGenerator.Generate(Invoices);

    /// <summary>A new empty database for each import.</summary>
    [IterationSetup(Target = nameof(ImportIntoEmptyDatabase))]
    public void EmptyDatabase() => _database = ImportDatabase.CreateAsync(_folder).GetAwaiter().GetResult();

    /// <summary>A database that already holds the file.</summary>
    [IterationSetup(Target = nameof(ReimportUnchangedFile))]
    public void LoadedDatabase()
    {
        _database = ImportDatabase.CreateAsync(_folder).GetAwaiter().GetResult();
        _database.ImportAsync(_csv).GetAwaiter().GetResult();
    }

    /// <summary>Deletes the iteration's database.</summary>
    [IterationCleanup]
    public void DeleteDatabase()
    {
        _database?.Delete();
        _database = null;
    }

    /// <summary>Read and validate every row, no database.</summary>
    [Benchmark(Baseline = true)]
    public int ParseAndValidate()
    {
        using var reader = new StreamReader(new MemoryStream(_csv));
        var parsed = new ReceivablesParser(new ImportOptions()).Parse(reader);
        return parsed.Errors.Count == 0 ? parsed.Rows.Count : throw new InvalidOperationException(parsed.Errors[0].ToString());
    }

    /// <summary>The whole import into an empty database: what a creditor's first upload costs.</summary>
    [Benchmark]
    public async Task<int> ImportIntoEmptyDatabase() => (await _database!.ImportAsync(_csv)).Summary!.Created;

    /// <summary>The same file again: every row matched and found unchanged.</summary>
    [Benchmark]
    public async Task<int> ReimportUnchangedFile() => (await _database!.ImportAsync(_csv)).Summary!.Unchanged;
}
