using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// Group commit for one SQLite file: saves that arrive while another is being written join one transaction on one
/// writer connection, each under its own savepoint, and the file commits once for all of them.
/// </summary>
/// <remarks>
/// <para>
/// SQLite writes one transaction at a time, and each commit costs the same whatever it holds: the write lock taken
/// and given back, every page it changed appended to the write-ahead log. Conversation turns each write a handful of
/// rows to the same few pages (the ends of the messages and audit tables and their indexes), so a commit for every
/// turn wrote those pages again for every turn, and every connection that had not written last read them again
/// from the file. One writer connection keeps them in its page cache; one commit for the turns that are waiting
/// writes them once.
/// </para>
/// <para>
/// How a save goes: it queues its write; whichever save finds nobody leading becomes the leader, takes the file's
/// write gate (<see cref="SqliteWrites.GateFor"/>), opens a transaction on the writer connection and runs the queued
/// writes one after another (the leader's own and those that arrive meanwhile, up to <see cref="MaxBatch"/>), each
/// given the transaction; a write that needs EF's own commands (its update pipeline, a bulk update) has its unit of work
/// lent the writer connection and the transaction for the write only. A write that fails is
/// rolled back to its savepoint alone and its save gets the error; the others go on. After the commit every save in
/// the batch learns its outcome, and only then does its unit of work accept its changes, so a failed commit leaves
/// every change pending and the caller can run it again. A save's unit of work is used by the leader only while the
/// save waits for it, so no unit of work is ever used by two threads at once.
/// </para>
/// </remarks>
public sealed class SqliteGroupCommit
{
    /// <summary>The most saves one transaction takes before it commits (the rest lead the next one).</summary>
    public const int MaxBatch = 32;

    private readonly Func<CancellationToken, Task<SqliteConnection>> _openWriter;
    private readonly SemaphoreSlim _gate;
    private readonly ConcurrentQueue<Write> _queue = new();
    private SqliteConnection? _writer;
    private Savepoints? _savepoints;
    private int _leading;
    private long _batches;
    private long _saves;
    private long _writerTicks;
    private long _commitTicks;

    /// <summary>Creates the group commit for the file <paramref name="connectionString"/> names.</summary>
    /// <param name="connectionString">The file's connection string (the key of its write gate).</param>
    /// <param name="openWriter">Opens the writer connection, set up as the product's connections are.</param>
    public SqliteGroupCommit(string connectionString, Func<CancellationToken, Task<SqliteConnection>> openWriter)
    {
        _gate = SqliteWrites.GateFor(connectionString);
        _openWriter = openWriter;
    }

    /// <summary>Transactions committed (for benchmarks and tests).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Saves written in them (for benchmarks and tests).</summary>
    public long Saves => Interlocked.Read(ref _saves);

