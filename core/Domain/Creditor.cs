namespace CollectionsBot.Core.Domain;

/// <summary>Whether the creditor collects its own receivables or an agency collects for it.</summary>
public enum CreditorKind
{
    /// <summary>The supplier collects its own invoices.</summary>
    FirstParty = 0,

    /// <summary>A collection agency acting for the supplier; agency disclosures apply.</summary>
    Agency = 1,
}

/// <summary>A business whose receivables are collected: the supplier itself or an agency acting for it.</summary>
public sealed class Creditor
{
    private Creditor()
    {
    }

    /// <summary>Creates a creditor with default negotiation limits and compliance rules.</summary>
    public Creditor(string name, CreditorKind kind, string timeZone, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = SequentialGuids.Next(createdAt);
        Name = name.Trim();
        Kind = kind;
        TimeZone = TimeZones.Require(timeZone);
        CreatedAt = createdAt;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>Trading name as the debtor knows it.</summary>
    public string Name { get; private set; } = "";

    /// <summary>First party or agency.</summary>
    public CreditorKind Kind { get; set; }

    /// <summary>IANA time zone of the creditor's office, e.g. "America/Chicago".</summary>
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>Where and how payments outside the payment link are remitted.</summary>
    public RemitTo RemitTo { get; set; } = new();

    /// <summary>The supervisor-set limits the bot negotiates within.</summary>
    public NegotiationPolicy Policy { get; set; } = new();

    /// <summary>
    /// What a person at the desk may agree without a supervisor's approval; beyond it a supervisor approves. Never
    /// narrower than <see cref="Policy"/> in effect (<see cref="AgentAuthority"/>).
    /// </summary>
    public NegotiationPolicy AgentPolicy { get; set; } = NegotiationPolicy.AgentDefaults();

    /// <summary>The agent's room in effect: <see cref="AgentPolicy"/>, widened to the bot's limits wherever those are more generous.</summary>
    public NegotiationPolicy AgentAuthority => AgentPolicy.Widest(Policy);

    /// <summary>Contact windows, caps and disclosures for this creditor's jurisdiction.</summary>
    public ComplianceProfile Compliance { get; set; } = new();

    /// <summary>
    /// The wording profile the bot speaks in: a folder under prompts/messages (e.g. "standard", "formal"). A profile
    /// may override only some messages; the rest come from "standard".
    /// </summary>
    public string ToneProfile { get; set; } = "standard";

    /// <summary>When the creditor was first recorded.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Moves the creditor's office to another IANA time zone.</summary>
    public void ChangeTimeZone(string timeZone) => TimeZone = TimeZones.Require(timeZone);
}

/// <summary>Remittance details quoted to debtors who pay by bank transfer or check.</summary>
public sealed class RemitTo
{
    /// <summary>Name the payment should be made out to.</summary>
    public string? PayeeName { get; set; }

    /// <summary>Postal address for checks, one line per line break.</summary>
    public string? Address { get; set; }

    /// <summary>Bank name.</summary>
    public string? BankName { get; set; }

    /// <summary>Account number or IBAN.</summary>
    public string? AccountNumber { get; set; }

    /// <summary>Routing number, sort code or BIC.</summary>
    public string? RoutingCode { get; set; }

    /// <summary>What the debtor should quote as reference.</summary>
    public string? ReferenceInstructions { get; set; }
}
