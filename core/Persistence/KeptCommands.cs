using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// Commands the direct write paths (<see cref="LeafRows"/>, <see cref="RowUpdates"/>) keep per SQLite connection and
/// SQL text, so each statement is compiled once while the connection stays open: compiling an INSERT or UPDATE cost
/// as much as running it. A connection is used by one unit of work at a time, so its commands need no lock. A
/// statement must not outlive its connection's open period (the handle behind it goes back to the pool): the
/// commands are dropped when the connection closes and made again after it reopens. Other providers get a new
/// command each time.
/// </summary>
internal static class KeptCommands
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, DbCommand>> Sets = [];

    /// <summary>The command for <paramref name="sql"/> on <paramref name="connection"/>, made by <paramref name="create"/> when there is none to reuse.</summary>
    public static (DbCommand Command, bool Kept) Rent(DbConnection connection, string sql, Func<DbConnection, DbCommand> create)
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

    /// <summary>Gives a rented command back: a kept one keeps no transaction and no values (message bodies can be long); another is disposed.</summary>
    public static async ValueTask ReturnAsync(DbCommand command, bool kept)
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
