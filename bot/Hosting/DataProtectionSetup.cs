using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace CollectionsBot.Bot.Hosting;

/// <summary>
/// The key ring behind web chat tokens and signed contact links. By default ASP.NET Core keeps keys under the
/// user's profile, or only in memory when there is none (a container): tokens and links would then die with the
/// process. The ring lives in <c>DataProtection:KeysFolder</c>, by default a <c>keys</c> folder beside the SQLite
/// database (so <c>data/keys</c> for <c>dotnet run</c>, ignored by git), and the application name is fixed so the
/// same keys serve whichever folder the host runs from. Several instances must share the folder.
/// </summary>
public static class DataProtectionSetup
{
    /// <summary>The application name the keys are isolated by.</summary>
    public const string ApplicationName = "CollectionsBot";

    /// <summary>Registers Data Protection with its persisted key ring.</summary>
    public static WebApplicationBuilder AddPersistedDataProtection(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(KeysFolder(builder.Configuration)));
        return builder;
    }

    /// <summary>Where the keys are kept.</summary>
    public static string KeysFolder(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["DataProtection:KeysFolder"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var connection = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        var sqlite = !string.Equals(configuration["Database:Provider"], nameof(DatabaseProvider.Postgres), StringComparison.OrdinalIgnoreCase);
        if (sqlite && connection is not null)
        {
            try
            {
                var source = new SqliteConnectionStringBuilder(connection).DataSource;
                if (!string.IsNullOrWhiteSpace(source) && source != ":memory:")
                {
                    return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, "keys");
                }
            }
            catch (ArgumentException)
            {
                // The database settings report a bad connection string themselves.
            }
        }

        return Path.GetFullPath(Path.Combine("data", "keys"));
    }
}
