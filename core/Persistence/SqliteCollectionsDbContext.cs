using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CollectionsBot.Core.Persistence;

/// <summary>The SQLite flavour (the embedded default). Migrations live in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteCollectionsDbContext(DbContextOptions<SqliteCollectionsDbContext> options) : CollectionsDbContext(options)
{
    // The interceptor that holds this unit of work's connection, if any (found once: a pooled unit of work keeps its options).
    private SqliteStatements? _statements;
    private bool _statementsFound;

    /// <summary>
    /// Saves in the file's group transaction when this unit of work holds a connection of its own (see
    /// <see cref="SqliteGroupCommit"/>), else through the file's write gate (see <see cref="SqliteWrites"/>); inside an
    /// explicit transaction, which already holds the write lock, as EF does.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null || JoinableGroup() is not null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
        }

        var gate = SqliteWrites.GateFor(Database.GetConnectionString() ?? "");
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    private protected override SqliteGroupCommit? JoinableGroup()
    {
        if (!_statementsFound)
        {
            _statements = this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<SqliteStatements>().FirstOrDefault();
            _statementsFound = true;
        }

        return Database.CurrentTransaction is null ? _statements?.GroupFor(this) : null;
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no date-time-with-offset type, so EF cannot compare or order DateTimeOffset text in SQL.
        // Stored as UTC ticks-with-offset binary, they compare and order correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
