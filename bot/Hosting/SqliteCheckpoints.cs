using System.Diagnostics;
using CollectionsBot.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Hosting;

/// <summary>
/// Keeps a SQLite file's write-ahead log short, in the background, on a connection of its own, so that no commit
/// ever has to. Left to itself, SQLite makes whichever commit takes the log past its limit copy it back into the file
/// and flush the disk twice before it returns; with commits shared by many conversation turns
/// (<see cref="SqliteGroupCommit"/>), every turn in that commit waited, tens of milliseconds at a time.
/// <list type="bullet">
/// <item>Five times a second a passive checkpoint copies the log into the file. It waits for nobody: readers and the
/// writer go on, and what it could not copy this time it copies next time.</item>
/// <item>Copying alone does not shorten the log. SQLite starts it again from the top only when a commit finds
/// everything copied and no reader still on it, which under steady load almost never happens by itself, so the log
/// would grow to the connections' limit and a commit would do the work after all. Once it holds
/// <see cref="RestartPages"/>, this takes the process's write gate (<see cref="SqliteWrites.GateFor"/>; no commit
/// starts meanwhile), copies the little written since the passive pass (with its two disk flushes, of the log and of
/// the file: 10-30 ms under load here), and leaves the log to start again from the top as soon as no reader holds
/// it, looking again and again, microseconds apart, for at most <see cref="ReaderWait"/>; if readers never let go in
/// that time the log is left for the next pass. (SQLite's own wait for readers sleeps 1, 2, 5, 10 ms... between looks,
/// every commit waiting behind the gate meanwhile.) No turn waits for the bulk of the copy.</item>
/// </list>
/// The connections' own limit (<see cref="SqliteWrites.AutoCheckpointPages"/>) stays as the bound if this falls behind.
/// </summary>
internal sealed partial class SqliteCheckpoints(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SqliteCheckpoints> logger) : BackgroundService
{
    /// <summary>The log's length, in pages, from which it is started again (16 MiB of 4 KiB pages).</summary>
    public const int RestartPages = 4_000;

    /// <summary>How long a restart keeps trying while readers hold the log before it leaves it for next time.</summary>
    public static readonly TimeSpan ReaderWait = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

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

        var gate = SqliteWrites.GateFor(connectionString);
        await using var connection = new SqliteConnection(connectionString);
        using var timer = new PeriodicTimer(Every, clock);
        var restartedAt = -1L;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (connection.State != System.Data.ConnectionState.Open)
                    {
                        await connection.OpenAsync(stoppingToken);
                        await PrepareAsync(connection, stoppingToken);
                    }

                    var (logged, restarted) = await PassAsync(connection, gate, logger, stoppingToken, restartedAt);
                    restartedAt = restarted ? logged : -1;
                }
                catch (SqliteException ex)
                {
                    // Next time, again; SQLite's own limit still bounds the log meanwhile.
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One pass: the passive copy, then, when the log has grown to <see cref="RestartPages"/>, the restart under the
    /// write <paramref name="gate"/>. Returns the log's length the copy found and whether the log was left to start
    /// again from the top. <paramref name="restartedAt"/>: the log's length when the pass before left it to start
    /// again, or -1. A restarted log keeps its length until the next commit writes from its top, so a log still that
    /// long has not been written since: it is left as it is, not restarted again under the gate at every pass while
    /// the host is idle.
    /// </summary>
    internal static async Task<(long Logged, bool Restarted)> PassAsync(SqliteConnection connection, SemaphoreSlim gate, ILogger logger, CancellationToken cancellationToken, long restartedAt = -1)
    {
        var (logged, _) = await CheckpointAsync(connection, "PASSIVE", logger, cancellationToken);
        if (logged < RestartPages || logged == restartedAt)
        {
            return (logged, logged == restartedAt);
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            // The first attempt copies what was written since the passive pass; the others only look for a moment
            // with no reader on the log, a few microseconds each.
            var started = Stopwatch.GetTimestamp();
            for (var attempt = 1; ; attempt++)
            {
                var (_, busy) = await CheckpointAsync(connection, "RESTART", logger, cancellationToken);
                var waited = Stopwatch.GetElapsedTime(started);
                if (!busy || waited >= ReaderWait)
                {
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        LogRestart(logger, !busy, attempt, (long)waited.TotalMicroseconds);
                    }

                    return (logged, !busy);
                }

                Thread.SpinWait(200);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    // Returns the log's length in pages (-1 when SQLite could not tell: another checkpoint was running) and whether
    // the checkpoint could not do all it was asked.
    private static async Task<(long Logged, bool Busy)> CheckpointAsync(SqliteConnection connection, string mode, ILogger logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (-1, true);
        }

        var (busy, logged, copied) = (reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogCheckpoint(logger, mode, copied, logged, busy, milliseconds);
        }

        return (logged, busy);
    }

    /// <summary>
    /// Sets up the checkpoints' own connection: SQLite answers "busy" at once instead of sleeping (a restart tries
    /// again itself, for at most <see cref="ReaderWait"/>).
    /// </summary>
    internal static async Task PrepareAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=0";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite checkpoint ({Mode}): {Copied} of {Logged} logged pages copied into the file in {Milliseconds} ms (busy: {Busy})")]
    private static partial void LogCheckpoint(ILogger logger, string mode, long copied, long logged, bool busy, long milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite log restart: {Restarted} after {Attempts} attempts in {Microseconds} us under the write gate")]
    private static partial void LogRestart(ILogger logger, bool restarted, int attempts, long microseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite checkpoint failed; trying again shortly")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
