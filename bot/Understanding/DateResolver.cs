using System.Globalization;
using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// Finds dates and resolves them against the conversation's local "now": future wording forward ("Friday" is the
/// coming Friday, "next Friday" the Friday of the following week, "the 1st" the next 1st), past wording backward
/// ("paid on Monday" is the last Monday).
/// </summary>
internal static partial class DateResolver
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
            if (month > 12 && day <= 12)
            {
                // 27/02 reads day first whatever the locale.
                (month, day) = (day, month);
            }

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
            var after = text.AsSpan(m.Index + m.Length);
            if (m.Groups["day"].Value is "sun" or "sat" || EveryBefore.IsMatch(text.AsSpan(Math.Max(0, m.Index - 8), m.Index - Math.Max(0, m.Index - 8))) || DateAfterWeekday.IsMatch(after))
            {
                // Lower-case "sun" and "sat" are more often words than days; "every Friday" is a frequency; in
                // "Thursday 12 March" the date that follows says it.
                continue;
            }

            var target = WeekdayIndex(m.Groups["day"].Value);
            var modifier = NextWeekAfter.IsMatch(after) ? "next" : m.Groups["mod"].Value.ToLowerInvariant();
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
                _ when word.StartsWith("this ", StringComparison.Ordinal) || word.StartsWith("earlier", StringComparison.Ordinal) => today,
                _ when word == "last night" => today.AddDays(-1),
                _ when word.StartsWith("yesterday", StringComparison.Ordinal) || word.StartsWith("yday", StringComparison.Ordinal) || word.StartsWith("yest", StringComparison.Ordinal) => today.AddDays(-1),
                _ when word.Contains("next month", StringComparison.Ordinal) && word.Contains("end", StringComparison.Ordinal) => EndOfMonth(today.AddMonths(1)),
                _ when (word.Contains("month", StringComparison.Ordinal) && word.Contains("end", StringComparison.Ordinal)) || word == "eom" => EndOfMonth(today),
                _ when word.Contains("week", StringComparison.Ordinal) && word.Contains("end", StringComparison.Ordinal) => today.AddDays(((int)DayOfWeek.Friday - (int)today.DayOfWeek + 7) % 7),
                _ => null,
            };
            if (date is { } d)
            {
                yield return Make(m, d);
            }
        }

        foreach (Match m in EndOfNamedMonthPattern.Matches(text))
        {
            var month = MonthIndex(m.Groups["month"].Value);
            var year = month < today.Month && !pastAt(m.Index) ? today.Year + 1 : today.Year;
            yield return Make(m, EndOfMonth(new DateOnly(year, month, 1)));
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
            if (day is < 1 or > 31 || NotDayAfterOrdinal.IsMatch(text.AsSpan(m.Index + m.Length)))
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
}
