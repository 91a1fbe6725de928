using System.Text;
using CollectionsBot.Core.Receivables;
using CollectionsBot.Core.Tests.Persistence;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CollectionsBot.Core.Tests.Receivables;

internal static class ImportHarness
{
    private static readonly ImportGate Gate = new();

    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public static string Sample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "receivables.csv"));

    public static Task<ImportOutcome> ImportAsync(SqliteTestDatabase database, string csv, ImportRequest? request = null) =>
        ImportBytesAsync(database, Encoding.UTF8.GetBytes(csv), request);

    public static async Task<ImportOutcome> ImportBytesAsync(SqliteTestDatabase database, byte[] csv, ImportRequest? request = null)
    {
        await using var db = database.NewContext();
        var importer = new ReceivablesImporter(db, Options.Create(new ImportOptions()), Clock, Gate);
        await using var stream = new MemoryStream(csv);
        return await importer.ImportAsync(stream, request ?? new ImportRequest("test"), TestContext.Current.CancellationToken);
    }
}
