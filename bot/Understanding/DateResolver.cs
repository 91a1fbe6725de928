using System.Globalization;
using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// Finds dates and resolves them against the conversation's local "now": future wording forward ("Friday" is the
/// coming Friday, "next Friday" the Friday of the following week, "the 1st" the next 1st), past wording backward
/// ("paid on Monday" is the last Monday).
/// </summary>
internal static class DateResolver
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static IEnumerable<EntityMatch> Find(string text, DateOnly today, Func<int, bool> pastAt, bool monthFirst)
    {
        foreach (Match m in IsoDatePattern.Matches(text))
        {
            if (DateOnly.TryParseExact(m.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                yield return Make(m, date);
            }
        }

        foreach (Match m in MonthDayPattern.Matches(text))
        {
            var month = MonthIndex(m.Groups["month"].Value);
            var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
            if (ResolveMonthDay(today, month, day, m.Groups["year"].Success ? int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture) : null, pastAt(m.Index)) is { } date)
            {
                yield return Make(m, date);
            }
        }

        foreach (Match m in DayMonthPattern.Matches(text))
        {
            var month = MonthIndex(m.Groups["month"].Value);
            var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
            if (ResolveMonthDay(today, month, day, m.Groups["year"].Success ? int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture) : null, pastAt(m.Index)) is { } date)
            {
                yield return Make(m, date);
            }
        }

        foreach (Match m in NumericDatePattern.Matches(text))
        {
            var a = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
            var (month, day) = monthFirst ? (a, b) : (b, a);
            int? year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
            if (year is < 100)
            {
                year += 2000;
            }

            if (ResolveMonthDay(today, month, day, year, pastAt(m.Index)) is { } date)
            {
                yield return Make(m, date);
            }
        }

        foreach (Match m in WeekdayPattern.Matches(text))
        {
            var target = WeekdayIndex(m.Groups["day"].Value);
            var modifier = m.Groups["mod"].Value.ToLowerInvariant();
            yield return Make(m, ResolveWeekday(today, target, modifier, pastAt(m.Index)));
        }

        foreach (Match m in RelativePattern.Matches(text))
        {
            var word = m.Value.ToLowerInvariant();
            DateOnly? date = word switch
            {
                _ when word.StartsWith("today", StringComparison.Ordinal) || word == "tonight" || word.StartsWith("end of day", StringComparison.Ordinal) || word == "eod" || word == "cob" => today,
                _ when word.Contains("after tomorrow", StringComparison.Ordinal) => today.AddDays(2),
                _ when word.StartsWith("tom", StringComparison.Ordinal) || word.StartsWith("tmr", StringComparison.Ordinal) || word.StartsWith("tmrw", StringComparison.Ordinal) => today.AddDays(1),
                _ when word.StartsWith("yesterday", StringComparison.Ordinal) || word.StartsWith("yday", StringComparison.Ordinal) || word.StartsWith("yest", StringComparison.Ordinal) => today.AddDays(-1),
                _ when word.Contains("next month", StringComparison.Ordinal) && word.Contains("end", StringComparison.Ordinal) => EndOfMonth(today.AddMonths(1)),
                _ when word.Contains("month", StringComparison.Ordinal) && word.Contains("end", StringComparison.Ordinal) => EndOfMonth(today),
                _ when word.Contains("week", StringComparison.Ordinal) && word.Contains("end", StringComparison.Ordinal) => today.AddDays(((int)DayOfWeek.Friday - (int)today.DayOfWeek + 7) % 7),
                _ => null,
            };
            if (date is { } d)
            {
                yield return Make(m, d);
            }
        }

        foreach (Match m in InSpanPattern.Matches(text))
        {
            var count = Numbers.ParseCount(m.Groups["n"].Value);
            if (count is null)
            {
                continue;
            }

            var unit = m.Groups["unit"].Value.ToLowerInvariant();
            var sign = m.Groups["ago"].Success ? -1 : 1;
            var date = unit.StartsWith("day", StringComparison.Ordinal) ? today.AddDays(sign * count.Value)
                : unit.StartsWith("week", StringComparison.Ordinal) ? today.AddDays(sign * 7 * count.Value)
                : today.AddMonths(sign * count.Value);
            yield return Make(m, date);
        }

        foreach (Match m in OrdinalPattern.Matches(text))
        {
            var day = int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
            if (day is < 1 or > 31)
            {
                continue;
            }

            var date = pastAt(m.Index) ? LastDay(today, day) : NextDay(today, day);
            if (date is { } d)
            {
                yield return Make(m, d);
            }
        }
    }

    private static EntityMatch Make(Match m, DateOnly date) =>
        new(EntityNames.Date, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.Index, m.Index + m.Length, 0.9);

    private static DateOnly EndOfMonth(DateOnly any) => new(any.Year, any.Month, DateTime.DaysInMonth(any.Year, any.Month));

    private static DateOnly? ResolveMonthDay(DateOnly today, int month, int day, int? year, bool pastTense)
    {
        if (month is < 1 or > 12 || day < 1)
        {
            return null;
        }

        if (year is { } y)
        {
            return day <= DateTime.DaysInMonth(y, month) ? new DateOnly(y, month, day) : null;
        }

        var candidate = day <= DateTime.DaysInMonth(today.Year, month) ? new DateOnly(today.Year, month, day) : (DateOnly?)null;
        if (candidate is null)
        {
            return null;
        }

        if (pastTense && candidate > today)
        {
            return candidate.Value.AddYears(-1);
        }

        if (!pastTense && candidate < today)
        {
            return candidate.Value.AddYears(1);
        }

        return candidate;
    }

    private static DateOnly ResolveWeekday(DateOnly today, int target, string modifier, bool pastTense)
    {
        var current = (int)today.DayOfWeek;
        if (modifier == "last" || (pastTense && modifier is "" or "on"))
        {
            var back = (current - target + 7) % 7;
            return today.AddDays(-(back == 0 ? 7 : back));
        }

        if (modifier == "next")
        {
            // The day in the following week (weeks start on Monday).
            var mondayThisWeek = today.AddDays(-((current + 6) % 7));
            return mondayThisWeek.AddDays(7 + ((target + 6) % 7));
        }

        var ahead = (target - current + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }

    private static DateOnly? NextDay(DateOnly today, int day)
    {
        for (var i = 0; i < 3; i++)
        {
            var month = today.AddMonths(i);
            if (day <= DateTime.DaysInMonth(month.Year, month.Month))
            {
                var candidate = new DateOnly(month.Year, month.Month, day);
                if (candidate > today)
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static DateOnly? LastDay(DateOnly today, int day)
    {
        for (var i = 0; i < 3; i++)
        {
            var month = today.AddMonths(-i);
            if (day <= DateTime.DaysInMonth(month.Year, month.Month))
            {
                var candidate = new DateOnly(month.Year, month.Month, day);
                if (candidate <= today)
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static int MonthIndex(string name) => Array.IndexOf(MonthNames, name[..3].ToLowerInvariant()) + 1;

    private static int WeekdayIndex(string name) => name[..2].ToLowerInvariant() switch
    {
        "mo" => 1,
        "tu" => 2,
        "we" => 3,
        "th" => 4,
        "fr" => 5,
        "sa" => 6,
        _ => 0,
    };

    private static readonly Regex IsoDatePattern = new(@"\b\d{4}-\d{2}-\d{2}\b", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex MonthDayPattern = new(@"\b(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?:the\s+)?(?<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<year>20\d{2}))?", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex DayMonthPattern = new(@"\b(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?:,?\s+(?<year>20\d{2}))?", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex NumericDatePattern = new(@"(?<![\d/.,$€£-])\b(?<a>\d{1,2})[/.](?<b>\d{1,2})(?:[/.](?<y>\d{4}|\d{2}))?\b(?![\d/.,%])", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex WeekdayPattern = new(@"\b(?:(?<mod>next|this|last|coming|on)\s+)?(?<day>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex RelativePattern = new(@"\b(?:today|tonight|tomorrow|tmrw|tmr|tomoro|tommorow|tommorrow|day after tomorrow|yesterday|yday|yest|end of (?:the |this )?day|eod|cob|(?:by |at )?(?:the )?end of (?:the |this )?(?:month|week)|(?:by |at )?(?:the )?end of next month|month[- ]end|eom)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex InSpanPattern = new(@"\b(?:in|within)\s+(?<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?<unit>days?|weeks?|months?)\b|\b(?<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?<unit>days?|weeks?|months?)\s+(?<ago>ago)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex OrdinalPattern = new(@"\b(?:the\s+)(?<day>\d{1,2})(?:st|nd|rd|th)\b|\b(?:on|by|before)\s+(?<day>\d{1,2})(?:st|nd|rd|th)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);
}
