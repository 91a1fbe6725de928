using System.Diagnostics;
using CollectionsBot.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Hosting;

/// <summary>
/// Copies a SQLite file's write-ahead log back into the file once a second, in the background, on a connection of
/// its own. Left to itself, SQLite makes whichever commit takes the log past its limit do the copy and flush the disk
/// twice before it returns; with commits shared by many conversation turns (<see cref="SqliteGroupCommit"/>), every
/// turn in that commit waited. A passive checkpoint waits for nobody: readers and the writer go on, and what it could
/// not copy this time it copies next time. The connections' own limit (<see cref="SqliteWrites.AutoCheckpointPages"/>)
/// stays as the bound if this falls behind.
/// </summary>
internal sealed partial class SqliteCheckpoints(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SqliteCheckpoints> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
            connectionString = db is SqliteCollectionsDbContext ? db.Database.GetConnectionString() : null;
        }

        if (connectionString is null || new SqliteConnectionStringBuilder(connectionString) is { Mode: SqliteOpenMode.Memory } or { DataSource: "" or ":memory:" })
        {
            return;
        }

        await using var connection = new SqliteConnection(connectionString);
        using var timer = new PeriodicTimer(Every, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (connection.State != System.Data.ConnectionState.Open)
                    {
                        await connection.OpenAsync(stoppingToken);
                    }

                    await CheckpointAsync(connection, stoppingToken);
                }
                catch (SqliteException ex)
                {
                    // Next second, again; SQLite's own limit still bounds the log meanwhile.
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CheckpointAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && logger.IsEnabled(LogLevel.Debug))
        {
            var (logged, copied) = (reader.GetInt64(1), reader.GetInt64(2));
            var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogCheckpoint(logger, copied, logged, milliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite checkpoint: {Copied} of {Logged} logged pages copied into the file in {Milliseconds} ms")]
    private static partial void LogCheckpoint(ILogger logger, long copied, long logged, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite checkpoint failed; trying again in a second")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
