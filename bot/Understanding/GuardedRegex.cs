using System.Buffers;
using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// A compiled pattern that first checks, with one vectorized search, that the text holds something every match
/// needs: one of the pattern's literals (<see cref="RegexLiterals"/>, case-insensitive when the pattern is) and,
/// when asked, a digit. Most messages have no date, amount or invoice number, so most patterns are never run.
/// </summary>
internal sealed class GuardedRegex
{
    private readonly SearchValues<string>? _literals;
    private readonly bool _needsDigit;

    public GuardedRegex(string pattern, RegexOptions options, bool needsDigit = false)
    {
        Regex = new Regex(pattern, options | RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _needsDigit = needsDigit;
        if (RegexLiterals.Required(pattern) is { Count: > 0 } literals && literals.All(l => l.Length >= 2))
        {
            _literals = SearchValues.Create([.. literals], options.HasFlag(RegexOptions.IgnoreCase) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }
    }

    /// <summary>The pattern itself.</summary>
    public Regex Regex { get; }

    /// <summary>False when the pattern cannot match <paramref name="text"/>; true when it may.</summary>
    public bool MayMatch(ReadOnlySpan<char> text) =>
        (!_needsDigit || text.IndexOfAnyInRange('0', '9') >= 0) && (_literals is null || text.ContainsAny(_literals));

    /// <summary>The matches, none without running the pattern when it cannot match.</summary>
    public IEnumerable<Match> Matches(string text) => MayMatch(text) ? Regex.Matches(text) : [];

    /// <summary>Whether the pattern matches.</summary>
    public bool IsMatch(string text) => MayMatch(text) && Regex.IsMatch(text);

    /// <summary>Whether the pattern matches the span.</summary>
    public bool IsMatch(ReadOnlySpan<char> text) => MayMatch(text) && Regex.IsMatch(text);
}
