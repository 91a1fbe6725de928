using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Core.Persistence;

/// <summary>Brings the database to the current schema at start.</summary>
public sealed partial class DatabaseInitializer(CollectionsDbContext db, ILogger<DatabaseInitializer> logger)
{
    /// <summary>Applies pending migrations; on SQLite also switches the file to write-ahead logging.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            LogApplying(logger, pending.Count, pending);
        }

        await db.Database.MigrateAsync(cancellationToken);

        if (db.Database.IsSqlite())
        {
            // WAL lets readers (desk, dashboards) work while a turn or an import writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            LogReady(logger, "SQLite", connection.DataSource);
        }
        else
        {
            var database = db.Database.GetDbConnection().Database;
            LogReady(logger, "PostgreSQL", database);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} database migration(s): {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, IReadOnlyList<string> migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider} database ready: {Database}")]
    private static partial void LogReady(ILogger logger, string provider, string database);
}
