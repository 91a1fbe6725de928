using CollectionsBot.Bot.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace CollectionsBot.Bot.Tests.Hosting;

public sealed class SqliteCheckpointsTests : IAsyncLifetime
{
    private readonly string _path = RunningHost.NewDatabasePath();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection _checkpoints = null!;
    private SqliteConnection _writer = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        // The writer never checkpoints by itself (as the host's commits, well below their own limit), so the log is
        // only ever shortened by the pass under test.
        _writer = await OpenAsync("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE Filler (Data BLOB NOT NULL);");
        _checkpoints = await OpenAsync("");
        await SqliteCheckpoints.PrepareAsync(_checkpoints, Ct);
    }

    [Fact]
    public async Task ShortLog_CopiedWithoutWaitingForTheWriteGate()
    {
        await ExecuteAsync(_writer, "INSERT INTO Filler SELECT randomblob(3000) FROM (SELECT 1 UNION ALL SELECT 2);");
        await _gate.WaitAsync(Ct);

        var (logged, restarted) = await SqliteCheckpoints.PassAsync(_checkpoints, _gate, NullLogger.Instance, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.InRange(logged, 1, SqliteCheckpoints.RestartPages - 1);
        Assert.False(restarted);
        Assert.Equal((logged, logged), await CheckpointAsync("PASSIVE"));
    }

    [Fact]
    public async Task LongLog_RestartedUnderTheWriteGateOnceNoReaderIsOnIt_LeftAloneUntilWritten_AndTheNextCommitWritesFromTheTop()
    {
        var rows = SqliteCheckpoints.RestartPages + 200;
        await ExecuteAsync(_writer, $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) INSERT INTO Filler SELECT randomblob(3000) FROM n;");

        // A reader in the middle of a transaction on the log, and a commit holding the gate.
        await using var reader = await OpenAsync("");
        await ExecuteAsync(reader, "BEGIN");
        Assert.Equal(rows, await ScalarAsync(reader, "SELECT count(*) FROM Filler"));
        await _gate.WaitAsync(Ct);
        var pass = SqliteCheckpoints.PassAsync(_checkpoints, _gate, NullLogger.Instance, Ct);

        // The copy is done, but the restart waits for the gate: no commit can find the log changing under it.
        await Task.Delay(500, Ct);
        Assert.False(pass.IsCompleted);
        _gate.Release();

        // Then it waits a moment for the reader, and leaves the log as it is while the reader stays on it.
        var (logged, restarted) = await pass.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(logged > SqliteCheckpoints.RestartPages, $"{logged} pages logged");
        Assert.False(restarted);
        Assert.Equal(1, _gate.CurrentCount);

        await ExecuteAsync(reader, "COMMIT");

        // With the reader gone, the next pass restarts the log, and the next commit writes from its top.
        var (restartedAt, again) = await SqliteCheckpoints.PassAsync(_checkpoints, _gate, NullLogger.Instance, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(again);

        // Until a commit writes it, the restarted log keeps its length: the passes meanwhile (an idle host) leave it
        // alone, without the gate, which a commit holds here.
        await _gate.WaitAsync(Ct);
        var idle = await SqliteCheckpoints.PassAsync(_checkpoints, _gate, NullLogger.Instance, Ct, restartedAt).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal((restartedAt, true), idle);
        _gate.Release();

        await ExecuteAsync(_writer, "INSERT INTO Filler VALUES (randomblob(100));");
        var (after, _) = await CheckpointAsync("PASSIVE");
        Assert.InRange(after, 1, 10);
        Assert.Equal(rows + 1, await ScalarAsync(_checkpoints, "SELECT count(*) FROM Filler"));
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _checkpoints.DisposeAsync();
        _gate.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    private async Task<SqliteConnection> OpenAsync(string setup)
    {
        var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync(Ct);
        if (setup.Length > 0)
        {
            await ExecuteAsync(connection, setup);
        }

        return connection;
    }

    // The log's length and how much of it is in the file (a passive checkpoint copies, but never restarts the log).
    private async Task<(long Logged, long Copied)> CheckpointAsync(string mode)
    {
        await using var command = _checkpoints.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return (reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
