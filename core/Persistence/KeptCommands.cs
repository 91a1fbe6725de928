using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// Commands the direct write paths (<see cref="LeafRows"/>, <see cref="RowUpdates"/>) run, kept per SQLite connection and
/// SQL text, so each statement is compiled once while the connection stays open: compiling an INSERT or UPDATE cost
/// as much as running it. A connection is used by one unit of work at a time, so its commands need no lock. A
/// statement must not outlive its connection's open period (the handle behind it goes back to the pool): the
/// commands are dropped when the connection closes and made again after it reopens. Other providers get a new
/// command each time.
/// </summary>
internal static class KeptCommands
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, DbCommand>> Sets = [];

    /// <summary>The transaction a direct write runs in: <paramref name="given"/> (a group's), else the unit of work's current one.</summary>
    public static DbTransaction TransactionFor(DbContext db, DbTransaction? given) =>
        given ?? db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Direct writes run inside the save's transaction.");

    /// <summary>
    /// Runs the command for <paramref name="sql"/> (kept on the transaction's connection, made by
    /// <paramref name="create"/> when there is none) in <paramref name="transaction"/> with <paramref name="values"/>
    /// bound in parameter order, and gives it back.
    /// </summary>
    public static async Task<T> RunAsync<T>(DbTransaction transaction, string sql, Func<DbConnection, DbCommand> create, object?[] values, Func<DbCommand, Task<T>> run)
    {
        var (command, kept) = Rent(transaction.Connection!, sql, create);
        try
        {
            command.Transaction = transaction;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i];
            }

            return await run(command).ConfigureAwait(false);
        }
        finally
        {
            await ReturnAsync(command, kept).ConfigureAwait(false);
        }
    }

    // The command for sql on connection, made by create when there is none to reuse.
    private static (DbCommand Command, bool Kept) Rent(DbConnection connection, string sql, Func<DbConnection, DbCommand> create)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return (create(connection), false);
        }

        var commands = Sets.GetValue(sqlite, static connection =>
        {
            var made = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
            connection.StateChange += (_, change) =>
            {
                if (change.CurrentState != ConnectionState.Open && Sets.TryGetValue(connection, out var current) && ReferenceEquals(current, made))
                {
                    Sets.Remove(connection);
                    foreach (var command in made.Values)
                    {
                        command.Dispose();
                    }
                }
            };
            return made;
        });
        if (!commands.TryGetValue(sql, out var kept))
        {
            kept = create(connection);
            commands.Add(sql, kept);
        }

        return (kept, true);
    }

    // Gives a rented command back: a kept one keeps no transaction and no values (message bodies can be long); another is disposed.
    private static async ValueTask ReturnAsync(DbCommand command, bool kept)
    {
        command.Transaction = null;
        if (!kept)
        {
            await command.DisposeAsync().ConfigureAwait(false);
            return;
        }

        foreach (DbParameter parameter in command.Parameters)
        {
            parameter.Value = DBNull.Value;
        }
    }
}
