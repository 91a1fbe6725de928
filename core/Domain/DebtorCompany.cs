namespace CollectionsBot.Core.Domain;

/// <summary>
/// A business that owes a creditor money. Debtors are held per creditor: the reference is the creditor's own
/// customer account number, and one creditor's records never leak into another's.
/// </summary>
public sealed class DebtorCompany
{
    private readonly List<Contact> _contacts = [];

    private DebtorCompany()
    {
    }

    /// <summary>Creates a debtor of <paramref name="creditorId"/>.</summary>
    public DebtorCompany(Guid creditorId, string name, string reference, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        Id = SequentialGuids.Next(createdAt);
        CreditorId = creditorId;
        Name = name.Trim();
        Reference = reference.Trim();
        CreatedAt = createdAt;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The creditor this debtor owes.</summary>
    public Guid CreditorId { get; private set; }

    /// <summary>Company name.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The creditor's customer reference, unique per creditor; also a verification factor.</summary>
    public string Reference { get; private set; } = "";

    /// <summary>Postal code the creditor holds for the debtor, an optional verification factor.</summary>
    public string? PostalCode { get; set; }

    /// <summary>When first recorded.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The debtor's people the bot may talk to.</summary>
    public IReadOnlyList<Contact> Contacts => _contacts;

    /// <summary>Renames the company (the creditor's records are authoritative). Returns true when it changed.</summary>
    public bool Rename(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        if (trimmed == Name)
        {
            return false;
        }

        Name = trimmed;
        return true;
    }

    /// <summary>Adds a contact to the company.</summary>
    public Contact AddContact(string name, string? phoneE164, string? email, string timeZone, DateTimeOffset createdAt)
    {
        var contact = new Contact(Id, name, phoneE164, email, timeZone, createdAt);
        _contacts.Add(contact);
        return contact;
    }
}
