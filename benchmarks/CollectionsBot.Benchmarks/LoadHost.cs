using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using CollectionsBot.Bot.Channels.Sms;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// The host run as a second process for load runs: the Release build on a free loopback port, Production
/// environment, the runtime settings <c>dotnet run</c> starts it with (<see cref="RuntimeSettings"/>), on a prepared
/// SQLite file, with Twilio's REST API pointed at <see cref="FakeTwilioApi"/>. The process
/// is killed when this is disposed, and also when the benchmark ends early (Ctrl+C, SIGTERM, SIGQUIT, SIGHUP, an
/// unhandled failure).
/// </summary>
public sealed class LoadHost : IAsyncDisposable
{
    /// <summary>The Twilio account the host is configured with.</summary>
    public const string AccountSid = "AC00000000000000000000000000000009";

    /// <summary>The auth token webhooks are signed with.</summary>
    public const string AuthToken = "load-auth-token-0123456789abcdef";

    /// <summary>Our number (the host's Twilio:FromNumber).</summary>
    public const string OurNumber = "+18005550100";

    private readonly Process _process;
    private readonly List<PosixSignalRegistration> _signals;
    private readonly EventHandler _onExit;
    private readonly UnhandledExceptionEventHandler _onCrash;

    private LoadHost(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;

        // The signal still ends this process as it would (the handler does not cancel it); the host goes first.
        _signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, _ => Kill()))];
        _onExit = (_, _) => Kill();
        _onCrash = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
        AppDomain.CurrentDomain.UnhandledException += _onCrash;
    }

    /// <summary>The host's address, http://127.0.0.1:port.</summary>
    public string BaseUrl { get; }

    /// <summary>The host's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The CPU time the host process has used so far, over all its threads.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts the host on <paramref name="databasePath"/> and waits until /healthz answers; kills it if it does not.
    /// <paramref name="floor"/>: this program's <see cref="FloorHost"/> instead of the host, on the same terms.
    /// </summary>
    public static async Task<LoadHost> StartAsync(string databasePath, Uri twilio, bool floor = false)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "CollectionsBot.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("Run from inside the repository.");
        }

        var dll = floor ? typeof(FloorHost).Assembly.Location : Path.Combine(root, "bot", "bin", "Release", "net10.0", "CollectionsBot.Bot.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"Build the host first: dotnet build -c Release bot ({dll} is missing).");
        }

        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments = floor
            ? [dll, "floor-host", "--urls", baseUrl, "--db", databasePath, "--twilio", twilio.ToString()]
            :
            [
                dll, $"--urls={baseUrl}", "--environment=Production", $"--ConnectionStrings:Collections=Data Source={databasePath}",
                "--Logging:LogLevel:Default=Warning", "--Demo:SeedWhenEmpty=false",
                $"--Twilio:AccountSid={AccountSid}", $"--Twilio:AuthToken={AuthToken}", $"--Twilio:FromNumber={OurNumber}",
                $"--Twilio:ApiBaseUrl={twilio}", $"--Twilio:PublicBaseUrl={baseUrl}",
            ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in RuntimeSettings(root))
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The host did not start.");
        var host = new LoadHost(process, baseUrl);
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
        try
        {
            await host.WaitUntilLiveAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The runtime's settings (the <c>DOTNET_</c> variables, such as the garbage collector's gen0 budget, which the
    /// runtime reads from the environment only) of the host's launch profile, bot/Properties/launchSettings.json: the
    /// host runs here as <c>dotnet run</c> starts it and as the README asks of a deployment.
    /// </summary>
    private static IEnumerable<(string Name, string Value)> RuntimeSettings(string root)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "bot", "Properties", "launchSettings.json")));
        foreach (var profile in settings.RootElement.GetProperty("profiles").EnumerateObject().Take(1))
        {
            if (profile.Value.TryGetProperty("environmentVariables", out var variables))
            {
                foreach (var variable in variables.EnumerateObject().Where(v => v.Name.StartsWith("DOTNET_", StringComparison.Ordinal)))
                {
                    yield return (variable.Name, variable.Value.GetString() ?? "");
                }
            }
        }
    }

    /// <summary>An inbound SMS webhook as Twilio sends it, signed with <see cref="AuthToken"/>.</summary>
    public HttpRequestMessage SignedSms(string messageSid, string from, string to, string body)
    {
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = messageSid,
            ["AccountSid"] = AccountSid,
            ["From"] = from,
            ["To"] = to,
            ["Body"] = body,
            ["NumMedia"] = "0",
        };
        var url = BaseUrl + TwilioWebhooks.SmsPath;
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(url, fields, AuthToken));
        return request;
    }

    /// <summary>Kills the host and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        AppDomain.CurrentDomain.UnhandledException -= _onCrash;
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task WaitUntilLiveAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode}.");
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
}

/// <summary>Twilio's Messages API as far as the host uses it: accepts every message with 201.</summary>
public sealed class FakeTwilioApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _received;

    private FakeTwilioApi(WebApplication app) => _app = app;

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many messages the host has sent.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Starts it on a free loopback port.</summary>
    public static async Task<FakeTwilioApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();

        // Not the console lifetime: it would take Ctrl+C and SIGTERM for itself, stop only this fake and leave the
        // benchmark running.
        builder.Services.AddSingleton<IHostLifetime, NoConsoleLifetime>();
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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class NoConsoleLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Requests started at a fixed rate whatever the answers (open loop), each told its scheduled start.</summary>
public static class OpenLoop
{
    /// <summary>
    /// Starts <paramref name="rate"/> a second for <paramref name="duration"/>; <paramref name="request"/> gets the
    /// request's number and its scheduled start (a <see cref="Stopwatch"/> timestamp), so latency can be timed from
    /// when it should have started and queueing counts. Returns when every request has finished.
    /// </summary>
    public static async Task<TimeSpan> RunAsync(TimeSpan duration, double rate, Func<int, long, Task> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var running = new List<Task>();
        var stopwatch = Stopwatch.StartNew();
        var started = Stopwatch.GetTimestamp();
        var total = (int)(duration.TotalSeconds * rate);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - stopwatch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var number = i;
            var dueTimestamp = started + (long)(due.TotalSeconds * Stopwatch.Frequency);
            running.Add(Task.Run(() => request(number, dueTimestamp)));
        }

        await Task.WhenAll(running);
        return stopwatch.Elapsed;
    }

    /// <summary>Milliseconds from a <see cref="Stopwatch"/> timestamp to another.</summary>
    public static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
