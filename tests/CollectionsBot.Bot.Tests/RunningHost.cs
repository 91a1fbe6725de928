using CollectionsBot.Bot.Hosting;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Bot.Tests;

/// <summary>The real host on Kestrel at 127.0.0.1 with its own SQLite file.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private RunningHost(WebApplication app, string databasePath, HttpClient client)
    {
        App = app;
        DatabasePath = databasePath;
        Client = client;
    }

    public WebApplication App { get; }

    public string DatabasePath { get; }

    public HttpClient Client { get; }

    public static async Task<RunningHost> StartAsync(string environment = "Testing", params string[] settings)
    {
        var path = Path.Combine(Path.GetTempPath(), "collectionsbot-tests", $"{Guid.NewGuid():N}.db");
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--environment={environment}",
            $"--ConnectionStrings:Collections=Data Source={path}",
            $"--Api:AdminKey={AdminKey}",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        var app = CollectionsHost.Build(args);
        var ct = TestContext.Current.CancellationToken;
        await app.PrepareDatabaseAsync(seedDemo: true, ct);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new RunningHost(app, path, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });
    }

    public async Task<T> WithDbAsync<T>(Func<CollectionsDbContext, Task<T>> query)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CollectionsDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }
}
