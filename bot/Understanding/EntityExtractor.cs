using System.Globalization;
using System.Text.RegularExpressions;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// Finds the taxonomy's entities with their character spans. Spans already claimed by a more specific entity
/// (an email, an invoice number, a date, a percent, a count of payments) are not read again as amounts.
/// </summary>
internal static class EntityExtractor
{
    public static List<EntityMatch> Extract(string text, RecognitionContext context)
    {
        var found = new List<EntityMatch>();
        var claimed = new List<(int Start, int End)>();
        bool Free(int start, int end) => !claimed.Any(c => start < c.End && c.Start < end);
        void Add(EntityMatch match, bool claim = true)
        {
            if (!Free(match.Start, match.End))
            {
                return;
            }

            found.Add(match);
            if (claim)
            {
                claimed.Add((match.Start, match.End));
            }
        }

        foreach (Match m in EmailPattern.Matches(text))
        {
            Add(new EntityMatch(EntityNames.Email, m.Value, m.Index, m.Index + m.Length, 0.99));
        }

        foreach (Match m in UrlPattern.Matches(text))
        {
            claimed.Add((m.Index, m.Index + m.Length));
        }

        foreach (Match m in PhonePattern.Matches(text))
        {
            claimed.Add((m.Index, m.Index + m.Length));
        }

        foreach (Match m in InvoiceNumberPattern.Matches(text))
        {
            var group = m.Groups["id"];
            if (OtherReference.IsMatch(group.ValueSpan) || OtherReferenceBefore.IsMatch(text.AsSpan(Math.Max(0, group.Index - 24), group.Index - Math.Max(0, group.Index - 24))))
            {
                // A payment, case, credit-note or order reference: claimed, but not an invoice.
                claimed.Add((group.Index, group.Index + group.Length));
                continue;
            }

            Add(new EntityMatch(EntityNames.InvoiceNumber, group.Value, group.Index, group.Index + group.Length, 0.9));
        }

        foreach (Match m in PercentPattern.Matches(text))
        {
            var group = m.Groups["n"];
            Add(new EntityMatch(EntityNames.Percent, group.Value, m.Index, m.Index + m.Length, 0.9));
        }

        var today = DateOnly.FromDateTime(context.Now.DateTime);
        var tense = new TenseReader(text);
        var monthFirst = context.Locale is null || context.Locale.StartsWith("en-US", StringComparison.OrdinalIgnoreCase);
        foreach (var date in DateResolver.Find(text, today, tense.IsPast, monthFirst).OrderByDescending(d => d.End - d.Start))
        {
            Add(date);
        }

        foreach (Match m in TimePattern.Matches(text))
        {
            claimed.Add((m.Index, m.Index + m.Length));
        }

        foreach (Match m in InstallmentsPattern.Matches(text))
        {
            if (Numbers.ParseCount(m.Groups["n"].Value) is { } count and > 1 and <= 60)
            {
                var group = m.Groups["n"];
                Add(new EntityMatch(EntityNames.Installments, count.ToString(CultureInfo.InvariantCulture), group.Index, group.Index + group.Length, 0.85));
            }
        }

        foreach (Match m in FrequencyPattern.Matches(text))
        {
            var word = m.Value.ToLowerInvariant();
            var value = word.Contains("two", StringComparison.Ordinal) || word.Contains('2', StringComparison.Ordinal) || word.Contains("bi", StringComparison.Ordinal) || word.Contains("fortnight", StringComparison.Ordinal) || word.Contains("other week", StringComparison.Ordinal) || word.Contains("second", StringComparison.Ordinal)
                ? "biweekly"
                : word.Contains("week", StringComparison.Ordinal) || word.EndsWith("day", StringComparison.Ordinal) ? "weekly" : "monthly";
            if (found.All(e => e.Entity != EntityNames.Frequency))
            {
                Add(new EntityMatch(EntityNames.Frequency, value, m.Index, m.Index + m.Length, 0.85), claim: false);
            }
        }

        if (found.Exists(e => e.Entity == EntityNames.Frequency) && !found.Exists(e => e.Entity == EntityNames.Installments) && DurationPattern.Match(text) is { Success: true } span
            && Numbers.ParseCount(span.Groups["n"].Value) is { } payments and > 1 and <= 60)
        {
            // "250 a week for 10 weeks": with a frequency, the duration counts the payments.
            var group = span.Groups["n"];
            Add(new EntityMatch(EntityNames.Installments, payments.ToString(CultureInfo.InvariantCulture), group.Index, group.Index + group.Length, 0.8));
        }

        bool? moneyContext = null;
        foreach (Match m in AmountPattern.Matches(text))
        {
            var number = m.Groups["num"];
            if (!Free(number.Index, number.Index + number.Length))
            {
                continue;
            }

            var symbol = m.Groups["pre"].Success ? m.Groups["pre"] : m.Groups["post"];
            var suffix = m.Groups["suffix"].Success ? m.Groups["suffix"].Value : null;
            var hasCurrency = symbol.Success && symbol.Length > 0;
            var looksLikeMoney = hasCurrency || suffix is not null || number.Value.Contains(',', StringComparison.Ordinal) || number.Value.Contains('.', StringComparison.Ordinal) || (moneyContext ??= MoneyContextPattern.IsMatch(text));
            if (!looksLikeMoney)
            {
                continue;
            }

            if (!hasCurrency && suffix is null && (NotMoneyBefore.IsMatch(text.AsSpan(Math.Max(0, number.Index - 24), number.Index - Math.Max(0, number.Index - 24))) || NotMoneyAfter.IsMatch(text.AsSpan(number.Index + number.Length))))
            {
                // A reference, a chapter, a count of things or days: a number, not money.
                continue;
            }

            var currency = hasCurrency ? CurrencyCode(symbol.Value) : null;
            if (Numbers.ParseAmount(number.Value, suffix, dotThousands: currency == "EUR") is not { } amount || amount <= 0m || (!hasCurrency && suffix is null && amount < 10m && !number.Value.Contains('.', StringComparison.Ordinal)))
            {
                continue;
            }

            Add(new EntityMatch(EntityNames.Amount, Numbers.Format(amount), m.Index, m.Index + m.Length, hasCurrency ? 0.95 : 0.75));
            if (currency is not null)
            {
                found.Add(new EntityMatch(EntityNames.Currency, currency, symbol.Index, symbol.Index + symbol.Length, 0.95));
            }
        }

        return [.. found.OrderBy(e => e.Start)];
    }

