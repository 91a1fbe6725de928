using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CollectionsBot.Core.Persistence;

/// <summary>The PostgreSQL flavour (for scale). Migrations live in Persistence/Migrations/Postgres.</summary>
public sealed class PostgresCollectionsDbContext(DbContextOptions<PostgresCollectionsDbContext> options) : CollectionsDbContext(options)
{
    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // timestamptz stores instants and Npgsql refuses non-UTC offsets; the instant is what we keep.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
    }

    private sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
