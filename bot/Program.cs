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
