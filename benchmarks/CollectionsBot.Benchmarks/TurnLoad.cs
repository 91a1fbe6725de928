using System.Diagnostics;
using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Bot.Hosting;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// Whole conversation turns per second on SQLite: the host's real engine (recognizer, dialogs, guard, templates,
/// one unit of work per turn) drives scripted SMS conversations, many at once, against a generated portfolio. In the
/// same run, two baselines: recording the inbound message alone (the least a turn writes) with the same
/// concurrency, and the recognizer alone on one thread.
/// </summary>
public static class TurnLoad
{
    /// <summary>The six turns every load conversation takes; "{verify}" stands for the debtor's name and reference.</summary>
    internal static readonly string[] Script =
    [
        "hi there",
        "how much do we owe you?",
        "{verify}",
        "can we set up a payment plan?",
        "yes that works",
        "thanks, bye",
    ];

    /// <summary>Runs the load and prints the figures.</summary>
    public static async Task RunAsync(int conversations, int concurrency, string workFolder)
    {
        Directory.CreateDirectory(workFolder);
        var database = await ImportDatabase.CreateAsync(workFolder);
        try
        {
            await database.ImportAsync(PortfolioGenerator.Generate(Math.Max(conversations * 3, 1000)));
            await using var app = Build(database.Path);

            // The host keeps the file's write-ahead log short in the background (SqliteCheckpoints); without that, the
            // commit that takes the log past its limit does the copy and its disk flushes while holding the writer,
            // and every turn waits. The engine is measured here without the host's other services, but with that one.
            var checkpoints = app.Services.GetServices<IHostedService>().OfType<SqliteCheckpoints>().Single();
            await checkpoints.StartAsync(CancellationToken.None);
            EmbeddedRecognizer.WarmUp();
            var engine = app.Services.GetRequiredService<ConversationEngine>();
            var people = await database.PeopleAsync(conversations);
            Console.WriteLine($"{people.Count} conversations x {Script.Length} turns, {concurrency} at a time, {Environment.ProcessorCount} cores");

            // Warm-up, not counted: conversations through every path until the JIT's tiered recompilation has settled
            // (fewer than 20 methods compiled in two seconds), at least twelve seconds and at most two minutes. A host
            // runs for hours; with a fixed twelve seconds, the measured run still compiled thousands of methods, a
            // core's worth of JIT work beside the turns.
            var warm = Stopwatch.StartNew();
            var window = Stopwatch.StartNew();
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            for (var round = 0; warm.Elapsed < TimeSpan.FromMinutes(2); round++)
            {
                await DriveAsync(engine, people.Skip(round * 20 % Math.Max(1, people.Count - 20)).Take(20).ToList(), concurrency, $"warm{round}", quiet: true);
                if (window.Elapsed >= TimeSpan.FromSeconds(2))
                {
                    var now = System.Runtime.JitInfo.GetCompiledMethodCount();
                    if (now - compiled < 20 && warm.Elapsed >= TimeSpan.FromSeconds(12))
                    {
                        break;
                    }

                    (compiled, window) = (now, Stopwatch.StartNew());
                }
            }

            Console.WriteLine($"warm-up: {warm.Elapsed.TotalSeconds:N0} s until the JIT settled");
            var cache = app.Services.GetRequiredService<PartiesCache>();
            var (hits, misses) = (cache.Hits, cache.Misses);
            var rowsBefore = await RowCountsAsync(database.ConnectionString);
            var statements = app.Services.GetRequiredService<SqliteStatements>();
            var pages = statements.PageCache();
            var (saves, batches, writer, commit) = (statements.Group?.Saves ?? 0, statements.Group?.Batches ?? 0, statements.Group?.WriterTime ?? TimeSpan.Zero, statements.Group?.CommitTime ?? TimeSpan.Zero);
            var machine = MachineLoad.Start(() => Process.GetCurrentProcess().TotalProcessorTime);
            var (turns, elapsed, latencies) = await DriveAsync(engine, people.Skip(concurrency).ToList(), concurrency, "run");
            Report("full turns", turns, elapsed, latencies);
            Console.WriteLine(machine.Report());
            var pagesAfter = statements.PageCache();
            var writerBusy = (statements.Group?.WriterTime ?? TimeSpan.Zero) - writer;
            var commits = (statements.Group?.CommitTime ?? TimeSpan.Zero) - commit;
            Console.WriteLine($"group commit: {(statements.Group?.Saves ?? 0) - saves} saves in {(statements.Group?.Batches ?? 0) - batches} transactions; the writer busy {writerBusy / elapsed:P0} of the run, {writerBusy.TotalMilliseconds / Math.Max(1, turns):N2} ms a turn, of which committing {commits.TotalMilliseconds / Math.Max(1, turns):N2} ms");
            Console.WriteLine($"SQLite page cache a turn (connections held: {statements.Held}): {(pagesAfter.Hits - pages.Hits) / (double)turns:N1} hits, {(pagesAfter.Misses - pages.Misses) / (double)turns:N1} misses, {(pagesAfter.Writes - pages.Writes) / (double)turns:N1} pages written");
            var rowsAfter = await RowCountsAsync(database.ConnectionString);
            Console.WriteLine("rows added a turn: " + string.Join(", ", rowsAfter.Where(r => r.Value != rowsBefore.GetValueOrDefault(r.Key))
                .Select(r => $"{r.Key} {(r.Value - rowsBefore.GetValueOrDefault(r.Key)) / (double)turns:N2}")));
            Console.WriteLine($"parties kept between turns: {cache.Hits - hits} turns read them from memory, {cache.Misses - misses} from the database");


            var (records, recordElapsed, recordLatencies) = await RecordOnlyAsync(app, people.Skip(concurrency).ToList(), concurrency);
            Report("baseline: record inbound only", records, recordElapsed, recordLatencies);

            var texts = Script.Where(t => t != "{verify}").ToArray();
            var stopwatch = Stopwatch.StartNew();
            var parsed = 0;
            var context = new RecognitionContext(DateTimeOffset.UtcNow);
            while (stopwatch.ElapsedMilliseconds < 3000)
            {
                EmbeddedRecognizer.Recognize(texts[parsed++ % texts.Length], context);
            }

            Console.WriteLine($"baseline: recognizer alone, one thread: {parsed / stopwatch.Elapsed.TotalSeconds:N0} messages/s");
            Console.WriteLine($"ratio full turns / record only: {turns / elapsed.TotalSeconds / (records / recordElapsed.TotalSeconds):P1}");
            await checkpoints.StopAsync(CancellationToken.None);
        }
        finally
        {
            database.Delete();
        }
    }

