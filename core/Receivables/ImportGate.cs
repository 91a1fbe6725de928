namespace CollectionsBot.Core.Receivables;

/// <summary>Lets one receivables import write at a time in this process (a singleton).</summary>
public sealed class ImportGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    /// <summary>Waits for the turn to write.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    /// <summary>Ends the turn.</summary>
    public void Release() => _semaphore.Release();

    /// <inheritdoc />
    public void Dispose() => _semaphore.Dispose();
}
