namespace CollectionsBot.Core.Domain;

/// <summary>What a contact does at the debtor company.</summary>
public enum ContactRole
{
    /// <summary>Accounts payable: the person the bot collects from.</summary>
    AccountsPayable = 0,

    /// <summary>Finance lead, controller or CFO.</summary>
    Finance = 1,

    /// <summary>Someone else at the company.</summary>
    Other = 2,

    /// <summary>The debtor's lawyer: once recorded, the only person to contact about the debt.</summary>
    Counsel = 3,
}

/// <summary>A person at a debtor company, with the addresses the bot may reach them at.</summary>
public sealed class Contact
{
    private Contact()
    {
    }

    internal Contact(Guid debtorId, string name, string? phoneE164, string? email, string timeZone, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = SequentialGuids.Next(createdAt);
        DebtorId = debtorId;
        Name = name.Trim();
        PhoneE164 = phoneE164;
        Email = email;
        TimeZone = TimeZones.Require(timeZone);
        CreatedAt = createdAt;
        PreferredChannel = phoneE164 is not null ? Channel.Sms : Channel.Email;
    }

    /// <summary>Identifier.</summary>
    public Guid Id { get; private set; }

    /// <summary>The company the contact works for.</summary>
    public Guid DebtorId { get; private set; }

    /// <summary>Full name.</summary>
    public string Name { get; private set; } = "";

    /// <summary>Role at the company.</summary>
    public ContactRole Role { get; set; } = ContactRole.AccountsPayable;

    /// <summary>Mobile number in E.164 (+14155550123), normalized by <see cref="PhoneNumbersE164"/>.</summary>
    public string? PhoneE164 { get; private set; }

    /// <summary>Email address as given, validated by <see cref="EmailAddresses"/>.</summary>
    public string? Email { get; private set; }

    /// <summary>IANA time zone the contact windows are computed in.</summary>
    public string TimeZone { get; private set; } = "UTC";

    /// <summary>The channel to use when the contact has not said otherwise.</summary>
    public Channel PreferredChannel { get; set; }

    /// <summary>When a person stopped being a valid contact (wrong person, left the company).</summary>
    public DateTimeOffset? InvalidSince { get; private set; }

    /// <summary>When first recorded.</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Updates the details from the creditor's records. Returns true when anything changed.</summary>
    public bool UpdateDetails(string name, string? phoneE164, string? email, string timeZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var zone = TimeZones.Require(timeZone);
        var trimmed = name.Trim();
        var changed = trimmed != Name || phoneE164 != PhoneE164 || !string.Equals(email, Email, StringComparison.Ordinal) || zone != TimeZone;
        Name = trimmed;
        PhoneE164 = phoneE164;
        Email = email;
        TimeZone = zone;
        return changed;
    }

    /// <summary>Marks the contact as no longer to be messaged (wrong person, left the company).</summary>
    public void MarkInvalid(DateTimeOffset at) => InvalidSince ??= at;
}
