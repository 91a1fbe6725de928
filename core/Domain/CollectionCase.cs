namespace CollectionsBot.Core.Domain;

/// <summary>Where a case stands in the collection process (PRODUCT.md, "The collection process").</summary>
public enum CaseStage
{
    /// <summary>Loaded, nobody contacted yet.</summary>
    New = 0,

    /// <summary>Gentle reminders around the due date.</summary>
    Reminding = 1,

    /// <summary>Follow-ups on the creditor's cadence.</summary>
    FollowingUp = 2,

    /// <summary>A conversation about terms is under way.</summary>
    Negotiating = 3,

    /// <summary>A payment plan or promise to pay is in place.</summary>
    Arranged = 4,

    /// <summary>A formal demand letter has gone out.</summary>
    DemandIssued = 5,

    /// <summary>With a person, an agency or legal.</summary>
    Escalated = 6,

    /// <summary>Nothing left to collect.</summary>
    Resolved = 7,
}

/// <summary>
/// The collection of one debtor's invoices for one creditor. Its stage moves only along
/// <see cref="AllowedTransitions"/>; cease conditions (insolvency, counsel) stop automated collection.
/// </summary>
public sealed class CollectionCase : IVersioned
{
    private static readonly Dictionary<CaseStage, CaseStage[]> Transitions = new()
    {
        [CaseStage.New] = [CaseStage.Reminding, CaseStage.FollowingUp, CaseStage.Negotiating, CaseStage.Arranged, CaseStage.Escalated, CaseStage.Resolved],
        [CaseStage.Reminding] = [CaseStage.FollowingUp, CaseStage.Negotiating, CaseStage.Arranged, CaseStage.DemandIssued, CaseStage.Escalated, CaseStage.Resolved],
        [CaseStage.FollowingUp] = [CaseStage.Negotiating, CaseStage.Arranged, CaseStage.DemandIssued, CaseStage.Escalated, CaseStage.Resolved],
        [CaseStage.Negotiating] = [CaseStage.FollowingUp, CaseStage.Arranged, CaseStage.DemandIssued, CaseStage.Escalated, CaseStage.Resolved],
        [CaseStage.Arranged] = [CaseStage.FollowingUp, CaseStage.Negotiating, CaseStage.DemandIssued, CaseStage.Escalated, CaseStage.Resolved],
        [CaseStage.DemandIssued] = [CaseStage.Negotiating, CaseStage.Arranged, CaseStage.Escalated, CaseStage.Resolved],
        [CaseStage.Escalated] = [CaseStage.FollowingUp, CaseStage.Negotiating, CaseStage.Arranged, CaseStage.Resolved],
        [CaseStage.Resolved] = [CaseStage.New, CaseStage.FollowingUp],
    };

    private CollectionCase()
    {
    }

