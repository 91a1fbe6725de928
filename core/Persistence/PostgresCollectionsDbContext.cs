using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Persistence;

/// <summary>The PostgreSQL flavour (for scale). Migrations live in Persistence/Migrations/Postgres.</summary>
public sealed class PostgresCollectionsDbContext(DbContextOptions<PostgresCollectionsDbContext> options) : CollectionsDbContext(options);
