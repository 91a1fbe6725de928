using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding;

/// <summary>The date patterns: written dates, weekdays, relative words, spans, ordinals, and their look-alikes.</summary>
internal static partial class DateResolver
{
    private static readonly GuardedRegex IsoDatePattern = new(@"\b\d{4}-\d{2}-\d{2}\b", RegexOptions.None, needsDigit: true);

    private static readonly GuardedRegex MonthDayPattern = new(@"\b(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?:the\s+)?(?<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<year>20\d{2}))?", RegexOptions.IgnoreCase, needsDigit: true);

    private static readonly GuardedRegex DayMonthPattern = new(@"\b(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?:,?\s+(?<year>20\d{2}))?", RegexOptions.IgnoreCase, needsDigit: true);

    private static readonly GuardedRegex NumericDatePattern = new(@"(?<![\d/.,$€£-])\b(?<a>\d{1,2})(?:/(?<b>\d{1,2})(?:/(?<y>\d{4}|\d{2}))?|\.(?<b>\d{1,2})(?:\.(?<y>\d{4}|\d{2})\b|\.(?!\d)))(?![\d/%]|[.,]\d)", RegexOptions.None, needsDigit: true);

    private static readonly GuardedRegex WeekdayPattern = new(@"\b(?:(?<mod>next|this|last|coming|on)\s+)?(?<day>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\b", RegexOptions.IgnoreCase);

    private static readonly GuardedRegex RelativePattern = new(@"\b(?:today|tonight|tomorrow|tmrw|tmr|tomoro|tommorow|tommorrow|day after tomorrow|yesterday|yday|yest|last night|this (?:morning|afternoon|evening|arvo)|earlier today|end of (?:the |this )?day|eod|cob|(?:by |at )?(?:the )?end of (?:the |this )?(?:month|week)|(?:by |at )?(?:the )?end of next month|month[- ]end|eom)\b", RegexOptions.IgnoreCase);

    private static readonly GuardedRegex InSpanPattern = new(@"\b(?:in|within)\s+(?<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?<unit>days?|weeks?|months?)\b|\b(?<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?<unit>days?|weeks?|months?)\s+(?<ago>ago)\b", RegexOptions.IgnoreCase);

    private static readonly GuardedRegex OrdinalPattern = new(@"\b(?:the\s+)(?<day>\d{1,2})(?:st|nd|rd|th)\b|\b(?:on|by|before)\s+(?<day>\d{1,2})(?:st|nd|rd|th)\b", RegexOptions.IgnoreCase, needsDigit: true);

    private static readonly GuardedRegex EndOfNamedMonthPattern = new(@"\bend of (?<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b", RegexOptions.IgnoreCase);

    private static readonly Regex EveryBefore = new(@"\b(?:every|each)\s+$", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex DateAfterWeekday = new(@"^,?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?::|am|pm|h\b))", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex NextWeekAfter = new(@"^,?\s+(?:of\s+)?next week\b", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex NotDayAfterOrdinal = new(@"^\s+(?:floor|place|party|time|times|quarter|generation|grade|year|anniversary|invoice|reminder|notice|letter|attempt|call|payment|instal?lment)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);
}
