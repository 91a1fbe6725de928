using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// How this process writes to a SQLite file. SQLite has one writer at a time: concurrent writers inside one process
/// take turns at an in-process gate rather than sleeping on SQLITE_BUSY and retrying, which keeps turn latency
/// flat under load. Each connection runs with synchronous=NORMAL: in WAL mode the database stays consistent after a
/// crash and commits no longer wait for a disk flush; a power cut may lose the last moments of commits, which is
/// why production runs on PostgreSQL.
/// </summary>
public sealed class SqliteWrites : DbConnectionInterceptor
{
    /// <summary>
    /// The write-ahead log's size, in pages, at which a committing connection copies it back into the file itself.
    /// A host checkpoints in the background well before (<c>SqliteCheckpoints</c> in the bot), so its commits never
    /// wait for a checkpoint and its disk flushes; this only bounds the log for processes without one (the command
    /// line's import) and if the background checkpoint falls behind. 10,000 pages is 40 MiB.
    /// </summary>
    public const int AutoCheckpointPages = 10_000;

    // synchronous=NORMAL: see above. temp_store=MEMORY: SQLite's temporary structures (sorts, statement journals)
    // stay in memory instead of a file opened, written and deleted under /var/tmp, which conversation turns did
    // dozens of times a second.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=10000;";

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate for one database file (keyed by connection string).</summary>
    public static SemaphoreSlim GateFor(string connectionString) => Gates.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));

    /// <summary>Sets up a connection this process opened itself (EF's own connections are set up as they open).</summary>
    public static async Task ConfigureAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ConfigureAsync(connection, cancellationToken);
}
