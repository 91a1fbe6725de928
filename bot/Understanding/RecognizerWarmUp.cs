namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// Trains the recognizer's classifier in the background shortly after the host has started, so the first message
/// does not wait for it and the start itself (migrations, health) does not compete with it for the CPU.
/// A message that arrives earlier trains it on the spot.
/// </summary>
internal sealed partial class RecognizerWarmUp(IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<RecognizerWarmUp> logger) : BackgroundService
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        await Task.Delay(Delay, clock, stoppingToken);
        var timestamp = clock.GetTimestamp();
        await Task.Run(EmbeddedRecognizer.WarmUp, stoppingToken);
        var milliseconds = (long)clock.GetElapsedTime(timestamp).TotalMilliseconds;
        LogReady(logger, milliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Language understanding ready: classifier trained in {Milliseconds} ms")]
    private static partial void LogReady(ILogger logger, long milliseconds);
}
