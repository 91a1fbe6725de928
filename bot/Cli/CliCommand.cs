using CollectionsBot.Bot.Hosting;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Receivables;

namespace CollectionsBot.Bot.Cli;

/// <summary>
/// Commands of the host binary, run instead of the web server:
/// <c>import &lt;file.csv&gt;</c> loads an AR-aging file into the configured database;
/// <c>nlu-eval &lt;file.jsonl&gt; [--misses]</c> scores the embedded recognizer on a labeled set;
/// <c>reconcile --from yyyy-MM-dd --to yyyy-MM-dd</c> compares Stripe's payments with the ledger.
/// </summary>
public sealed class CliCommand
{
    private CliCommand(string name, string file, bool misses)
    {
        Name = name;
        Target = file;
        Flag = misses;
    }

    /// <summary>"import", "nlu-eval", "chat" or "reconcile".</summary>
    public string Name { get; }

    /// <summary>The input file (import, nlu-eval), the case (chat), or the days "from..to" (reconcile).</summary>
    public string Target { get; }

    /// <summary>nlu-eval: print every example the recognizer got wrong (--misses); chat: the contact is verified (--verified).</summary>
    public bool Flag { get; }

    /// <summary>
    /// Splits the command line: a leading <c>import &lt;file&gt;</c> is the command; everything after it
    /// (<c>--Key=value</c> settings) and everything when there is no command goes to the host's configuration.
    /// </summary>
    public static (CliCommand? Command, string[] HostArgs) Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].ToLowerInvariant() is not ("import" or "nlu-eval" or "chat" or "reconcile"))
        {
            return (null, args);
        }

        if (args[0].Equals("reconcile", StringComparison.OrdinalIgnoreCase))
        {
            // reconcile --from <day> --to <day>: the rest configures the host.
            var (values, _, hostArgs) = Options(args, ["--from", "--to"], []);
            return (new CliCommand("reconcile", $"{values.GetValueOrDefault("--from")}..{values.GetValueOrDefault("--to")}", false), hostArgs);
        }

        if (args[0].Equals("chat", StringComparison.OrdinalIgnoreCase))
        {
            // chat --case <case id or debtor reference> [--verified]: the rest configures the host.
            var (values, flags, hostArgs) = Options(args, ["--case"], ["--verified"]);
            return (new CliCommand("chat", values.GetValueOrDefault("--case") ?? "", flags.Contains("--verified")), hostArgs);
        }

        var name = args[0].ToLowerInvariant();
        var misses = args.Contains("--misses");
        var rest = args.Skip(1).Where(a => a != "--misses").ToList();
        if (rest.Count > 0 && string.Equals(rest[0], "receivables", StringComparison.OrdinalIgnoreCase))
        {
            rest.RemoveAt(0);
        }

        var file = rest.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        return (new CliCommand(name, file ?? "", misses), rest.Where(a => a != file).ToArray());
    }

    // Splits a command's own options (valued and flags) from the rest of the line, which configures the host.
    private static (Dictionary<string, string> Values, HashSet<string> Flags, string[] Others) Options(string[] args, string[] valued, string[] flags)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var set = new HashSet<string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (valued.Contains(args[i]) && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else if (flags.Contains(args[i]))
            {
                set.Add(args[i]);
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return (values, set, [.. rest]);
    }

    /// <summary>Runs the command. Exit code 0 done, 1 refused (import), below target (nlu-eval) or differences found (reconcile), 2 usage.</summary>
    public Task<int> RunAsync(WebApplication app, CancellationToken cancellationToken) => Name switch
    {
        "nlu-eval" => EvaluateAsync(),
        "chat" => ChatCommand.RunAsync(app, Target, verified: Flag, Console.In, Console.Out, cancellationToken),
        "reconcile" => ReconcileAsync(app, Console.Out, cancellationToken),
        _ => ImportAsync(app, cancellationToken),
    };

    /// <summary>Compares Stripe's payments in the range with the ledger and prints every difference.</summary>
    public async Task<int> ReconcileAsync(WebApplication app, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(output);
        var parts = Target.Split("..");
        if (parts.Length != 2
            || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var from)
            || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var to)
            || to < from)
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bot -- reconcile --from yyyy-MM-dd --to yyyy-MM-dd (UTC days, both included)");
            return 2;
        }

        var stripe = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Payments.Stripe.StripeOptions>>().Value;
        if (!stripe.IsConfigured)
        {
            await Console.Error.WriteLineAsync("Stripe is not configured (Stripe:SecretKey): there are no Stripe payments to reconcile.");
            return 2;
        }

        await app.PrepareDatabaseAsync(seedDemo: false, cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var client = app.Services.GetRequiredService<global::Stripe.StripeClient>();
        var report = await Payments.Stripe.StripeReconciliation.RunAsync(client, scope.ServiceProvider.GetRequiredService<CollectionsDbContext>(), from, to, cancellationToken);
        await output.WriteLineAsync(Payments.Stripe.StripeReconciliation.Describe(report));
        return report.Differences.Count == 0 ? 0 : 1;
    }

    private async Task<int> EvaluateAsync()
    {
        if (Target.Length == 0 || !System.IO.File.Exists(Target))
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bot -- nlu-eval <labeled.jsonl> [--misses]");
            return 2;
        }

        var report = NluEvaluation.Evaluate(NluEvaluation.Load(Target));
        if (Flag)
        {
            foreach (var (example, got) in report.Misses)
            {
                var expected = string.Join(", ", example.Entities.Select(e => $"{e.Entity}={e.Value}"));
                var produced = string.Join(", ", got.Entities.Select(e => $"{e.Entity}={e.Value}"));
                Console.WriteLine($"{example.Intent,-20} -> {got.Intent.Name,-20} | {example.Text}");
                if (expected != produced)
                {
                    Console.WriteLine($"{"",20}    entities expected [{expected}] got [{produced}]");
                }
            }

            Console.WriteLine();
        }

        Console.WriteLine(report.ToMarkdown());
        return report.Accuracy >= 0.95 && report.CriticalRecall >= 0.99 ? 0 : 1;
    }

    private async Task<int> ImportAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (Target.Length == 0)
        {
            await Console.Error.WriteLineAsync("Usage: dotnet run --project bot -- import <receivables.csv> [--Key=value ...]");
            return 2;
        }

        if (!System.IO.File.Exists(Target))
        {
            await Console.Error.WriteLineAsync($"No such file: {Path.GetFullPath(Target)}");
            return 2;
        }

        await app.PrepareDatabaseAsync(seedDemo: false, cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ReceivablesImporter>();
        await using var stream = System.IO.File.OpenRead(Target);
        ImportOutcome outcome;
        try
        {
            outcome = await importer.ImportAsync(stream, new ImportRequest("cli"), cancellationToken);
        }
        catch (Exception ex) when (DatabaseErrors.IsConflict(ex))
        {
            await Console.Error.WriteLineAsync($"{Target} was not imported: another import or edit changed the same invoices at the same time. Nothing was written; run the command again.");
            return 1;
        }

        if (outcome.Summary is { } s)
        {
            Console.WriteLine($"Imported {s.Rows} rows from {Target} in {s.ElapsedMilliseconds} ms: {s.Created} invoices created, {s.Updated} updated, {s.Unchanged} unchanged; " +
                $"{s.CreditorsCreated} creditors, {s.DebtorsCreated} debtors, {s.ContactsCreated} contacts created, {s.ContactsUpdated} contacts updated.");
            return 0;
        }

        await Console.Error.WriteLineAsync($"{Target} was not imported: {outcome.ErrorCount} problem(s), nothing written.");
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
