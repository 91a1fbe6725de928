using System.Collections.Concurrent;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Core.Conversations;

/// <summary>
/// Keeps each case's parties (case, creditor, debtor with contacts, contact, invoices) in memory between the turns of
/// its conversations, so a turn reads one number instead of four queries; a new conversation with the same contact
/// (a reply to a reminder from another of our numbers, the web chat after a text) finds them too. An entry is good
/// only while its case's row version is the one it was kept at: every save, in any process, that changes something an
/// entry holds bumps that version (<see cref="CaseVersions"/>), so the version read at the start of a turn is the
/// whole check. A turn takes its entry out while it runs (nothing else can touch those objects: a turn of another
/// conversation of the case meanwhile loads its own) and gives it back after its save succeeded, with the version that
/// save left; a failed turn gives nothing back, and the next turn loads afresh.
/// </summary>
public sealed class PartiesCache
{
    // Compiled once: the check every turn makes.
    private static readonly Func<CollectionsDbContext, Guid, CancellationToken, Task<long>> CaseVersionQuery =
        EF.CompileAsyncQuery((CollectionsDbContext db, Guid caseId, CancellationToken ct) => db.Cases.Where(c => c.Id == caseId).Select(c => c.Version).Single());

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly int _capacity;
    private int _count; // ConcurrentDictionary.Count takes every lock of the table: kept here instead
    private long _hits;
    private long _misses;

    /// <summary>How many cases are kept unless configured.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> cases (0 turns it off).</summary>
    public PartiesCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>How many cases' parties are kept now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Turns whose parties came from memory.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Turns with a case whose parties were loaded from the database.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// The conversation's parties, tracked by <paramref name="db"/> as <see cref="ConversationParties.LoadAsync"/>
    /// leaves them: from memory when the kept entry is still current, else from the database.
    /// <paramref name="caseVersion"/>: the version of the conversation's case, when the caller has just read it in
    /// <paramref name="db"/> (with the conversation itself); the check then asks no query of its own.
    /// </summary>
    public async Task<ConversationParties> LoadAsync(CollectionsDbContext db, Conversation conversation, CancellationToken cancellationToken, long? caseVersion = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(conversation);
        if (_capacity > 0 && conversation.CaseId is { } caseId && _entries.TryRemove(caseId, out var kept))
        {
            Interlocked.Decrement(ref _count);
            // Attaching needs a unit of work that tracks none of these yet (it could not track two objects for one row).
            if (kept.Fits(conversation) && !TracksParties(db) && (caseVersion ?? await CaseVersionQuery(db, caseId, cancellationToken).ConfigureAwait(false)) == kept.CaseVersion)
            {
                Interlocked.Increment(ref _hits);
                return kept.AttachTo(db, conversation);
            }
        }

        if (conversation.CaseId is not null)
        {
            Interlocked.Increment(ref _misses);
        }

        return await ConversationParties.LoadAsync(db, conversation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps the parties of a turn whose save has just succeeded, for the next turn on the case. The objects hold
    /// what the save wrote (the case's version included, since a save that changes the case bumps it through these
    /// very objects), except invoices changed through other objects: then the next turn loads afresh. Call it straight
    /// after the save, with nothing changed in between: the case's state is read as the save left it.
    /// </summary>
    public void Keep(CollectionsDbContext db, ConversationParties parties)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(parties);
        if (_capacity == 0 || parties.Case is not { } collectionCase || parties.Creditor is null || parties.Debtor is null ||
            db.LastSaveChangedInvoicesOf(collectionCase.Id) || db.TrackedStateOf(collectionCase) != EntityState.Unchanged)
        {
            return;
        }

        if (Count >= _capacity)
        {
            // Full: make room by dropping an arbitrary tenth (a case that comes back loads afresh).
            foreach (var key in _entries.Keys.Take(Math.Max(1, _capacity / 10)))
            {
                Forget(key);
            }
        }

        var entry = new Entry(parties, collectionCase.Version);
        if (_entries.TryAdd(collectionCase.Id, entry))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            _entries[collectionCase.Id] = entry;
        }
    }

    // Without detecting changes first (Entries() would compare every tracked object's properties): only which objects
    // are tracked matters here.
    private static bool TracksParties(CollectionsDbContext db)
    {
        var tracker = db.ChangeTracker;
        var auto = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return tracker.Entries().Any(e => e.Entity is CollectionCase or DebtorCompany or Contact);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = auto;
        }
    }

    /// <summary>Forgets a case's parties.</summary>
    public void Forget(Guid caseId)
    {
        if (_entries.TryRemove(caseId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    // What a case's turns share, without the conversation of the turn that kept it: a conversation lives on in its
    // own turns, and keeping it here would hold it (with its dialog state) until the case's next conversation,
    // long enough to reach the runtime's oldest generation and be collected there.
    private sealed class Entry(ConversationParties parties, long caseVersion)
    {
        private readonly CollectionCase _case = parties.Case!;
        private readonly Creditor? _creditor = parties.Creditor;
        private readonly DebtorCompany _debtor = parties.Debtor!;
        private readonly Contact? _contact = parties.Contact;
        private readonly IReadOnlyList<Invoice> _invoices = parties.Invoices;

        public long CaseVersion { get; } = caseVersion;

        public bool Fits(Conversation conversation) =>
            _case.Id == conversation.CaseId && (_contact?.Id ?? null) == conversation.ContactId;

        /// <summary>Tracks the kept objects in a new unit of work, unchanged, as a load would have left them (the creditor untracked).</summary>
        public ConversationParties AttachTo(CollectionsDbContext db, Conversation conversation)
        {
            db.Attach(_case);
            db.Attach(_debtor);
            if (_contact is { } contact && db.TrackedStateOf(contact) == EntityState.Detached)
            {
                db.Attach(contact);
            }

            return new ConversationParties(conversation, _case, _creditor, _debtor, _contact, _invoices);
        }
    }
}
