using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// Keeps SQLite's compiled statements between executions. Microsoft.Data.Sqlite keeps a command's compiled
/// statements only while the same command object runs again on an open connection, and EF makes a new command for
/// every execution, so each one compiled its SQL anew: a sixth of a conversation turn's CPU went to compiling the
/// same dozen statements. This interceptor runs each EF command through a command object it keeps per connection
/// and SQL text, with EF's own parameter objects, and hands EF that command's reader or result. Statements live
/// as long as their connection stays open, which is why units of work hold one open connection for their whole life
/// (<see cref="HoldAsync"/>); the connections it opened are closed when the host's services are disposed.
/// </summary>
public sealed class SqliteStatements : DbCommandInterceptor, IAsyncDisposable
{
    // Per connection, a bound on kept statements: past it the idle ones are dropped (rare: the product runs a few
    // dozen distinct statements).
    private const int PerConnection = 256;

    /// <summary>The most connections held open at once (a unit of work the pool discards keeps its connection until the host stops).</summary>
    public const int MaxHeld = 64;

    private static readonly ConditionalWeakTable<SqliteConnection, StatementSet> Sets = [];
    private readonly ConcurrentDictionary<SqliteConnection, byte> _held = new();
    private long _reused;
    private bool _disposed;
    private SqliteGroupCommit? _group;

    /// <summary>Executions that ran a statement compiled before (for benchmarks and tests).</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>Connections held open now.</summary>
    public int Held => _held.Count;

    /// <summary>
    /// Page cache hits, misses and pages written, summed over the connections held now (for benchmarks: SQLite
    /// counts them per connection, in <c>sqlite3_db_status</c>).
    /// </summary>
    public (long Hits, long Misses, long Writes) PageCache()
    {
        long hits = 0, misses = 0, writes = 0;
        foreach (var connection in _held.Keys)
        {
            if (connection.Handle is not { } handle)
            {
                continue;
            }

            SQLitePCL.raw.sqlite3_db_status(handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_HIT, out var hit, out _, 0);
            SQLitePCL.raw.sqlite3_db_status(handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_MISS, out var miss, out _, 0);
            SQLitePCL.raw.sqlite3_db_status(handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out var write, out _, 0);
            (hits, misses, writes) = (hits + hit, misses + miss, writes + write);
        }

        return (hits, misses, writes);
    }

    /// <summary>The group transaction of this instance's saves, once a save has joined one (for benchmarks and tests).</summary>
    public SqliteGroupCommit? Group => _group;

