using System.Runtime;
using CollectionsBot.Bot.Cli;
using CollectionsBot.Bot.Hosting;
using Microsoft.Extensions.Options;

// `dotnet run --project bot` serves the backend; `dotnet run --project bot -- import <file.csv>` loads receivables.
var (command, hostArgs) = CliCommand.Parse(args);
try
{
    await using var app = CollectionsHost.Build(hostArgs);
    if (command is not null)
    {
        return await command.RunAsync(app, CancellationToken.None);
    }

    // Serving: when the runtime collects long-lived objects and finds their heap fragmented, it does so in the
    // background instead of in a full blocking, compacting collection, which stopped every request at once for 70-86 ms
    // under load (docs/benchmarks.md). The CLI commands above are batch work and keep the default.
    GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;

    await app.PrepareDatabaseAsync(seedDemo: false, CancellationToken.None);
    app.LogStartupNotes();
    await app.StartAsync();

    // The demo portfolio (Development, empty database) is a convenience: it need not hold up the start.
    await app.SeedDemoAsync(app.Lifetime.ApplicationStopping);
    await app.WaitForShutdownAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync("CollectionsBot cannot start: the configuration is not valid.");
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync($"  - {failure}");
    }

    return 3;
}
