namespace CollectionsBot.Core.Persistence;

/// <summary>Which database engine stores the product's data.</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file: the embedded default.</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL through Npgsql: for several instances and scale.</summary>
    Postgres = 1,
}

/// <summary>The <c>Database</c> configuration section. The connection string is <c>ConnectionStrings:Collections</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Database";

    /// <summary>Name of the connection string.</summary>
    public const string ConnectionStringName = "Collections";

    /// <summary>The engine.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the host starts.</summary>
    public bool MigrateOnStart { get; set; } = true;
}
