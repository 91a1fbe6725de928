using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace CollectionsBot.Bot.Tests.Hosting;

/// <summary>The host binary as a user starts it: a separate process, its own output, its exit code.</summary>
public sealed partial class ProcessTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "collectionsbot-tests", $"{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Serve_DevelopmentOnEmptyDatabase_AnswersHealthzAndSeedsDemo()
    {
        var ct = TestContext.Current.CancellationToken;
        using var process = Start(["--urls=http://127.0.0.1:0"], environment: "Development");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seeded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups["url"].Value);
            }

            if (e.Data.Contains("Seeded the demo portfolio: 23 invoices, 3 creditors, 13 debtors", StringComparison.Ordinal))
            {
                seeded.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            using var health = await client.GetAsync("/healthz", ct);

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            await seeded.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            Assert.DoesNotContain(RunningHost.AdminKey, Snapshot(output), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(ct);
        }

        Assert.Equal(3L, Scalar("SELECT COUNT(*) FROM Creditors"));
    }

    [Fact]
    public async Task Import_SampleFile_PrintsSummaryAndExitsZero()
    {
        var (exit, stdout, _) = await RunAsync(["import", SamplePath]);

        Assert.Equal(0, exit);
        Assert.Contains("Imported 23 rows", stdout, StringComparison.Ordinal);
        Assert.Contains("23 invoices created", stdout, StringComparison.Ordinal);
        Assert.Equal(23L, Scalar("SELECT COUNT(*) FROM Invoices"));
    }

    [Fact]
    public async Task Import_BadFile_PrintsEachLineAndExitsOneWithoutWriting()
    {
        var bad = Path.Combine(Path.GetTempPath(), "collectionsbot-tests", $"{Guid.NewGuid():N}.csv");
        var lines = (await File.ReadAllLinesAsync(SamplePath, TestContext.Current.CancellationToken)).ToArray();
        lines[4] = lines[4].Replace("12800.00,12800.00", "12800.00,12900.00", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(bad, lines, TestContext.Current.CancellationToken);

        try
        {
            var (exit, _, stderr) = await RunAsync(["import", "receivables", bad]);

            Assert.Equal(1, exit);
            Assert.Contains("1 problem(s), nothing written", stderr, StringComparison.Ordinal);
            Assert.Contains("line 5, column balance: The balance 12900.00 is above the amount 12800.00.", stderr, StringComparison.Ordinal);
            Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM Invoices"));
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task Import_NoFileArgument_ExitsTwoWithUsage()
    {
        var (exit, _, stderr) = await RunAsync(["import"]);

        Assert.Equal(2, exit);
        Assert.Contains("Usage: dotnet run --project bot -- import <receivables.csv>", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Database:Provider=Oracle", "Database:Provider must be Sqlite or Postgres")]
    [InlineData("--Api:AdminKey=short", "Api:AdminKey must be empty (keyed APIs off) or at least 24 characters")]
    [InlineData("--Import:DefaultCreditorTimeZone=Mars/Olympus", "Import:DefaultCreditorTimeZone must be an IANA time zone")]
    public async Task Serve_BadSetting_ExitsWithClearMessage(string setting, string message)
    {
        var (exit, _, stderr) = await RunAsync(["--urls=http://127.0.0.1:0", setting]);

        Assert.Equal(3, exit);
        Assert.Contains("the configuration is not valid", stderr, StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_database + suffix);
        }

        return ValueTask.CompletedTask;
    }

    private static string SamplePath => Path.Combine(AppContext.BaseDirectory, "samples", "receivables.csv");

    private static string BotDll
    {
        get
        {
            // The host's own build output, with its own deps.json and runtimeconfig.json.
            var configuration = typeof(ProcessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "CollectionsBot.sln")))
            {
                root = root.Parent;
            }

            Assert.NotNull(root);
            return Path.Combine(root.FullName, "bot", "bin", configuration, "net10.0", "CollectionsBot.Bot.dll");
        }
    }

    private Process Start(string[] args, string environment = "Production")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BotDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add($"--ConnectionStrings:Collections=Data Source={_database}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Api__AdminKey"] = RunningHost.AdminKey;
        start.Environment.Remove("ASPNETCORE_URLS");
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args)
    {
        using var process = Start(args);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