    /// <summary>
    /// Gives <paramref name="context"/> an open connection of its own for the rest of its life, unless it has one:
    /// a pooled unit of work lives as long as the process, so its statements are compiled once. Past
    /// <see cref="MaxHeld"/> connections (more units of work at once than the pool keeps), the context just opens
    /// its own connection for the caller's work, as EF would.
    /// </summary>
    public async Task HoldAsync(CollectionsDbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = (SqliteConnection)context.Database.GetDbConnection();
        if (_held.ContainsKey(current))
        {
            if (current.State == ConnectionState.Closed && !_disposed)
            {
                await current.OpenAsync(cancellationToken).ConfigureAwait(false);
                await SqliteWrites.ConfigureAsync(current, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (current.State != ConnectionState.Closed || context.Database.CurrentTransaction is not null)
        {
            return;
        }

        if (_disposed || _held.Count >= MaxHeld)
        {
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var connection = await OpenAsync(current.ConnectionString, cancellationToken).ConfigureAwait(false);
        context.Database.SetDbConnection(connection, contextOwnsConnection: false);
    }

    /// <summary>
    /// The group transaction <paramref name="context"/>'s save can join: the file's, when the context holds a
    /// connection of this instance's (see <see cref="HoldAsync"/>), so that it can lend the group's writer connection
    /// for the write and take its own back; null otherwise (the save runs in a transaction of its own).
    /// </summary>
    public SqliteGroupCommit? GroupFor(CollectionsDbContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_disposed || context.Database.GetDbConnection() is not SqliteConnection { State: ConnectionState.Open } connection || !_held.ContainsKey(connection))
        {
            return null;
        }

        lock (_held)
        {
            return _group ??= new SqliteGroupCommit(connection.ConnectionString, ct => OpenAsync(connection.ConnectionString, ct));
        }
    }

    // Opens a connection this instance holds (its statements are kept, and it is closed when this is disposed).
    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);

        // EF registers its SQL functions (decimal aggregates and arithmetic, regexp) on the connections it creates
        // and on a connection handed to it through options; this one is handed over so, once.
        var init = new SqliteCollectionsDbContext(new DbContextOptionsBuilder<SqliteCollectionsDbContext>().UseSqlite(connection).Options);
        await using (init.ConfigureAwait(false))
        {
            _ = init.Database.GetDbConnection();
        }

        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SqliteWrites.ConfigureAsync(connection, cancellationToken).ConfigureAwait(false);
        _held.TryAdd(connection, 0);
        return connection;
    }

    /// <inheritdoc />
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        return result.HasResult || Rent(command) is not { } kept ? result : InterceptionResult<DbDataReader>.SuppressWithResult(kept.ExecuteReader());
    }

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReaderExecuting(command, eventData, result));

    /// <inheritdoc />
    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        result.HasResult || Rent(command) is not { } kept ? result : InterceptionResult<int>.SuppressWithResult(kept.ExecuteNonQuery());

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(NonQueryExecuting(command, eventData, result));

    /// <inheritdoc />
    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        result.HasResult || Rent(command) is not { } kept ? result : InterceptionResult<object>.SuppressWithResult(kept.ExecuteScalar()!);

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ScalarExecuting(command, eventData, result));

    /// <inheritdoc />
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(eventData);
        if (command.Connection is SqliteConnection connection && Sets.TryGetValue(connection, out var set))
        {
            set.Returned(eventData.DataReader);
        }

        return result;
    }

    /// <summary>Closes the connections this instance opened.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var connection in _held.Keys)
        {
            _held.TryRemove(connection, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Only connections held open: a connection EF opens and closes around each query would lose its statements at
    // every close, and a statement must never outlive its connection's open period (the handle behind it goes back
    // to the pool, to another connection on another thread).
    private Kept? Rent(DbCommand command) =>
        command is SqliteCommand { Connection: { State: ConnectionState.Open } connection } sqlite && !string.IsNullOrEmpty(sqlite.CommandText) && _held.ContainsKey(connection)
            ? Sets.GetValue(connection, StatementSet.For).Rent(sqlite, ref _reused)
            : null;

    /// <summary>The statements kept for one connection (used by one unit of work at a time, so without locks).</summary>
    private sealed class StatementSet
    {
        private readonly Dictionary<string, Kept> _byText = new(StringComparer.Ordinal);
        private readonly List<Kept> _reading = [];

        /// <summary>A connection's set, dropped with its statements if the connection ever closes.</summary>
        public static StatementSet For(SqliteConnection connection)
        {
            var set = new StatementSet();
            connection.StateChange += (_, change) =>
            {
                if (change.CurrentState != ConnectionState.Open && Sets.TryGetValue(connection, out var current) && ReferenceEquals(current, set))
                {
                    Sets.Remove(connection);
                    set.Clear();
                }
            };
            return set;
        }

        private void Clear()
        {
            foreach (var kept in _byText.Values)
            {
                kept.Command.Dispose();
            }

            _byText.Clear();
            _reading.Clear();
        }

        public Kept? Rent(SqliteCommand command, ref long reused)
        {
            if (_byText.TryGetValue(command.CommandText, out var kept))
            {
                if (!kept.InUse)
                {
                    Interlocked.Increment(ref reused);
                }
            }
            else
            {
                if (_byText.Count >= PerConnection)
                {
                    foreach (var idle in _byText.Values.Where(k => !k.InUse).ToList())
                    {
                        _byText.Remove(idle.Command.CommandText);
                        idle.Command.Dispose();
                    }
                }

                kept = new Kept(this, command.Connection!.CreateCommand());
                kept.Command.CommandText = command.CommandText;
                _byText.Add(command.CommandText, kept);
            }

            if (kept.InUse)
            {
                // The same statement is still being read (a query inside another's loop): EF runs its own command.
                return null;
            }

            kept.Take(command);
            return kept;
        }

        public void Reading(Kept kept) => _reading.Add(kept);

        public void Returned(DbDataReader reader)
        {
            for (var i = 0; i < _reading.Count; i++)
            {
                if (ReferenceEquals(_reading[i].Reader, reader))
                {
                    _reading[i].Release();
                    _reading.RemoveAt(i);
                    return;
                }
            }
        }
    }

    /// <summary>One kept command, which EF's commands with the same SQL borrow.</summary>
    private sealed class Kept(StatementSet set, SqliteCommand command)
    {
        public SqliteCommand Command { get; } = command;

        public bool InUse { get; private set; }

        public DbDataReader? Reader { get; private set; }

        public void Take(SqliteCommand from)
        {
            InUse = true;
            Command.Transaction = from.Transaction;
            Command.CommandTimeout = from.CommandTimeout;
            // EF's own parameter objects, so values bind exactly as EF set them up (types, sizes, converters).
            var target = Command.Parameters;
            foreach (SqliteParameter parameter in from.Parameters)
            {
                target.Add(parameter);
            }
        }

        public DbDataReader ExecuteReader()
        {
            try
            {
                Reader = Command.ExecuteReader();
                set.Reading(this);
                return Reader;
            }
            catch
            {
                Release();
                throw;
            }
        }

        public int ExecuteNonQuery()
        {
            try
            {
                return Command.ExecuteNonQuery();
            }
            finally
            {
                Release();
            }
        }

        public object? ExecuteScalar()
        {
            try
            {
                return Command.ExecuteScalar();
            }
            finally
            {
                Release();
            }
        }

        public void Release()
        {
            Reader = null;
            InUse = false;
            Command.Transaction = null;

            // EF's parameters are not held past their execution (their values may be large texts).
            Command.Parameters.Clear();
        }
    }
}
