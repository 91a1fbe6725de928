using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// Whether a date in a message is spoken of in the past ("paid on Monday" is the last Monday) or the future ("we'll
/// pay Monday" the coming one). The sentence around the date decides, by the tense marker nearest to it ("can you
/// check? it cleared on the 3rd" is past although the message also asks something); "by", "before" or "until" just
/// before a date make it a deadline, always ahead. A sentence without markers follows the message as a whole.
/// </summary>
internal sealed class TenseReader(string text)
{
    private const int Window = 200;
    private bool? _pastOverall;

    // Whether the message as a whole speaks of the past (read once, only when a sentence has no marker).
    private bool PastOverall => _pastOverall ??= PastPattern.IsMatch(text) && !FuturePattern.IsMatch(text);

    /// <summary>Whether the date starting at <paramref name="index"/> lies in the past.</summary>
    public bool IsPast(int index)
    {
        // The sentence around the date, at most a couple of hundred characters either side.
        var start = index;
        while (start > 0 && index - start < Window && !IsBoundary(start - 1))
        {
            start--;
        }

        var end = index;
        while (end < text.Length && end - index < Window && !IsBoundary(end))
        {
            end++;
        }

        var before = text.AsSpan(Math.Max(start, index - 16), index - Math.Max(start, index - 16));
        if (DeadlinePattern.IsMatch(before))
        {
            return false;
        }

        var sentence = text.AsSpan(start, end - start);
        var past = Nearest(PastPattern, sentence, index - start);
        var future = Nearest(FuturePattern, sentence, index - start);
        return past == int.MaxValue && future == int.MaxValue ? PastOverall : past < future;
    }

    private bool IsBoundary(int i) => text[i] is '!' or '?' or ';' or '\n' || (text[i] == '.' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));

    private static int Nearest(GuardedRegex pattern, ReadOnlySpan<char> sentence, int position)
    {
        var nearest = int.MaxValue;
        if (!pattern.MayMatch(sentence))
        {
            return nearest;
        }

        foreach (var match in pattern.Regex.EnumerateMatches(sentence))
        {
            if (pattern == PastPattern && PassiveBefore.IsMatch(sentence[Math.Max(0, match.Index - 16)..match.Index]))
            {
                // "will be paid", "it'll be mailed", "being processed": a participle, not a past.
                continue;
            }

            var distance = match.Index + match.Length <= position ? position - (match.Index + match.Length) : match.Index - position;
            nearest = Math.Min(nearest, Math.Abs(distance));
        }

        return nearest;
    }

    private static readonly GuardedRegex PastPattern = new(@"\b(?:paid|sent|mailed|wired|transferred|posted|processed|cleared|remitted|went|was|were|did|already|ago|yesterday|yday|last|filed|entered|appointed|settled|collected|ended|started|began|happened|received|delivered|arrived|shipped|returned|cancell?ed|signed|ordered|left|came|made|took|debited|cashed|bounced|declared|issued|passed|died|had|got|since|dated|ceased|stopped|moved|changed|bought|sold|lost|expired|failed|joined|retired|resigned)\b", RegexOptions.IgnoreCase);

    private static readonly GuardedRegex FuturePattern = new(@"\b(?:will|'ll|going to|gonna|shall|plan|planning|next|expect|expected|scheduled|schedule|promise|intend|tomorrow|tmrw|should (?:land|arrive|clear|reach|go|be there)|being processed|let'?s|until|till|paying|sending|wiring|transferring|mailing|releasing|remitting)\b", RegexOptions.IgnoreCase);

    private static readonly Regex PassiveBefore = new(@"\b(?:be|being|get (?:it|you|this|that)|have (?:it|this|that))\s+$", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex DeadlinePattern = new(@"\b(?:by|before|until|till|no later than)\s+(?:the\s+)?$", RegexOptions.IgnoreCase | RegexOptions.Compiled | RegexOptions.CultureInvariant);
}
