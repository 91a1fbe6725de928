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
    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

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