    /// <summary>How long the writer has been busy (holding the file's write gate for a batch), for benchmarks.</summary>
    public TimeSpan WriterTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _writerTicks));

    /// <summary>How much of <see cref="WriterTime"/> went into committing (the log's pages written), for benchmarks.</summary>
    public TimeSpan CommitTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks));

    /// <summary>Saves queued and not yet taken into a transaction (for tests).</summary>
    public int Queued => _queue.Count;

    /// <summary>
    /// Runs <paramref name="write"/> for <paramref name="context"/> inside the next group transaction, on the writer
    /// connection, and returns its result once that transaction has committed. The write must only write: it runs in
    /// a transaction that is not its own, and its unit of work must not accept its changes before this returns. It
    /// writes through <see cref="GroupWrite.Transaction"/>, or calls <see cref="GroupWrite.EnlistAsync"/> first to
    /// write through its unit of work.
    /// </summary>
    /// <remarks>
    /// Not cancellable once queued: the leader may be running the write on the caller's unit of work, which the
    /// caller must not touch until then. Writes are short; the transaction's statements take no token either.
    /// </remarks>
    public async Task<int> SaveAsync(DbContext context, Func<GroupWrite, Task<int>> write)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(write);
        var request = new Write(context, write);
        _queue.Enqueue(request);

        // Whoever finds nobody leading leads. A leader stepping down looks once more, so a save queued just before
        // it stepped down (whose own attempt to lead found it still leading) is not left waiting.
        while (Interlocked.CompareExchange(ref _leading, 1, 0) == 0)
        {
            try
            {
                await LeadAsync().ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref _leading, 0);
            }

            if (_queue.IsEmpty)
            {
                break;
            }
        }

        return await request.Outcome.Task.ConfigureAwait(false);
    }

    private async Task LeadAsync()
    {
        var batch = new List<Write>(4);
        Exception? failed = null;
        await _gate.WaitAsync().ConfigureAwait(false);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            SqliteTransaction? transaction = null;
            Savepoints? savepoints = null;
            try
            {
                while (batch.Count < MaxBatch && _queue.TryDequeue(out var request))
                {
                    // In the batch before anything can fail, so its save always hears the outcome.
                    batch.Add(request);
                    if (transaction is null)
                    {
                        var writer = await WriterAsync().ConfigureAwait(false);
                        transaction = (SqliteTransaction)await writer.BeginTransactionAsync().ConfigureAwait(false);
                        savepoints = SavepointsFor(transaction);
                    }

                    await request.RunAsync(transaction, savepoints!).ConfigureAwait(false);
                }

                if (transaction is not null)
                {
                    var committing = System.Diagnostics.Stopwatch.GetTimestamp();
                    await transaction.CommitAsync().ConfigureAwait(false);
                    Interlocked.Add(ref _commitTicks, System.Diagnostics.Stopwatch.GetTimestamp() - committing);
                }
            }
            catch (Exception ex)
            {
                // The transaction itself failed (it could not begin or commit): nothing in it is saved.
                failed = ex;
            }
            finally
            {
                if (transaction is not null)
                {
                    await transaction.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Interlocked.Add(ref _writerTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
            _gate.Release();
        }

        if (batch.Count > 0 && failed is null)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _saves, batch.Count);
        }

        foreach (var request in batch)
        {
            request.Complete(failed);
        }
    }

    // The writer's savepoint statements for a new transaction, kept for as long as the writer connection (only the
    // leader uses them).
    private Savepoints SavepointsFor(SqliteTransaction transaction)
    {
        var connection = transaction.Connection!;
        if (_savepoints is null || _savepoints.Connection != connection)
        {
            // A new writer connection (the last one closed, and its statements with it).
            _savepoints = new Savepoints(connection);
        }

        _savepoints.Use(transaction);
        return _savepoints;
    }

    private async Task<SqliteConnection> WriterAsync()
    {
        if (_writer is { State: ConnectionState.Open } open)
        {
            return open;
        }

        _writer = await _openWriter(CancellationToken.None).ConfigureAwait(false);
        return _writer;
    }

    /// <summary>
    /// The statements that open and release each save's savepoint, prepared once on the writer connection:
    /// <see cref="SqliteTransaction.Save"/> and <see cref="SqliteTransaction.Release"/> compile theirs anew every time,
    /// twice a save, while the writer is held.
    /// </summary>
    private sealed class Savepoints
    {
        public const string Name = "save";

        private readonly SqliteCommand _save;
        private readonly SqliteCommand _release;

        public Savepoints(SqliteConnection connection)
        {
            Connection = connection;
            _save = Prepared(connection, $"SAVEPOINT \"{Name}\"");
            _release = Prepared(connection, $"RELEASE \"{Name}\"");
        }

        public SqliteConnection Connection { get; }

        public void Use(SqliteTransaction transaction) => (_save.Transaction, _release.Transaction) = (transaction, transaction);

        public void Save() => _save.ExecuteNonQuery();

        public void Release() => _release.ExecuteNonQuery();

        private static SqliteCommand Prepared(SqliteConnection connection, string text)
        {
            var command = connection.CreateCommand();
            command.CommandText = text;
            command.Prepare();
            return command;
        }
    }

    /// <summary>One save waiting for the group transaction.</summary>
    private sealed class Write(DbContext context, Func<GroupWrite, Task<int>> write)
    {
        private int _count;
        private Exception? _error;

        public TaskCompletionSource<int> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Runs the write on the writer connection under its own savepoint, keeping its result or error.</summary>
        public async Task RunAsync(SqliteTransaction transaction, Savepoints savepoints)
        {
            savepoints.Save();
            try
            {
                var lent = new GroupWrite(context, transaction);
                try
                {
                    _count = await write(lent).ConfigureAwait(false);
                }
                finally
                {
                    await lent.ReturnAsync().ConfigureAwait(false);
                }

                savepoints.Release();
            }
            catch (Exception ex)
            {
                _error = ex;
                await transaction.RollbackAsync(Savepoints.Name).ConfigureAwait(false);
                savepoints.Release();
            }
        }

        /// <summary>Tells the waiting save how it went: its own error, the transaction's, or its result.</summary>
        public void Complete(Exception? transactionFailed)
        {
            if (_error is not null)
            {
                Outcome.TrySetException(_error);
            }
            else if (transactionFailed is not null)
            {
                Outcome.TrySetException(new DbUpdateException($"The group transaction failed: {transactionFailed.Message}", transactionFailed));
            }
            else
            {
                Outcome.TrySetResult(_count);
            }
        }
    }
}

/// <summary>
/// A save's turn on the group's writer: the transaction to write in and, when the write needs EF's own commands, its
/// unit of work lent the writer connection and the transaction until the write returns.
/// </summary>
public sealed class GroupWrite
{
    private readonly DbContext _context;
    private DbConnection? _own;

    internal GroupWrite(DbContext context, SqliteTransaction transaction)
    {
        _context = context;
        Transaction = transaction;
    }

    /// <summary>The group transaction, on the writer connection.</summary>
    public SqliteTransaction Transaction { get; }

    /// <summary>Lends the save's unit of work the writer connection and the transaction, so EF's commands run in it.</summary>
    public async Task EnlistAsync()
    {
        if (_own is not null)
        {
            return;
        }

        var database = _context.Database;
        _own = database.GetDbConnection();
        database.SetDbConnection(Transaction.Connection, contextOwnsConnection: false);
        await database.UseTransactionAsync(Transaction).ConfigureAwait(false);
    }

    // Gives the unit of work its own connection back, if it was lent the writer's.
    internal async Task ReturnAsync()
    {
        if (_own is null)
        {
            return;
        }

        var database = _context.Database;
        await database.UseTransactionAsync(null).ConfigureAwait(false);
        database.SetDbConnection(_own, contextOwnsConnection: false);
        _own = null;
    }
}
