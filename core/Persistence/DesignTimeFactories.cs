using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CollectionsBot.Core.Persistence;

/// <summary>Lets <c>dotnet ef migrations add --context SqliteCollectionsDbContext</c> build the model without a host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCollectionsDbContext>
{
    public SqliteCollectionsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCollectionsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add --context PostgresCollectionsDbContext</c> build the model; it never connects.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCollectionsDbContext>
{
    public PostgresCollectionsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCollectionsDbContext>().UseNpgsql("Host=localhost;Database=collections_design").Options);
}