    private static WebApplication Build(string path)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [$"--ConnectionStrings:Collections=Data Source={path}", "--Logging:LogLevel:Default=Warning", "--Demo:SeedWhenEmpty=false", "--environment=Production"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddCollectionsServices();
        return builder.Build();
    }

    private static async Task<(int Turns, TimeSpan Elapsed, List<double> Latencies)> DriveAsync(ConversationEngine engine, List<(string Phone, string Verify)> people, int concurrency, string tag, bool quiet = false)
    {
        var latencies = new List<double>();
        var turns = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetTotalAllocatedBytes();
        var paused = GC.GetTotalPauseDuration();
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTime = System.Runtime.JitInfo.GetCompilationTime();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (person, ct) =>
        {
            var local = new List<double>();
            var thread = $"{person.Phone}|+18005550100|{tag}";
            for (var i = 0; i < Script.Length; i++)
            {
                var text = Script[i] == "{verify}" ? person.Verify : Script[i];
                var started = Stopwatch.GetTimestamp();
                var result = await engine.HandleAsync(new InboundActivity(Channel.Sms, thread, person.Phone, text, $"{thread}#{i}"), ct);
                local.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (result.Replies.Count == 0)
                {
                    throw new InvalidOperationException($"Turn '{text}' got no reply: the load must measure real turns.");
                }
            }

            lock (latencies)
            {
                latencies.AddRange(local);
                turns += local.Count;
            }
        });
        var elapsed = stopwatch.Elapsed;
        if (quiet)
        {
            return (turns, elapsed, latencies);
        }

        Console.WriteLine(
            $"{tag}: CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, turns):N2} ms a turn over all threads; " +
            $"{(GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / Math.Max(1, turns):N0} KiB allocated a turn; GC paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds / elapsed.TotalMilliseconds:P1} of the time " +
            $"({GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3} collections of gen 0/1/2); " +
            $"{System.Runtime.JitInfo.GetCompiledMethodCount() - jitted} methods compiled ({(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:N0} ms)");
        return (turns, elapsed, latencies);
    }

    private static async Task<(int Turns, TimeSpan Elapsed, List<double> Latencies)> RecordOnlyAsync(WebApplication app, List<(string Phone, string Verify)> people, int concurrency)
    {
        var latencies = new List<double>();
        var turns = 0;
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (person, ct) =>
        {
            var local = new List<double>();
            for (var i = 0; i < Script.Length; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
                var thread = $"{person.Phone}|record";
                var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Channel == Channel.Sms && c.ChannelConversationId == thread, ct);
                if (conversation is null)
                {
                    conversation = new Conversation(null, null, Channel.Sms, thread, DateTimeOffset.UtcNow, person.Phone);
                    db.Conversations.Add(conversation);
                }

                db.Messages.Add(new Message(conversation, MessageDirection.Inbound, SenderKind.Contact, Script[i], DateTimeOffset.UtcNow, $"{thread}#{i}"));
                await db.SaveChangesAsync(ct);
                local.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(local);
                turns += local.Count;
            }
        });
        return (turns, stopwatch.Elapsed, latencies);
    }

    /// <summary>Rows in every table of the file: the difference over a run says what a turn writes.</summary>
    private static async Task<Dictionary<string, long>> RowCountsAsync(string connectionString)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
#pragma warning disable CA2100 // table names read from the file's own schema
            count.CommandText = $"SELECT count(*) FROM \"{table}\"";
#pragma warning restore CA2100
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    private static void Report(string label, int turns, TimeSpan elapsed, List<double> latencies)
    {
        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        Console.WriteLine($"{label}: {turns} in {elapsed.TotalSeconds:N2} s = {turns / elapsed.TotalSeconds:N0}/s; p50 {Percentile(0.50):N2} ms, p99 {Percentile(0.99):N2} ms");
    }
}
