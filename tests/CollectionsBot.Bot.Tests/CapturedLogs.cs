using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Bot.Tests;

/// <summary>
/// Every log line written that the logging rules let through, from every category (for a test host under its
/// Warning default, its warnings and errors; for the LLM connector's tests, everything, HttpClient's lines too).
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Lines => [.. _lines];

    public IEnumerable<string> At(LogLevel level) => Lines.Where(l => l.Level >= level).Select(l => l.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>
    /// Writes the newest <paramref name="newest"/> lines to a test's output (the runner shows it with a failed test),
    /// so a failure's report carries what its host said rather than every host's lines on the shared console.
    /// </summary>
    public void WriteTo(ITestOutputHelper? output, int newest = 60)
    {
        var lines = Lines;
        if (output is null || lines.Count == 0)
        {
            return;
        }

        try
        {
            output.WriteLine($"Host log ({lines.Count} lines{(lines.Count > newest ? $", the first {lines.Count - newest} left out" : "")}):");
            foreach (var (level, category, message) in lines.Skip(Math.Max(0, lines.Count - newest)))
            {
                output.WriteLine($"{level} {category}: {message}");
            }
        }
        catch (InvalidOperationException)
        {
            // The test has already ended: its output is closed.
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._lines.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : $" {exception}")));
    }
}
