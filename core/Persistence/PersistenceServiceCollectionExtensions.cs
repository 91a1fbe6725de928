using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Core.Persistence;

/// <summary>Registers <see cref="CollectionsDbContext"/> for the configured provider.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the database: <c>Database:Provider</c> picks SQLite (default) or PostgreSQL, and
    /// <c>ConnectionStrings:Collections</c> says where. A relative SQLite path is taken from the working directory,
    /// and its folder is created.
    /// </summary>
    public static IServiceCollection AddCollectionsPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Validate(o => Enum.IsDefined(o.Provider), "Database:Provider must be Sqlite or Postgres.")
            .ValidateOnStart();

        DatabaseOptions options;
        try
        {
            options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), [$"The Database section is not valid ({ex.InnerException?.Message ?? ex.Message}). Database:Provider must be Sqlite or Postgres."]);
        }
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException(
                DatabaseOptions.ConnectionStringName,
                typeof(DatabaseOptions),
                ["ConnectionStrings:Collections is missing: set it to a SQLite file (Data Source=data/collections.db) or a PostgreSQL connection string."]);
        }

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = PrepareSqlite(connectionString);
                // One per host: it keeps compiled statements and closes the connections it held when the host's
                // services are disposed (a factory registration, so the container disposes it).
                var statements = new SqliteStatements();
                services.AddSingleton(_ => statements);
                services.AddDbContextPool<CollectionsDbContext, SqliteCollectionsDbContext>(o => o.UseSqlite(sqlite).AddInterceptors(new SqliteWrites(), statements));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContextPool<CollectionsDbContext, PostgresCollectionsDbContext>(o => o.UseNpgsql(connectionString));
                break;
            default:
                throw new OptionsValidationException(DatabaseOptions.Section, typeof(DatabaseOptions), [$"Database:Provider '{options.Provider}' is not supported: use Sqlite or Postgres."]);
        }

        services.AddScoped<DatabaseInitializer>();
        return services;
    }

    /// <summary>Makes a relative file path absolute and creates its folder; in-memory databases pass through.</summary>
    public static string PrepareSqlite(string connectionString)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException(DatabaseOptions.ConnectionStringName, typeof(DatabaseOptions), [$"ConnectionStrings:Collections is not a valid SQLite connection string: {ex.Message}"]);
        }

        var path = builder.DataSource;
        if (string.IsNullOrWhiteSpace(path) || path == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return builder.ToString();
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        builder.DataSource = full;
        builder.Pooling = true;
        builder.ForeignKeys = true;
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }
}
