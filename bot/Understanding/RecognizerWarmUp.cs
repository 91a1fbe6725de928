namespace CollectionsBot.Bot.Understanding;

/// <summary>Trains the recognizer's classifier in the background at start, so the first message does not wait for it.</summary>
internal sealed partial class RecognizerWarmUp(ILogger<RecognizerWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        EmbeddedRecognizer.WarmUp();
        var milliseconds = (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogReady(logger, milliseconds);
    }, stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Language understanding ready: classifier trained in {Milliseconds} ms")]
    private static partial void LogReady(ILogger logger, long milliseconds);
}
