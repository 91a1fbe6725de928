namespace CollectionsBot.Core.Domain;

/// <summary>Days of the week on which the debtor may be contacted.</summary>
[Flags]
public enum ContactDays
{
    /// <summary>No day.</summary>
    None = 0,

    /// <summary>Monday.</summary>
    Monday = 1,

    /// <summary>Tuesday.</summary>
    Tuesday = 2,

    /// <summary>Wednesday.</summary>
    Wednesday = 4,

    /// <summary>Thursday.</summary>
    Thursday = 8,

    /// <summary>Friday.</summary>
    Friday = 16,

    /// <summary>Saturday.</summary>
    Saturday = 32,

    /// <summary>Sunday.</summary>
    Sunday = 64,

    /// <summary>Monday to Friday.</summary>
    Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday,
}

/// <summary>What, besides the company name, a contact must state to be verified.</summary>
public enum VerificationFactor
{
    /// <summary>The creditor's account reference for the debtor, or the debtor's postal code.</summary>
    ReferenceOrPostalCode = 0,

    /// <summary>Only the account reference.</summary>
    Reference = 1,

    /// <summary>Only the postal code.</summary>
    PostalCode = 2,
}

/// <summary>
/// Contact rules for a creditor and its jurisdiction. Defaults follow the strictest common reference
/// (Regulation F): 08:00-21:00 in the contact's own time zone, capped frequency, agency disclosure for agencies.
/// </summary>
public sealed class ComplianceProfile
{
    /// <summary>Jurisdiction label, e.g. "US", "US-CA", "GB", "EU".</summary>
    public string Jurisdiction { get; set; } = "US";

    /// <summary>Earliest local time a message may be sent.</summary>
    public TimeOnly ContactWindowStart { get; set; } = new(8, 0);

    /// <summary>Latest local time a message may be sent.</summary>
    public TimeOnly ContactWindowEnd { get; set; } = new(21, 0);

    /// <summary>Days on which outbound contact is allowed.</summary>
    public ContactDays ContactDays { get; set; } = ContactDays.Weekdays;

    /// <summary>Most bot-initiated messages per channel in any 7 days.</summary>
    public int MaxMessagesPerChannelPerWeek { get; set; } = 3;

    /// <summary>Whether the debt-collector disclosure goes on first contact per channel.</summary>
    public bool RequiresCollectorDisclosure { get; set; }

    /// <summary>What an unverified contact must state, besides the company name, before any debt detail.</summary>
    public VerificationFactor VerifyWith { get; set; } = VerificationFactor.ReferenceOrPostalCode;

    /// <summary>True when <paramref name="localTime"/> on <paramref name="day"/> falls inside the contact window.</summary>
    public bool AllowsContactAt(DayOfWeek day, TimeOnly localTime)
    {
        var flag = day switch
        {
            DayOfWeek.Monday => ContactDays.Monday,
            DayOfWeek.Tuesday => ContactDays.Tuesday,
            DayOfWeek.Wednesday => ContactDays.Wednesday,
            DayOfWeek.Thursday => ContactDays.Thursday,
            DayOfWeek.Friday => ContactDays.Friday,
            DayOfWeek.Saturday => ContactDays.Saturday,
            _ => ContactDays.Sunday,
        };
        return (ContactDays & flag) != 0 && localTime >= ContactWindowStart && localTime < ContactWindowEnd;
    }

    /// <summary>Every rule this profile breaks, as (field, message); empty when usable.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string, string)>();
        if (ContactWindowEnd <= ContactWindowStart)
        {
            errors.Add((nameof(ContactWindowEnd), "must be after the window start"));
        }

        if (ContactDays == ContactDays.None)
        {
            errors.Add((nameof(ContactDays), "must allow at least one day"));
        }

        if (MaxMessagesPerChannelPerWeek is < 0 or > 50)
        {
            errors.Add((nameof(MaxMessagesPerChannelPerWeek), "must be between 0 and 50"));
        }

        return errors;
    }
}
