using BenchmarkDotNet.Running;
using CollectionsBot.Benchmarks;

const string Usage = """
    generate --invoices N --out file.csv [--seed S]   writes a realistic portfolio for load runs
    timing [--invoices N]                            one timed pass per import phase
    turns [--conversations N] [--concurrency C]     whole conversation turns per second on SQLite
    sms [--conversations N] [--concurrency C] [--seconds S] [--rate R] [--floor]
                                                    signed SMS webhooks at the host as a second process
                                                    (--floor: at the least a webhook turn can cost, FloorHost, instead)
    desk [--agents N] [--per-agent K] [--rate R1,R2,...] [--seconds S] [--baseline-seconds B] [--timeout T] [--sign-in-parallel P]
                                                    debtor messages delivered live to N agents connected to the desk hub
                                                    (defaults: 500 agents, 2 conversations each, rates 50,100, 30 s a rate,
                                                    10 s baseline a rate, 5 s until a message counts as lost, 4 sign-ins at once)
    anything else                                   runs the BenchmarkDotNet suites (e.g. --filter *Import*)
    """;

if (args is [("generate" or "timing" or "turns" or "sms" or "desk"), ..] && (args.Contains("--help") || args.Contains("-h")))
{
    Console.WriteLine(Usage);
    return 0;
}

if (args is ["generate", ..])
{
    var invoices = int.Parse(Option(args, "--invoices") ?? "100000", System.Globalization.CultureInfo.InvariantCulture);
    var seed = int.Parse(Option(args, "--seed") ?? "20261124", System.Globalization.CultureInfo.InvariantCulture);
    var output = Option(args, "--out") ?? $"portfolio-{invoices}.csv";
    await using (var writer = new StreamWriter(output))
    {
        PortfolioGenerator.Write(writer, invoices, seed);
    }

    Console.WriteLine($"Wrote {invoices} invoices to {Path.GetFullPath(output)}");
    return 0;
}

if (args is ["timing", ..])
{
    await ImportTiming.RunAsync(int.Parse(Option(args, "--invoices") ?? "100000", System.Globalization.CultureInfo.InvariantCulture), Path.Combine(Path.GetTempPath(), "collectionsbot-bench"));
    return 0;
}

if (args is ["turns", ..])
{
    await TurnLoad.RunAsync(
        int.Parse(Option(args, "--conversations") ?? "1000", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Option(args, "--concurrency") ?? "8", System.Globalization.CultureInfo.InvariantCulture),
        Path.Combine(Path.GetTempPath(), "collectionsbot-bench"));
    return 0;
}

if (args is ["sms", ..])
{
    await SmsLoad.RunAsync(
        int.Parse(Option(args, "--conversations") ?? "2000", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Option(args, "--concurrency") ?? "16", System.Globalization.CultureInfo.InvariantCulture),
        double.Parse(Option(args, "--seconds") ?? "15", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Option(args, "--rate") ?? "500", System.Globalization.CultureInfo.InvariantCulture),
        Path.Combine(Path.GetTempPath(), "collectionsbot-bench"),
        floor: args.Contains("--floor"));
    return 0;
}

if (args is ["floor-host", ..])
{
    // The SMS load's second process with --floor (LoadHost starts it).
    await FloorHost.RunAsync(Option(args, "--urls")!, Option(args, "--db")!, new Uri(Option(args, "--twilio")!));
    return 0;
}

if (args is ["desk", ..])
{
    var rates = (Option(args, "--rate") ?? "50,100").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    return await DeskLoad.RunAsync(new DeskLoad.Settings(
        int.Parse(Option(args, "--agents") ?? "500", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Option(args, "--per-agent") ?? "2", System.Globalization.CultureInfo.InvariantCulture),
        rates,
        double.Parse(Option(args, "--seconds") ?? "30", System.Globalization.CultureInfo.InvariantCulture),
        double.Parse(Option(args, "--baseline-seconds") ?? "10", System.Globalization.CultureInfo.InvariantCulture),
        double.Parse(Option(args, "--timeout") ?? "5", System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(Option(args, "--sign-in-parallel") ?? "4", System.Globalization.CultureInfo.InvariantCulture),
        Path.Combine(Path.GetTempPath(), "collectionsbot-bench")));
}

BenchmarkSwitcher.FromAssembly(typeof(PortfolioGenerator).Assembly).Run(args);
return 0;

static string? Option(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