    // Symbols and words; ISO codes written as such are looked up in core's currency table.
    private static string? CurrencyCode(string symbol) => symbol.Trim().ToLowerInvariant() switch
    {
        "$" or "us$" or "dollars" or "dollar" or "bucks" => "USD",
        "€" or "euro" or "euros" => "EUR",
        "£" or "pounds" or "pound" or "quid" => "GBP",
        "¥" or "yen" => "JPY",
        "c$" => "CAD",
        "₹" or "rupee" or "rupees" => "INR",
        "nz$" => "NZD",
        "hk$" => "HKD",
        "s$" => "SGD",
        "a$" => "AUD",
        var code when Currency.TryFind(code, out var currency) => currency.Code,
        _ => null,
    };

    private static readonly GuardedRegex EmailPattern = new(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.None);

    private static readonly GuardedRegex UrlPattern = new(@"https?://\S+", RegexOptions.None);

    private static readonly GuardedRegex PhonePattern = new(@"(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|(?<![\d,.$€£])\b\d{3}[-.]\d{4}\b", RegexOptions.None, needsDigit: true);

    private static readonly GuardedRegex InvoiceNumberPattern = new(@"(?<id>\b[A-Za-z]{2,6}-\d{2,}(?:-\d+)?\b)|(?<id>#\d{3,})\b|\binv(?:oice)?s?\.?\s*(?:no\.?|number|num|nr\.?)?\s*(?<id>#?[A-Za-z]*\d[\w-]{2,})\b|(?<id>\b20\d{2}-\d{4,5}\b)", RegexOptions.IgnoreCase, needsDigit: true);

    private static readonly GuardedRegex PercentPattern = new(@"\b(?<n>\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|per cent\b|pct\b)", RegexOptions.IgnoreCase, needsDigit: true);

    private static readonly GuardedRegex TimePattern = new(@"\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:h|hrs|hours)\b", RegexOptions.IgnoreCase, needsDigit: true);

    private static readonly GuardedRegex InstallmentsPattern = new(@"(?<!\b(?:every|in|within|for|after|next|last|past)\s)\b(?<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|thirty-six)\s+(?:equal\s+|monthly\s+|weekly\s+|biweekly\s+|fortnightly\s+|quarterly\s+|separate\s+|smaller\s+|even\s+)?(?:payments?|installments?|instalments?|parts|tranches|chunks|pieces|amounts|sums|goes|lots|stages|months|weeks|transfers|checks|cheques)\b(?!\s+(?:late|ago|behind|overdue|early|old|notice|later|before|after|in advance|back))|\b(?:in|into)\s+(?<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?!\s*(?:(?:days?|weeks?|months?|years?|hours?|hrs|minutes?|mins)\b|%|am\b|pm\b|:\d))|\b(?<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|thirty-six)[- ](?:week|month)s?\s+(?:plan|schedule|repayment|payment plan|arrangement|term|instal?lment)|\b(?<n>\d{1,2})\s?x\s?(?=[$€£¥]|\d)", RegexOptions.IgnoreCase);

