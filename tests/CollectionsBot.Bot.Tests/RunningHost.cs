using CollectionsBot.Bot.Hosting;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Bot.Tests;

/// <summary>The real host on Kestrel at 127.0.0.1 with its own SQLite file.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly CapturedLogs _logs;
    private readonly ITestOutputHelper? _output = TestContext.Current.TestOutputHelper;

    private RunningHost(WebApplication app, string databasePath, HttpClient client, CapturedLogs logs)
    {
        App = app;
        DatabasePath = databasePath;
        Client = client;
        _logs = logs;
    }

    private bool _stopped;

    public WebApplication App { get; }

    public string DatabasePath { get; }

    public HttpClient Client { get; }

    public static Task<RunningHost> StartAsync(string environment = "Testing", params string[] settings) =>
        StartAtAsync(NewDatabasePath(), 0, environment, settings);

    /// <summary>Starts the host on a given SQLite file and port (0: any free one), e.g. again after a stop.</summary>
    public static async Task<RunningHost> StartAtAsync(string path, int port, string environment = "Testing", params string[] settings)
    {
        string[] args =
        [
            $"--urls=http://127.0.0.1:{port}",
            $"--environment={environment}",
            $"--ConnectionStrings:Collections=Data Source={path}",
            $"--Api:AdminKey={AdminKey}",
            "--Logging:LogLevel:Default=Warning",
            // The host's log goes to the test's output when it stops (CapturedLogs), not to the console all tests share.
            "--Logging:Console:LogLevel:Default=None",
            .. settings,
        ];
        var app = CollectionsHost.Build(args);
        var logs = new CapturedLogs();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var ct = TestContext.Current.CancellationToken;
        await app.PrepareDatabaseAsync(seedDemo: true, ct);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new RunningHost(app, path, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) }, logs);
    }

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), "collectionsbot-tests", $"{Guid.NewGuid():N}.db");

    /// <summary>A loopback port free right now (for a host that must come back on the same address).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the host and keeps its database, so another host can start on it.</summary>
    public async Task StopKeepingDatabaseAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _logs.WriteTo(_output);
    }

    public async Task<T> WithDbAsync<T>(Func<CollectionsDbContext, Task<T>> query)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CollectionsDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await StopKeepingDatabaseAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
