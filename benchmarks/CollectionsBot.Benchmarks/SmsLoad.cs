using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CollectionsBot.Bot.Channels.Sms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// Signed Twilio SMS webhooks against the host run as a separate process on loopback (its SQLite file holding a
/// generated portfolio), with Twilio's REST API played by a local fake in this process so replies really go out.
/// Reports, in one run: the most turns a second the webhook sustains (closed loop), the same tool's figure for the
/// host's trivial endpoint (/livez), their ratio, and latency at a fixed offered rate (open loop, timed from each
/// request's scheduled start, so queueing counts).
/// </summary>
public static class SmsLoad
{
    private const string AccountSid = "AC00000000000000000000000000000009";
    private const string AuthToken = "load-auth-token-0123456789abcdef";
    private const string OurNumber = "+18005550100";

    private static readonly string[] Script = TurnLoad.Script;

    /// <summary>Runs the load and prints the figures.</summary>
    public static async Task RunAsync(int conversations, int concurrency, double seconds, int rate, string workFolder)
    {
        Directory.CreateDirectory(workFolder);
        var database = await ImportDatabase.CreateAsync(workFolder);
        await database.ImportAsync(PortfolioGenerator.Generate(Math.Max(conversations * 3, 1000)));
        var people = await database.PeopleAsync(conversations);
        await using var twilio = await FakeTwilioApi.StartAsync();
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        using var host = StartHost(database.Path, baseUrl, twilio.BaseAddress);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilLiveAsync(http, host);
            Console.WriteLine($"host pid {host.Id} on {baseUrl}; {people.Count} conversations x {Script.Length} turns; {Environment.ProcessorCount} cores; {concurrency} at a time; {seconds:N0} s a phase");

            var pool = new ConversationPool(people, baseUrl);
            await ClosedLoopAsync(TimeSpan.FromSeconds(10), concurrency, ct => pool.NextTurnAsync(http, ct));
            await ClosedLoopAsync(TimeSpan.FromSeconds(3), concurrency, ct => LivezAsync(http, ct));

            var webhook = await ClosedLoopAsync(TimeSpan.FromSeconds(seconds), concurrency, ct => pool.NextTurnAsync(http, ct));
            Report("webhook turns, closed loop", webhook);
            var trivial = await ClosedLoopAsync(TimeSpan.FromSeconds(seconds), concurrency, ct => LivezAsync(http, ct));
            Report("trivial endpoint /livez, closed loop", trivial);
            Console.WriteLine($"ratio webhook turns / trivial: {webhook.PerSecond / trivial.PerSecond:P1}");

            var offered = await OpenLoopAsync(TimeSpan.FromSeconds(seconds), rate, ct => pool.NextTurnAsync(http, ct));
            Report($"webhook turns offered at {rate}/s, open loop", offered);
            Console.WriteLine($"replies received by the fake Twilio: {twilio.Received}; failed requests: {pool.Failures}");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }

