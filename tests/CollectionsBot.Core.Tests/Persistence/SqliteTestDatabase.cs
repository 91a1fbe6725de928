using CollectionsBot.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CollectionsBot.Core.Tests.Persistence;

/// <summary>A real SQLite file in the temp folder, migrated like production, deleted afterwards.</summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
{
    private SqliteTestDatabase(string path)
    {
        FilePath = path;
        ConnectionString = PersistenceServiceCollectionExtensions.PrepareSqlite($"Data Source={path}");
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var database = new SqliteTestDatabase(Path.Combine(Path.GetTempPath(), "collectionsbot-tests", $"{Guid.NewGuid():N}.db"));
        await using var db = database.NewContext();
        await new DatabaseInitializer(db, NullLogger<DatabaseInitializer>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        return database;
    }

    public SqliteCollectionsDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SqliteCollectionsDbContext>().UseSqlite(ConnectionString).Options);

    public async Task<Dictionary<string, int>> CountRowsAsync()
    {
        await using var db = NewContext();
        var ct = TestContext.Current.CancellationToken;
        return new Dictionary<string, int>
        {
            ["creditors"] = await db.Creditors.CountAsync(ct),
            ["debtors"] = await db.Debtors.CountAsync(ct),
            ["contacts"] = await db.Contacts.CountAsync(ct),
            ["cases"] = await db.Cases.CountAsync(ct),
            ["invoices"] = await db.Invoices.CountAsync(ct),
            ["audit"] = await db.AuditEvents.CountAsync(ct),
        };
    }

    public ValueTask DisposeAsync()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(FilePath + suffix);
        }

        return ValueTask.CompletedTask;
    }
}
