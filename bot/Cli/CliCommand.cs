using CollectionsBot.Bot.Hosting;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Receivables;

namespace CollectionsBot.Bot.Cli;

/// <summary>
/// Commands of the host binary, run instead of the web server:
/// <c>import &lt;file.csv&gt;</c> loads an AR-aging file into the configured database.
/// </summary>
public sealed class CliCommand
{
    private CliCommand(string file)
    {
        File = file;
    }

    /// <summary>The CSV path.</summary>
    public string File { get; }

    /// <summary>
    /// Splits the command line: a leading <c>import &lt;file&gt;</c> is the command; everything after it
    /// (<c>--Key=value</c> settings) and everything when there is no command goes to the host's configuration.
    /// </summary>
    public static (CliCommand? Command, string[] HostArgs) Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || !string.Equals(args[0], "import", StringComparison.OrdinalIgnoreCase))
        {
            return (null, args);
        }

        var rest = args.Skip(1).ToList();
        if (rest.Count > 0 && string.Equals(rest[0], "receivables", StringComparison.OrdinalIgnoreCase))
        {
            rest.RemoveAt(0);
        }

        var file = rest.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        return (new CliCommand(file ?? ""), rest.Where(a => a != file).ToArray());
    }

    /// <summary>Runs the import and prints its summary or its errors. Exit code 0 written, 1 refused, 2 usage.</summary>
    public async Task<int> RunAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (File.Length == 0)
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bot -- import <receivables.csv> [--Key=value ...]");
            return 2;
        }

        if (!System.IO.File.Exists(File))
        {
            await Console.Error.WriteLineAsync($"No such file: {Path.GetFullPath(File)}");
            return 2;
        }

        await app.PrepareDatabaseAsync(seedDemo: false, cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ReceivablesImporter>();
        await using var stream = System.IO.File.OpenRead(File);
        ImportOutcome outcome;
        try
        {
            outcome = await importer.ImportAsync(stream, new ImportRequest("cli"), cancellationToken);
        }
        catch (Exception ex) when (DatabaseErrors.IsConflict(ex))
        {
            await Console.Error.WriteLineAsync($"{File} was not imported: another import or edit changed the same invoices at the same time. Nothing was written; run the command again.");
            return 1;
        }

        if (outcome.Summary is { } s)
        {
            Console.WriteLine($"Imported {s.Rows} rows from {File} in {s.ElapsedMilliseconds} ms: {s.Created} invoices created, {s.Updated} updated, {s.Unchanged} unchanged; " +
                $"{s.CreditorsCreated} creditors, {s.DebtorsCreated} debtors, {s.ContactsCreated} contacts created, {s.ContactsUpdated} contacts updated.");
            return 0;
        }

        await Console.Error.WriteLineAsync($"{File} was not imported: {outcome.ErrorCount} problem(s), nothing written.");
        foreach (var error in outcome.Errors)
        {
            var column = error.Column.Length > 0 ? $", column {error.Column}" : "";
            await Console.Error.WriteLineAsync($"  line {error.Line}{column}: {error.Message}");
        }

        if (outcome.ErrorCount > outcome.Errors.Count)
        {
            await Console.Error.WriteLineAsync($"  ... and {outcome.ErrorCount - outcome.Errors.Count} more.");
        }

        return 1;
    }
}