            database.Delete();
        }
    }

    private static async Task<Result> ClosedLoopAsync(TimeSpan duration, int concurrency, Func<CancellationToken, Task<bool>> request)
    {
        var latencies = new List<double>();
        var failures = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            var local = new List<double>();
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await request(CancellationToken.None))
                {
                    Interlocked.Increment(ref failures);
                }

                local.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(local);
            }
        }));
        return new Result(latencies, stopwatch.Elapsed, failures);
    }

    private static async Task<Result> OpenLoopAsync(TimeSpan duration, int rate, Func<CancellationToken, Task<bool>> request)
    {
        var latencies = new List<double>();
        var failures = 0;
        var running = new List<Task>();
        var stopwatch = Stopwatch.StartNew();
        var total = (int)(duration.TotalSeconds * rate);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - stopwatch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            running.Add(Task.Run(async () =>
            {
                var ok = await request(CancellationToken.None);
                var latency = (stopwatch.Elapsed - due).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(latency);
                    failures += ok ? 0 : 1;
                }
            }));
        }

        await Task.WhenAll(running);
        return new Result(latencies, stopwatch.Elapsed, failures);
    }

    private static async Task<bool> LivezAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/livez", cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static void Report(string label, Result result)
    {
        var sorted = result.Latencies.Order().ToList();
        double Percentile(double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
        Console.WriteLine($"{label}: {sorted.Count} in {result.Elapsed.TotalSeconds:N1} s = {result.PerSecond:N0}/s; p50 {Percentile(0.50):N2} ms, p99 {Percentile(0.99):N2} ms, max {Percentile(1):N1} ms; failed {result.Failures}");
    }

    private static Process StartHost(string databasePath, string baseUrl, Uri twilio)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "CollectionsBot.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("Run from inside the repository.");
        }

        var dll = Path.Combine(root, "bot", "bin", "Release", "net10.0", "CollectionsBot.Bot.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the host first: dotnet build -c Release bot ({dll} is missing).");
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            dll, $"--urls={baseUrl}", "--environment=Production", $"--ConnectionStrings:Collections=Data Source={databasePath}",
            "--Logging:LogLevel:Default=Warning", "--Demo:SeedWhenEmpty=false",
            $"--Twilio:AccountSid={AccountSid}", $"--Twilio:AuthToken={AuthToken}", $"--Twilio:FromNumber={OurNumber}",
            $"--Twilio:ApiBaseUrl={twilio}", $"--Twilio:PublicBaseUrl={baseUrl}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The host did not start.");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 })
            {
                Console.Error.WriteLine($"host: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilLiveAsync(HttpClient http, Process host)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {host.ExitCode}.");
            }

            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The host did not answer /healthz within 90 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Result(List<double> Latencies, TimeSpan Elapsed, int Failures)
    {
        public double PerSecond => Latencies.Count / Elapsed.TotalSeconds;
    }

    /// <summary>Conversations that take turns in script order: a conversation is never in two requests at once.</summary>
    private sealed class ConversationPool(List<(string Phone, string Verify)> people, string baseUrl)
    {
        private readonly Queue<(int Person, int Step, int Round)> _idle = new(people.Select((_, i) => (i, 0, 0)));
        private int _sid;
        private int _failures;

        public int Failures => _failures;

        public Task<bool> NextTurnAsync(HttpClient http, CancellationToken cancellationToken)
        {
            (int Person, int Step, int Round) next;
            lock (_idle)
            {
                if (!_idle.TryDequeue(out next))
                {
                    // Every conversation is waiting for an answer: the host is this far behind the offered rate.
                    Interlocked.Increment(ref _failures);
                    return Task.FromResult(false);
                }
            }

            return SendAsync(http, next, cancellationToken);
        }

        private async Task<bool> SendAsync(HttpClient http, (int Person, int Step, int Round) next, CancellationToken cancellationToken)
        {
            var (phone, verify) = people[next.Person];
            var text = Script[next.Step] == "{verify}" ? verify : Script[next.Step];

            // Each round through the script is a new conversation: the debtor writes to another of our numbers.
            var to = $"+1800555{(next.Round % 10000):D4}";
            var fields = new Dictionary<string, string>
            {
                ["MessageSid"] = $"SM{Interlocked.Increment(ref _sid):D32}",
                ["AccountSid"] = AccountSid,
                ["From"] = phone,
                ["To"] = to,
                ["Body"] = text,
                ["NumMedia"] = "0",
            };
            var url = baseUrl + TwilioWebhooks.SmsPath;
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
            request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(url, fields, AuthToken));
            bool ok;
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                ok = response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                ok = false;
            }

            if (!ok)
            {
                Interlocked.Increment(ref _failures);
            }

            lock (_idle)
            {
                var step = next.Step + 1;
                _idle.Enqueue(step == Script.Length ? (next.Person, 0, next.Round + 1) : (next.Person, step, next.Round));
            }

            return ok;
        }
    }

    /// <summary>Twilio's Messages API as far as the host uses it: accepts every message with 201.</summary>
    private sealed class FakeTwilioApi : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _received;

        private FakeTwilioApi(WebApplication app) => _app = app;

        public Uri BaseAddress { get; private set; } = null!;

        public int Received => Volatile.Read(ref _received);

        public static async Task<FakeTwilioApi> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new FakeTwilioApi(app);
            app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", async (HttpContext http) =>
            {
                var form = await http.Request.ReadFormAsync();
                var n = Interlocked.Increment(ref fake._received);
                return Results.Json(new { sid = $"SM{n:D32}", to = form["To"].ToString(), status = "queued" }, statusCode: 201);
            });
            await app.StartAsync();
            fake.BaseAddress = new Uri(app.Urls.Single());
            return fake;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
