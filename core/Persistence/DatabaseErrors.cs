using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CollectionsBot.Core.Persistence;

/// <summary>Tells a lost race (another writer got there first) from a real database failure.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// True when a write failed because another writer changed the same rows: a stale version, or a unique key
    /// someone else inserted first, whether it surfaced through SaveChanges or a bulk insert. Retrying the whole
    /// operation is the right answer to these, and only these.
    /// </summary>
    public static bool IsConflict(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsUniqueViolation(inner),
        _ => IsUniqueViolation(exception),
    };

    private static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } => true, // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } => true,
        _ => false,
    };
}
