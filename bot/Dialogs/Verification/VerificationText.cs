using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Dialogs.Verification;

/// <summary>Compares what a contact wrote with a debtor's name, reference and postal code.</summary>
public static class VerificationText
{
    private static readonly FrozenSet<string> LegalForms = new[]
    {
        "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "plc", "gmbh", "ag", "sa", "sarl", "srl",
        "bv", "nv", "pty", "llp", "lp", "kk", "oy", "ab", "as", "spa", "the", "and",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Lower-case word tokens (letters and digits, hyphens kept inside references).</summary>
    public static IReadOnlyList<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c) || (c is '-' or '/' && current.Length > 0))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString().Trim('-', '/'));
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString().Trim('-', '/'));
        }

        return tokens;
    }

    /// <summary>
    /// True when the text names the company (every significant word of its name, one typo allowed in long words)
    /// and states the reference or postal code the factor asks for.
    /// </summary>
    public static bool Matches(string text, IReadOnlyList<string> tokens, DebtorCompany debtor, VerificationFactor factor)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(debtor);
        var nameWords = Tokens(debtor.Name).Where(w => !LegalForms.Contains(w)).ToList();
        if (nameWords.Count == 0 || !nameWords.All(w => tokens.Any(t => Close(t, w))))
        {
            return false;
        }

        var compact = Compact(text);
        var reference = Compact(debtor.Reference);
        var postal = debtor.PostalCode is { Length: > 0 } p ? Compact(p) : null;
        var hasReference = reference.Length > 0 && tokens.Any(t => Compact(t) == reference);
        var hasPostal = postal is not null && (tokens.Any(t => Compact(t) == postal) || compact.Contains(postal, StringComparison.Ordinal));
        return factor switch
        {
            VerificationFactor.Reference => hasReference,
            VerificationFactor.PostalCode => hasPostal,
            _ => hasReference || hasPostal,
        };
    }

    private static string Compact(string value) =>
        string.Concat(value.Where(char.IsLetterOrDigit)).ToUpper(CultureInfo.InvariantCulture);

    private static bool Close(string token, string word)
    {
        if (token == word)
        {
            return true;
        }

        return word.Length >= 5 && Math.Abs(token.Length - word.Length) <= 1 && Distance(token, word) <= 1;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
