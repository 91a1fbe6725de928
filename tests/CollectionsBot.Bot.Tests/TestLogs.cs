using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Bot.Tests;

/// <summary>
/// A test host's log, kept beside the test instead of on the test process's console: the lines are written to the
/// test's own output when the host stops (the runner shows it with a failed test), the last <see cref="Kept"/> of
/// them, so a failure's report names the test and what its host said rather than the whole run's hosts at once.
/// </summary>
internal sealed class TestLogs : ILoggerProvider
{
    /// <summary>How many of the newest lines are written out.</summary>
    public const int Kept = 60;

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ITestOutputHelper? _output = TestContext.Current.TestOutputHelper;
    private int _count;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Writes the newest lines to the test's output (once the host has stopped, so nothing is still arriving).</summary>
    public void WriteToTestOutput()
    {
        var lines = new List<string>();
        while (_lines.TryDequeue(out var line))
        {
            lines.Add(line);
        }

        if (_output is null || lines.Count == 0)
        {
            return;
        }

        var total = Volatile.Read(ref _count);
        var skipped = total - Math.Min(lines.Count, Kept);
        try
        {
            _output.WriteLine($"Host log ({total} lines{(skipped > 0 ? $", the first {skipped} left out" : "")}):");
            foreach (var line in lines.Skip(lines.Count - Math.Min(lines.Count, Kept)))
            {
                _output.WriteLine(line);
            }
        }
        catch (InvalidOperationException)
        {
            // The test has already ended (a host stopped by a class fixture): its output is closed.
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(TestLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" {exception}")}";
            logs._lines.Enqueue(line);
            if (Interlocked.Increment(ref logs._count) > 4 * Kept)
            {
                // Keep memory flat for a chatty host: only the newest lines are ever written out.
                logs._lines.TryDequeue(out _);
            }
        }
    }
}
