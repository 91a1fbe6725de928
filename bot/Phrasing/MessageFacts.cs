using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Phrasing;

/// <summary>
/// The facts of an outbound message that a rewording must keep character for character: URLs, email addresses,
/// every token holding a digit (amounts with their currency sign, dates, invoice numbers, times, counts), and
/// month, weekday and relative-day words. The check is deliberately strict: "$1,500.00" reworded as "$1500" counts
/// as a change, and the caller then sends the original text.
/// </summary>
public static partial class MessageFacts
{
    // "may" and a few short forms are ordinary words too; they count only next to a number ("May 5", "5 May").
    private static readonly FrozenSet<string> DayWords = new[]
    {
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "thu", "thur", "thurs", "fri",
        "today", "tonight", "tomorrow", "yesterday", "weekend",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The facts in <paramref name="text"/>, in order, with repeats (words in upper case).</summary>
    public static IReadOnlyList<string> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var facts = new List<string>();
        foreach (Match match in TokenPattern().Matches(text))
        {
            var token = match.Value;
            var isFact = match.Groups["link"].Success
                || token.Any(char.IsDigit)
                || DayWords.Contains(token)
                || (token.Equals("may", StringComparison.OrdinalIgnoreCase) && NextToNumber(text, match));
            if (isFact)
            {
                facts.Add(token.ToUpperInvariant());
            }
        }

        return facts;
    }

    /// <summary>
    /// Whether <paramref name="rewording"/> holds exactly the facts of <paramref name="original"/>: none dropped or
    /// changed, none added (their order may differ).
    /// </summary>
    public static bool Kept(string original, string rewording)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(rewording);
        return Extract(original).Order(StringComparer.Ordinal).SequenceEqual(Extract(rewording).Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static bool NextToNumber(string text, Match match) =>
        NumberAfterPattern().IsMatch(text[(match.Index + match.Length)..]) || NumberBeforePattern().IsMatch(text[..match.Index]);

    // A URL or an email is one fact (not the numbers inside it). Other tokens are runs of letters and digits joined by
    // - / . , : ("INV-10442", "1,500.00", "2026-03-20", "10:30"), with the currency sign in front when there is one;
    // a full stop or comma that ends a sentence is not part of a token.
    [GeneratedRegex(
        """
        (?<link> https?://[^\s<>"]*[^\s<>".,;:!?)\]'] | [\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+ )
        | [$€£¥]?[\p{L}\p{N}]+(?:[-/.,:][\p{L}\p{N}]+)*
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^\s+\d", RegexOptions.CultureInvariant)]
    private static partial Regex NumberAfterPattern();

    [GeneratedRegex(@"\d\s+$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberBeforePattern();
}
