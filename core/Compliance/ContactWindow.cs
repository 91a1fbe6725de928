using CollectionsBot.Core.Domain;
using NodaTime;

namespace CollectionsBot.Core.Compliance;

/// <summary>The contact window of a compliance profile, applied in the contact's own time zone.</summary>
public static class ContactWindow
{
    /// <summary>True when <paramref name="at"/> falls inside the window in <paramref name="timeZone"/>.</summary>
    public static bool IsOpen(ComplianceProfile profile, string timeZone, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var local = Local(timeZone, at);
        return profile.AllowsContactAt(ToDayOfWeek(local.DayOfWeek), local.TimeOfDay.ToTimeOnly());
    }

    /// <summary>
    /// The first instant at or after <paramref name="at"/> when the window is open: <paramref name="at"/> itself when
    /// open, else the next allowed day's window start (daylight-saving gaps resolve to the first valid instant).
    /// </summary>
    public static DateTimeOffset NextOpening(ComplianceProfile profile, string timeZone, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (IsOpen(profile, timeZone, at))
        {
            return at;
        }

        var zone = Zone(timeZone);
        var local = Local(timeZone, at);
        var start = LocalTime.FromTimeOnly(profile.ContactWindowStart);
        for (var day = 0; day <= 7; day++)
        {
            var date = local.Date.PlusDays(day);
            var candidate = date.At(start).InZoneLeniently(zone).ToDateTimeOffset();
            if (candidate >= at && IsOpen(profile, timeZone, candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("The compliance profile allows no contact on any day.");
    }

    /// <summary>The local date and time in <paramref name="timeZone"/> at <paramref name="at"/>.</summary>
    public static LocalDateTime Local(string timeZone, DateTimeOffset at) =>
        Instant.FromDateTimeOffset(at).InZone(Zone(timeZone)).LocalDateTime;

    /// <summary>The calendar date in <paramref name="timeZone"/> at <paramref name="at"/>.</summary>
    public static DateOnly LocalDate(string timeZone, DateTimeOffset at) => DateOnly.FromDateTime(InZone(timeZone, at).DateTime);

    /// <summary><paramref name="at"/> expressed in <paramref name="timeZone"/>'s offset at that instant.</summary>
    public static DateTimeOffset InZone(string timeZone, DateTimeOffset at) =>
        Instant.FromDateTimeOffset(at).InZone(Zone(timeZone)).ToDateTimeOffset();

    /// <summary>The instant of a local date and time in <paramref name="timeZone"/> (gaps resolve forward).</summary>
    public static DateTimeOffset ToInstant(string timeZone, LocalDateTime local) =>
        local.InZoneLeniently(Zone(timeZone)).ToDateTimeOffset();

    private static DateTimeZone Zone(string timeZone) =>
        TimeZones.TryFind(timeZone, out var zone) ? zone : DateTimeZone.Utc;

    private static DayOfWeek ToDayOfWeek(IsoDayOfWeek day) => day == IsoDayOfWeek.Sunday ? DayOfWeek.Sunday : (DayOfWeek)(int)day;
}
