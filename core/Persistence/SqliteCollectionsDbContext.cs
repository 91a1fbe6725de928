using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CollectionsBot.Core.Persistence;

/// <summary>The SQLite flavour (the embedded default). Migrations live in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteCollectionsDbContext(DbContextOptions<SqliteCollectionsDbContext> options) : CollectionsDbContext(options)
{
    /// <summary>Saves through the file's write gate (see <see cref="SqliteWrites"/>), unless inside an explicit transaction, which already holds the write lock.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (Database.CurrentTransaction is not null)
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
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no date-time-with-offset type, so EF cannot compare or order DateTimeOffset text in SQL.
        // Stored as UTC ticks-with-offset binary, they compare and order correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
