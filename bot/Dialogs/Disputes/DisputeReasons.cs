using System.Text.RegularExpressions;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Dialogs.Disputes;

/// <summary>Reads why a debtor disputes an invoice from their words.</summary>
public static partial class DisputeReasons
{
    /// <summary>The reason the text gives, or null when none is clear.</summary>
    public static DisputeReason? Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Duplicate().IsMatch(text))
        {
            return DisputeReason.Duplicate;
        }

        if (CreditNote().IsMatch(text))
        {
            return DisputeReason.MissingCreditNote;
        }

        if (NotDelivered().IsMatch(text))
        {
            return DisputeReason.NotDelivered;
        }

        if (Defective().IsMatch(text))
        {
            return DisputeReason.Defective;
        }

        if (NeverOrdered().IsMatch(text))
        {
            return DisputeReason.NeverOrdered;
        }

        if (Pricing().IsMatch(text))
        {
            return DisputeReason.Pricing;
        }

        return WrongAmount().IsMatch(text) ? DisputeReason.WrongAmount : null;
    }

    /// <summary>True when the debtor means every invoice ("all of them", "the lot").</summary>
    public static bool MeansAll(string text) => All().IsMatch(text);

    [GeneratedRegex(@"\b(duplicat\w*|twice|double[- ]?(billed|charged|invoiced)|billed us two times|same invoice again)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duplicate();

    [GeneratedRegex(@"\bcredit\s*(note|memo)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex CreditNote();

    [GeneratedRegex(@"\b(never|not|wasn'?t|weren'?t|didn'?t)\s+(\w+\s+)?(deliver\w*|arriv\w*|receiv\w*|shipped|turn(ed)? up)|\bnon[- ]delivery\b|\bmissing (goods|items|shipment|pallets?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotDelivered();

    [GeneratedRegex(@"\b(defect\w*|damaged|broken|faulty|not working|poor quality|substandard|returned (the )?goods)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Defective();

    [GeneratedRegex(@"\b(never|didn'?t|did not)\s+(order|ordered|authori[sz]e\w*|sign\w* up)|\bno (purchase order|PO)\b|\bunauthori[sz]ed\b", RegexOptions.IgnoreCase)]
    private static partial Regex NeverOrdered();

    [GeneratedRegex(@"\b(pric\w*|rate|quote[d]?|overcharg\w*|discount|agreed (price|rate))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pricing();

    [GeneratedRegex(@"\b(wrong|incorrect|inaccurate)\s+(amount|total|balance|figure|sum)|\bamount is (wrong|incorrect)|\bdoesn'?t (add up|match)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WrongAmount();

    [GeneratedRegex(@"\b(all|every|each|both|the lot|whole (account|balance)|everything)\b", RegexOptions.IgnoreCase)]
    private static partial Regex All();
}
