using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding;

/// <summary>What a cue does when it matches.</summary>
internal enum CueKind
{
    /// <summary>Evidence for its intent.</summary>
    Evidence,

    /// <summary>Evidence for its intent, read only in short replies (a dozen words at most).</summary>
    ShortReply,

    /// <summary>Removes its intent: the phrase looks like a cue but says the opposite.</summary>
    Veto,
}

/// <summary>One cue for an intent: a pattern over the normalized text and how strongly it signals the intent.</summary>
internal sealed class Cue
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    public Cue(string intent, string pattern, double weight, CueKind kind = CueKind.Evidence)
    {
        Intent = intent;
        Weight = weight;
        Kind = kind;
        Source = pattern;
        Pattern = Build(pattern);
    }

    /// <summary>The intent the cue signals (or vetoes).</summary>
    public string Intent { get; }

    /// <summary>Evidence weight (0-1); cues combine as independent evidence.</summary>
    public double Weight { get; }

    /// <summary>Evidence, short-reply evidence or veto.</summary>
    public CueKind Kind { get; }

    /// <summary>The pattern as written.</summary>
    public string Source { get; }

    /// <summary>The pattern, over lower-cased text with straight apostrophes.</summary>
    public Regex Pattern { get; }

    /// <summary>Whether the pattern matches the normalized text.</summary>
    public bool IsMatch(string normalized) => Pattern.IsMatch(normalized);

    // Patterns without look-arounds run on the non-backtracking engine: linear in the text, whatever the alternations.
    private static Regex Build(string pattern) =>
        pattern.Contains("(?=", StringComparison.Ordinal) || pattern.Contains("(?!", StringComparison.Ordinal) || pattern.Contains("(?<=", StringComparison.Ordinal) || pattern.Contains("(?<!", StringComparison.Ordinal)
            ? new Regex(pattern, Options | RegexOptions.Compiled)
            : new Regex(pattern, Options | RegexOptions.NonBacktracking);
}