    private static readonly GuardedRegex FrequencyPattern = new(@"\b(?:bi-?weekly|fortnightly|every\s+(?:two|2|other|second)\s+weeks?|every\s+fortnight|per\s+fortnight|(?<=\d[\d,.]*k?\s?(?:usd|eur|gbp|dollars|euros|pounds)?\s?)a\s+fortnight|every\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?<=\b\d{1,2}[- ])month(?=s?\s+(?:plan|schedule|repayment|payment plan|arrangement|term))|(?<=\b(?:over|across)\s+(?:the\s+next\s+)?(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four)\s)months|weekly|every\s+week|per\s+week|(?<=\d[\d,.]*k?\s?(?:usd|eur|gbp|dollars|euros|pounds)?\s?)a\s+week|each\s+week|/\s?wk|/\s?week|monthly|every\s+month|per\s+month|(?<=\d[\d,.]*k?\s?(?:usd|eur|gbp|dollars|euros|pounds)?\s?)a\s+month|each\s+month|/\s?mo(?:nth)?)\b", RegexOptions.IgnoreCase);

    private static readonly GuardedRegex AmountPattern = new(@"(?<pre>US\$|C\$|A\$|NZ\$|HK\$|S\$|[$€£¥₹]|\b(?:usd|eur|gbp|jpy|cad|aud|chf|bhd)\s?)?(?<num>\d{1,3}(?:\.\d{3})+,\d{1,2}|\d{1,3}(?:[,\s]\d{3})+(?:\.\d{1,3})?|\d{1,3}(?:\.\d{3}){2,}|\d+(?:[.,]\d{1,3})?)(?:\s?(?<suffix>k|m|grand|thousand|million)\b)?(?:\s?(?<post>(?:usd|eur|gbp|jpy|cad|aud|chf|bhd|inr|nzd|dollars?|euros?|pounds?|yen|bucks|quid|rupees?)\b|[€£$¥₹]))?", RegexOptions.IgnoreCase, needsDigit: true);

    private static readonly Regex OtherReference = new(@"^(?:pay|pmt|cm|cn|sepa|adm|rma|po|trx|txn|ref|case|tkt|conf|ach|ft|wire|chq|bacs|dd|so|ord|order|cr|crn)-", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex OtherReferenceBefore = new(@"\b(?:ref|reference|case|conf|confirmation|order|po|transaction|trx|memo|ticket|claim|rma|tracking|cheque|check|receipt)\b\.?\s*(?:no\.?|number|#|:)?\s*$", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex DurationPattern = new(@"\b(?:for|over|across)\s+(?:the\s+)?(?:next\s+)?(?<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four)\s+(?:weeks|months|fortnights)\b", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex NotMoneyBefore = new(@"\b(?:chapter|ch|chp|chap|ref|reference|conf|confirmation|case|po|order|ticket|account|acct|check|cheque|utr|trx|transaction|invoice|inv|id|no|number|net|room|unit|suite|floor|site|store|route|dock|gate|line|item|version|extension|ext|code|batch|lot|serial|tracking)\.?\s*(?:no\.?|number|num|nr\.?|#|:)?\s*#?$|#\s*$", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex NotMoneyAfter = new(@"^[\s-]*(?:units?|cases|boxes|pallets|items|pcs|pieces|hours?|hrs|days?|weeks?|months?|years?|yrs|people|staff|employees|licen[cs]es|seats|users|times|visits|deliveries|minutes|mins|trucks|loads|kg|lbs?|tons?|tonnes?|m2|sq|ft|km|miles|percent|per cent|%|x\b)", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly GuardedRegex MoneyContextPattern = new(@"\b(?:pay|paid|payment|payments|send|sent|wire|wired|transfer|transferred|settle|settlement|offer|take|accept|owe|balance|amount|installments?|instalments?|down|deposit|check|cheque|remit|mailed|each|per|a month|a week|lump|weekly|monthly|biweekly|fortnightly|quarterly|afford|propose|owed|owing|outstanding|due|charged|billed|invoiced|refund|credit|price|cost)\b", RegexOptions.IgnoreCase);
}