    /// <summary>Opens a case for a debtor of a creditor.</summary>
    public CollectionCase(DebtorCompany debtor, DateTimeOffset openedAt)
    {
        ArgumentNullException.ThrowIfNull(debtor);
        Id = SequentialGuids.Next(openedAt);
        CreditorId = debtor.CreditorId;
        DebtorId = debtor.Id;
        Stage = CaseStage.New;
        OpenedAt = openedAt;
        StageChangedAt = openedAt;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The creditor collecting.</summary>
    public Guid CreditorId { get; private set; }

    /// <summary>The debtor company.</summary>
    public Guid DebtorId { get; private set; }

    /// <summary>Current stage.</summary>
    public CaseStage Stage { get; private set; }

    /// <summary>When the case was opened.</summary>
    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>When the stage last changed.</summary>
    public DateTimeOffset StageChangedAt { get; private set; }

    /// <summary>
    /// When the debtor was last contacted by anyone on the creditor's side, at most <see cref="ContactResolution"/>
    /// behind the latest contact (the messages themselves hold every time).
    /// </summary>
    public DateTimeOffset? LastContactAt { get; private set; }

    /// <summary>Set when the debtor gave notice of insolvency: the automatic stay ends automated collection.</summary>
    public DateTimeOffset? InsolventSince { get; private set; }

    /// <summary>The debtor's counsel, once they said they are represented: contact goes through counsel only.</summary>
    public Guid? CounselContactId { get; private set; }

    /// <summary>Reminders wait until then (e.g. while a claimed payment is verified).</summary>
    public DateTimeOffset? RemindersPausedUntil { get; private set; }

    /// <summary>Optimistic concurrency token, bumped on every save that changes the row.</summary>
    public long Version { get; private set; }

    /// <summary>Stages reachable from <paramref name="from"/>.</summary>
    public static IReadOnlyList<CaseStage> AllowedTransitions(CaseStage from) => Transitions[from];

    /// <summary>False once a cease condition holds: no reminders, no bot-initiated contact about the debt.</summary>
    public bool AllowsAutomatedCollection => InsolventSince is null && CounselContactId is null;

    /// <summary>Moves to <paramref name="stage"/>; throws <see cref="InvalidOperationException"/> on a move the process does not allow.</summary>
    public void MoveTo(CaseStage stage, DateTimeOffset at)
    {
        if (stage == Stage)
        {
            return;
        }

        if (!Transitions[Stage].Contains(stage))
        {
            throw new InvalidOperationException($"A case cannot move from {Stage} to {stage}.");
        }

        Stage = stage;
        StageChangedAt = at;
    }

    /// <summary>
    /// Follows the invoices: with nothing left to collect or contest the case is resolved; a resolved case whose
    /// balance comes back (new invoice, refund, chargeback) reopens. Returns true when the stage changed.
    /// </summary>
    public bool Reconcile(IEnumerable<Invoice> invoices, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var outstanding = invoices.Any(i => i.CaseId == Id && i.Balance > 0m && i.Status is InvoiceStatus.Open or InvoiceStatus.Disputed);
        var before = Stage;
        if (!outstanding && Stage != CaseStage.Resolved)
        {
            MoveTo(CaseStage.Resolved, at);
        }
        else if (outstanding && Stage == CaseStage.Resolved)
        {
            MoveTo(LastContactAt is null ? CaseStage.New : CaseStage.FollowingUp, at);
        }

        return Stage != before;
    }

    /// <summary>
    /// How closely <see cref="LastContactAt"/> follows contacts: a contact within this of the one recorded leaves
    /// it. A conversation's replies come seconds apart, and each would otherwise rewrite the case, and with it the
    /// version that every turn on the case checks its kept parties against.
    /// </summary>
    public static readonly TimeSpan ContactResolution = TimeSpan.FromMinutes(1);

    /// <summary>Records an outbound contact attempt (see <see cref="ContactResolution"/>).</summary>
    public void RecordContact(DateTimeOffset at)
    {
        if (LastContactAt is null || at - LastContactAt >= ContactResolution)
        {
            LastContactAt = at;
        }
    }

    /// <summary>Records notice of insolvency proceedings and escalates to a person.</summary>
    public void RecordInsolvency(DateTimeOffset at)
    {
        InsolventSince ??= at;
        if (Stage != CaseStage.Resolved)
        {
            MoveTo(CaseStage.Escalated, at);
        }
    }

    /// <summary>Records that the debtor is represented by counsel and escalates to a person.</summary>
    public void RecordCounsel(Contact counsel, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(counsel);
        if (counsel.Role != ContactRole.Counsel)
        {
            throw new ArgumentException("The contact must have the counsel role.", nameof(counsel));
        }

        CounselContactId = counsel.Id;
        if (Stage != CaseStage.Resolved)
        {
            MoveTo(CaseStage.Escalated, at);
        }
    }

    /// <summary>Holds reminders until <paramref name="until"/>.</summary>
    public void PauseReminders(DateTimeOffset until) => RemindersPausedUntil = until;

}
