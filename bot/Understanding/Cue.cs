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

    // Compiled to IL: with the literal prefilter (CueSet) only a few patterns run on a message, and a compiled pattern
    // runs several times faster than the non-backtracking engine, which also takes seconds to build. The patterns
    // bound their gaps ({0,30}) and nest no open-ended repetition, so backtracking stays linear in the text.
    private static Regex Build(string pattern) => new(pattern, Options | RegexOptions.Compiled);
}
