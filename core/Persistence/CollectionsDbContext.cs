using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// The one unit of work for the product's data, the desk's accounts and roles included. Provider-specific subclasses (<see cref="SqliteCollectionsDbContext"/>,
/// <see cref="PostgresCollectionsDbContext"/>) exist only so each provider keeps its own migrations.
/// </summary>
public abstract class CollectionsDbContext(DbContextOptions options) : IdentityDbContext<DeskUser>(options)
{
    /// <summary>Creditors.</summary>
    public DbSet<Creditor> Creditors => Set<Creditor>();

    /// <summary>Debtor companies.</summary>
    public DbSet<DebtorCompany> Debtors => Set<DebtorCompany>();

    /// <summary>Contacts at debtor companies.</summary>
    public DbSet<Contact> Contacts => Set<Contact>();

    /// <summary>Per-address, per-channel consent.</summary>
    public DbSet<ChannelConsent> Consents => Set<ChannelConsent>();

    /// <summary>Invoices.</summary>
    public DbSet<Invoice> Invoices => Set<Invoice>();

    /// <summary>Collection cases.</summary>
    public DbSet<CollectionCase> Cases => Set<CollectionCase>();

    /// <summary>Conversations.</summary>
    public DbSet<Conversation> Conversations => Set<Conversation>();

    /// <summary>Messages.</summary>
    public DbSet<Message> Messages => Set<Message>();

    /// <summary>Payment plans.</summary>
    public DbSet<PaymentPlan> PaymentPlans => Set<PaymentPlan>();

    /// <summary>Promises to pay.</summary>
    public DbSet<PromiseToPay> Promises => Set<PromiseToPay>();

    /// <summary>Payments.</summary>
    public DbSet<Payment> Payments => Set<Payment>();

    /// <summary>Payment links given out, and what became of them.</summary>
    public DbSet<PaymentAttempt> PaymentAttempts => Set<PaymentAttempt>();

    /// <summary>Payment provider events already applied.</summary>
    public DbSet<ProcessedPaymentEvent> ProcessedPaymentEvents => Set<ProcessedPaymentEvent>();

    /// <summary>Disputes.</summary>
    public DbSet<Dispute> Disputes => Set<Dispute>();

    /// <summary>Follow-up work: payment checks, callbacks, contact updates.</summary>
    public DbSet<FollowUpTask> FollowUps => Set<FollowUpTask>();

    /// <summary>Web chat conversations on the Direct Line endpoint.</summary>
    public DbSet<DirectLineConversation> DirectLineConversations => Set<DirectLineConversation>();

    /// <summary>Every activity of those conversations, in order.</summary>
    public DbSet<DirectLineActivity> DirectLineActivities => Set<DirectLineActivity>();

    /// <summary>The append-only audit trail.</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>Agents' agreements beyond their own limits, waiting for or decided by a supervisor.</summary>
    public DbSet<AgreementApproval> Approvals => Set<AgreementApproval>();

    // What the last save changed that conversations keep in memory; a pooled context starts each save afresh.
    private CaseVersions? _lastSave;

    // New rows recorded for the next save, outside the change tracker (Record), in the order recorded.
    private List<object> _recorded = [];

    /// <summary>
    /// Records an audit event: the next save writes it with everything else (all or nothing), but it is never
    /// tracked. The trail is append-only and nothing reads an event back through its unit of work, so tracking would
    /// only cost (added, taken out for the prepared INSERT, attached again as saved). A save that fails keeps it for the
    /// next; a unit of work disposed without saving drops it, as it drops every other change. To give up the pending
    /// changes and keep using the unit of work, call <see cref="DiscardChanges"/>: clearing the change tracker alone
    /// would leave recorded rows for the next save.
    /// </summary>
    public void Record(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        _recorded.Add(auditEvent);
    }

    /// <summary>
    /// Records a new message as <see cref="Record(AuditEvent)"/> records an event: written by the next save with its
    /// values at that moment, never tracked. Only for a unit of work that does not change the message after that save
    /// (a bot's turn ends with its save); one that does must add it instead, or the change is never saved.
    /// </summary>
    public void Record(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _recorded.Add(message);
    }

    /// <summary>Gives up every pending change, recorded rows included: the unit of work tracks nothing after.</summary>
    public void DiscardChanges()
    {
        ChangeTracker.Clear();
        _recorded = [];
    }

