using System.Globalization;

namespace CollectionsBot.Bot.Understanding;

/// <summary>Numbers as debtors write them: "3", "three", "12,800.00", "7k", "1.5k", "2m".</summary>
internal static class Numbers
{
    private static readonly Dictionary<string, int> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
        ["eighteen"] = 18, ["twenty"] = 20, ["twenty-four"] = 24, ["thirty-six"] = 36,
    };

    public static int? ParseCount(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : Words.TryGetValue(text.Trim(), out var w) ? w
        : null;

    /// <summary>
    /// Parses a written amount: thousands separators (comma, or dot/space when a comma is the decimal mark),
    /// and a k/m suffix. Returns null for anything that is not a clean amount.
    /// </summary>
    public static decimal? ParseAmount(string digits, string? suffix, bool dotThousands = false)
    {
        var text = digits.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal);
        decimal value;
        var lastComma = text.LastIndexOf(',');
        var lastDot = text.LastIndexOf('.');
        var dots = text.Count(c => c == '.');
        if (lastComma < 0 && (dots > 1 || (dotThousands && dots == 1 && text.Length - lastDot - 1 == 3)))
        {
            // 1.250.000 or €12.000: dots group thousands
            text = text.Replace(".", "", StringComparison.Ordinal);
        }
        else if (lastComma > lastDot && text.Length - lastComma - 1 == 2 && lastDot >= 0)
        {
            // 12.800,00: dot thousands, comma decimals
            text = text.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }
        else if (lastComma > lastDot && lastDot < 0 && text.Length - lastComma - 1 is 1 or 2)
        {
            // 1500,50: comma decimals
            text = text.Replace(',', '.');
        }
        else
        {
            text = text.Replace(",", "", StringComparison.Ordinal);
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return null;
        }

        return suffix?.ToLowerInvariant() switch
        {
            "k" or "grand" or "thousand" => value * 1000m,
            "m" or "mil" or "million" => value * 1_000_000m,
            _ => value,
        };
    }

    public static string Format(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
