using System.Diagnostics.CodeAnalysis;
using System.Collections.Frozen;
using NodaTime;
using NodaTime.TimeZones;

namespace CollectionsBot.Core.Domain;

/// <summary>
/// IANA time zones from NodaTime's embedded database, so a machine without tzdata behaves the same.
/// </summary>
public static class TimeZones
{
    /// <summary>Finds a zone by IANA id (case-sensitive as IANA ids are), e.g. "Europe/London".</summary>
    public static bool TryFind(string? id, [NotNullWhen(true)] out DateTimeZone? zone)
    {
        zone = string.IsNullOrWhiteSpace(id) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id.Trim());
        return zone is not null;
    }

    /// <summary>Returns the canonical id or throws <see cref="ArgumentException"/>.</summary>
    public static string Require(string id) =>
        TryFind(id, out var zone) ? zone.Id : throw new ArgumentException($"'{id}' is not an IANA time zone.", nameof(id));

    /// <summary>
    /// The ISO 3166 country a zone belongs to ("Europe/London" is GB), from the tz database's zone table;
    /// null for zones without one (UTC, Etc/*).
    /// </summary>
    public static string? CountryOf(string? zoneId) =>
        zoneId is not null && ZoneCountries.Value.TryGetValue(zoneId.Trim(), out var country) ? country : null;

    private static readonly Lazy<FrozenDictionary<string, string>> ZoneCountries = new(() =>
        (TzdbDateTimeZoneSource.Default.ZoneLocations ?? [])
            .GroupBy(l => l.ZoneId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First().CountryCode, StringComparer.Ordinal));
}
