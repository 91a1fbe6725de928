using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CollectionsBot.Core.Tests.Persistence;

/// <summary>
/// A private PostgreSQL server from Debian's postgresql package, started for these tests in a temp folder on a
/// free loopback port and stopped afterwards. Run as root, the server runs as the package's postgres user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "collectionsbot-pg", Guid.NewGuid().ToString("N"));
    private string _bin = "";
    private int _port;

    /// <summary>Connection string for the maintenance database.</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={_port};Username=collections;Database=postgres;Pooling=false";

    public async ValueTask InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault() ?? ""
            : "";
        if (_bin.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL server binaries are missing: install Debian's postgresql package (.ci/run does) to run the PostgreSQL tests.");
        }

        _port = FreePort();
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(_folder);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _folder]);
        }

        await RunPostgresToolAsync("initdb", ["-D", data, "-U", "collections", "--auth=trust", "--encoding=UTF8", "--no-sync"]);
        await RunPostgresToolAsync("pg_ctl", ["-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -F", "start"]);
    }

    /// <summary>Creates an empty database migrated like production and returns its connection string.</summary>
    public async Task<string> CreateMigratedDatabaseAsync()
    {
        var name = $"collections_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var connectionString = $"Host=127.0.0.1;Port={_port};Username=collections;Database={name}";
        await using var db = NewContext(connectionString);
        await new DatabaseInitializer(db, NullLogger<DatabaseInitializer>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        return connectionString;
    }

    public static PostgresCollectionsDbContext NewContext(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresCollectionsDbContext>().UseNpgsql(connectionString).Options);

    public async ValueTask DisposeAsync()
    {
        if (_bin.Length > 0 && Directory.Exists(Path.Combine(_folder, "data")))
        {
            NpgsqlConnection.ClearAllPools();
            await RunPostgresToolAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task RunPostgresToolAsync(string tool, string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
