namespace CollectionsBot.Bot.Dialogs.Engine;

/// <summary>
/// How many conversation turns run at once in this process (<see cref="ConversationOptions.MaxTurnsAtOnce"/>, default
/// <see cref="DefaultCapacity"/>); the others wait for a slot in the order they came, holding nothing. A turn runs
/// fastest with a unit of work that keeps its connection open (its statements compiled once) and joins the file's
/// group commit, and there are <see cref="Core.Persistence.SqliteStatements.MaxHeld"/> such connections. Past them,
/// turns open connections of their own, compile every statement again and commit one at a time: each costs several
/// times more exactly when the host is already behind, so a burst that outran it for a moment snowballed into seconds
/// of delay. Waiting here costs nothing, keeps every turn on the fast path, and leaves connections for deliveries, the
/// desk and the APIs. On two cores a few turns at once already keep both busy.
/// </summary>
public sealed class TurnSlots : IDisposable
{
    /// <summary>Turns at once unless configured: half the connections kept open.</summary>
    public const int DefaultCapacity = Core.Persistence.SqliteStatements.MaxHeld / 2;

    private readonly SemaphoreSlim _slots;

    /// <summary>Creates the slots.</summary>
    public TurnSlots(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _slots = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>How many turns may run at once.</summary>
    public int Capacity { get; }

    /// <summary>How many turns run now.</summary>
    public int Running => Capacity - _slots.CurrentCount;

    /// <summary>Waits for a slot (first come, first served); dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
