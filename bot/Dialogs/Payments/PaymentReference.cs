using System.Text.RegularExpressions;
using CollectionsBot.Bot.Understanding;

namespace CollectionsBot.Bot.Dialogs.Payments;

/// <summary>Finds a remittance reference (wire reference, check number, transaction id) in a debtor's message.</summary>
public static partial class PaymentReference
{
    /// <summary>The reference the text gives, or null.</summary>
    public static string? Find(string text, Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(recognition);
        var match = Labeled().Match(text);
        if (match.Success)
        {
            return match.Groups["ref"].Value.TrimEnd('.', ',');
        }

        // An id-like token (letters and digits, or a long number) that no entity (amount, date, invoice number) already covers.
        var taken = recognition.Entities.Select(e => (e.Start, e.End)).ToList();
        foreach (Match token in IdLike().Matches(text))
        {
            if (!taken.Any(span => token.Index < span.End && token.Index + token.Length > span.Start))
            {
                return token.Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\b(?:ref(?:erence)?|confirmation|conf|trace|utr|txn|transaction(?:\s+id)?|check|cheque|chk|wire)\s*(?:no\.?|number|#|id)?\s*[:#]?\s*(?<ref>[A-Z0-9][A-Z0-9\-/]{3,39})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Labeled();

    [GeneratedRegex(@"\b(?=[A-Z0-9\-]*\d)(?=[A-Z0-9\-]*[A-Z])[A-Z0-9][A-Z0-9\-]{5,39}\b|\b\d{8,20}\b", RegexOptions.CultureInvariant)]
    private static partial Regex IdLike();
}