    /// <inheritdoc />
    /// <remarks>A pooled unit of work is disposed back into its pool: what it recorded and never saved goes with it.</remarks>
    public override void Dispose()
    {
        _recorded = [];
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    /// <remarks>A pooled unit of work is disposed back into its pool: what it recorded and never saved goes with it.</remarks>
    public override async ValueTask DisposeAsync()
    {
        _recorded = [];
        await base.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Whether the last save of this unit of work changed an invoice of the case: the invoices a turn keeps in
    /// memory are read untracked, so after such a save they are read again (<see cref="Conversations.PartiesCache"/>).
    /// </summary>
    public bool LastSaveChangedInvoicesOf(Guid caseId) => _lastSave?.ChangesInvoicesOf(caseId) == true;

    /// <summary>
    /// Whether this unit of work tracks <paramref name="entity"/>, and in which state, as of its last change
    /// detection: without comparing the entity's properties again (<c>Entry(entity).State</c> would), for when only
    /// tracked or not matters, or nothing has changed since the last save.
    /// </summary>
    public EntityState TrackedStateOf(object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var auto = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return Entry(entity).State;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        // The synchronous save has no prepared INSERTs: recorded rows are saved as tracked ones.
        TrackRecorded();
        var (auto, versions) = PrepareSave();
        try
        {
            if (versions is not { Pending: true })
            {
                return base.SaveChanges(acceptAllChangesOnSuccess);
            }

            using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
            var count = base.SaveChanges(acceptAllChangesOnSuccess: false);
            versions.Apply(this);
            own?.Commit();
            if (acceptAllChangesOnSuccess)
            {
                ChangeTracker.AcceptAllChanges();
            }

            return count;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    /// <summary>
    /// Saves as EF does, except that new rows nothing points at (messages, audit events) are written after the rest
    /// through prepared statements (<see cref="LeafRows"/>), and the versions of cases whose parties changed are
    /// bumped (<see cref="CaseVersions"/>), in the same transaction: all or nothing, and after a failure every change
    /// is still pending, so the caller can retry.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!acceptAllChangesOnSuccess)
        {
            // Changes stay pending after this save: so do the recorded rows, as tracked ones.
            TrackRecorded();
        }

        var (auto, versions) = PrepareSave();
        var recorded = _recorded;
        _recorded = [];
        try
        {
            var leaves = acceptAllChangesOnSuccess ? LeafRows.Take(this) : [];
            var written = recorded.Count == 0 ? leaves : [.. leaves, .. ByType(recorded)];
            if (JoinableGroup() is { } group)
            {
                return await SaveInGroupAsync(group, leaves, written, RowUpdates.Writable(this), versions, acceptAllChangesOnSuccess).ConfigureAwait(false);
            }

            if (written.Count == 0 && versions is not { Pending: true })
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
            }

            return await SaveInTransactionAsync(leaves, written, versions, acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not written after all: recorded again, ahead of any recorded since.
            foreach (var group in ByType(recorded))
            {
                LeafRows.Unwrite(this, group);
            }

            _recorded = [.. recorded, .. _recorded];
            throw;
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    // Recorded rows as the direct writes take them: one group a type, each in the order recorded (nothing recorded
    // points at a row of another recorded type, so the groups' order does not matter).
    private static List<List<object>> ByType(List<object> recorded)
    {
        if (recorded.Count == 0)
        {
            return [];
        }

        var first = recorded[0].GetType();
        return recorded.TrueForAll(r => r.GetType() == first) ? [recorded] : [.. recorded.GroupBy(r => r.GetType()).Select(g => g.ToList())];
    }

    // Hands the recorded rows to the change tracker, for the saves that do not write them directly.
    private void TrackRecorded()
    {
        if (_recorded.Count > 0)
        {
            AddRange(_recorded);
            _recorded = [];
        }
    }

    /// <summary>
    /// The group transaction this save may join (<see cref="SqliteGroupCommit"/>), or null to save in a transaction of
    /// its own on this unit of work's connection.
    /// </summary>
    private protected virtual SqliteGroupCommit? JoinableGroup() => null;

    // Writes inside the group's transaction (on its writer connection, under the save's own savepoint) and accepts the
    // changes only once it has committed; after any failure every change is still pending.
    // When the rest of the save is only rows added to or changed in plain tables (a turn's usual save), they are
    // written as prepared INSERTs and UPDATEs (LeafRows, RowUpdates) instead of through EF's update pipeline, which
    // would plan them while the group's writer is held.
    // The leaves were taken from the change tracker and are put back as saved (or as added after a failure); the rows
    // written are those and the recorded audit events.
    private async Task<int> SaveInGroupAsync(SqliteGroupCommit group, List<List<object>> leaves, List<List<object>> written, RowUpdates.DirectWrites? direct, CaseVersions? versions, bool acceptAllChangesOnSuccess)
    {
        try
        {
            // The writer is shared and serial: what can be done before the save's turn on it is done now. Direct writes'
            // values are read here (EF's pipeline, when needed, runs on the writer and the leaves are read after it).
            var firstRows = direct is null ? null : LeafRows.PrepareFirst(this, direct.Inserts);
            var updates = direct is null ? null : RowUpdates.Prepare(this, direct.Updates);
            var leafRows = direct is null ? null : LeafRows.Prepare(this, written);
            var saved = await group.SaveAsync(this, async writer =>
            {
                // Direct writes go straight to the group's transaction; EF's own commands (its update pipeline, the
                // versions' bulk update) need this unit of work lent the writer connection, which costs the writer time.
                var transaction = writer.Transaction;
                int count;
                if (direct is not null)
                {
                    count = await LeafRows.WriteAsync(this, firstRows!, transaction, CancellationToken.None).ConfigureAwait(false) +
                              await RowUpdates.UpdateAsync(this, updates!, transaction, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await writer.EnlistAsync().ConfigureAwait(false);

                    // The group's savepoint already isolates this save: EF's own would only add two statements.
                    var savepoints = Database.AutoSavepointsEnabled;
                    Database.AutoSavepointsEnabled = false;
                    try
                    {
                        count = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, CancellationToken.None).ConfigureAwait(false);
                    }
                    finally
                    {
                        Database.AutoSavepointsEnabled = savepoints;
                    }
                }

                if (versions is { Pending: true })
                {
                    await writer.EnlistAsync().ConfigureAwait(false);
                    await versions.ApplyAsync(this, CancellationToken.None).ConfigureAwait(false);
                }

                return count + await LeafRows.WriteAsync(this, leafRows ?? LeafRows.Prepare(this, written), transaction, CancellationToken.None).ConfigureAwait(false);
            }).ConfigureAwait(false);
            Accept(leaves, acceptAllChangesOnSuccess);
            return saved;
        }
        catch
        {
            LeafRows.Restore(this, leaves);
            throw;
        }
    }

    private void Accept(List<List<object>> leaves, bool acceptAllChangesOnSuccess)
    {
        if (acceptAllChangesOnSuccess)
        {
            ChangeTracker.AcceptAllChanges();
        }

        foreach (var group in leaves)
        {
            foreach (var entity in group)
            {
                Entry(entity).State = EntityState.Unchanged;
            }
        }
    }

    private async Task<int> SaveInTransactionAsync(List<List<object>> leaves, List<List<object>> written, CaseVersions? versions, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            // Changes are accepted only once everything is written, so a failure leaves them all pending. EF's own
            // savepoint inside our transaction would only add two statements: a failure rolls the whole save back.
            var savepoints = Database.AutoSavepointsEnabled;
            Database.AutoSavepointsEnabled = own is null && savepoints;
            int count;
            try
            {
                count = await base.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Database.AutoSavepointsEnabled = savepoints;
            }

            if (versions is not null)
            {
                await versions.ApplyAsync(this, cancellationToken).ConfigureAwait(false);
            }

            count += await LeafRows.InsertAsync(this, written, transaction: null, cancellationToken).ConfigureAwait(false);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            Accept(leaves, acceptAllChangesOnSuccess);
            return count;
        }
        catch
        {
            LeafRows.Restore(this, leaves);
            throw;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder); // the desk's accounts and roles (ASP.NET Core Identity)
        builder.ApplyConfigurationsFromAssembly(typeof(CollectionsDbContext).Assembly);
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Money: 18 integer digits and 4 decimals covers every ISO 4217 minor unit.
        configurationBuilder.Properties<decimal>().HavePrecision(22, 4);
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    // Detects changes once (not again in Entries() and in the base save: each pass walks every tracked entity),
    // checks and versions; returns the caller's auto-detect setting, which the save restores, and the case versions
    // still to bump in the database.
    private (bool AutoDetect, CaseVersions? Versions) PrepareSave()
    {
        var auto = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEvent && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                ChangeTracker.AutoDetectChangesEnabled = auto;
                throw new InvalidOperationException("The audit trail is append-only: audit events cannot be changed or deleted.");
            }

            if (entry.Entity is IVersioned && entry.State == EntityState.Modified && HasRealChanges(entry))
            {
                // Through the tracker, so the UPDATE writes the new version whether or not changes are
                // detected again; the WHERE clause still checks the original one. From the original, so a version
                // bumped already (CaseVersions) moves by one.
                var version = entry.Property(nameof(IVersioned.Version));
                version.CurrentValue = (long)version.OriginalValue! + 1;
            }
        }

        _lastSave = CaseVersions.Collect(this);
        return (auto, _lastSave);
    }

    private static bool HasRealChanges(EntityEntry entry) =>
        entry.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(IVersioned.Version)) ||
        entry.ComplexProperties.Any(c => c.IsModified);
}
