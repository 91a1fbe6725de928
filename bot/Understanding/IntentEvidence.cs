using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// The cues' side of the recognizer: per intent, the evidence of the cues that match (combined as independent
/// evidence, noisy-or), the evidence entities add for the intents that carry terms, and the vetoes.
/// </summary>
internal static class IntentEvidence
{
    private const int ShortReplyWords = 12;

    /// <summary>
    /// From the message (<paramref name="text"/> as written, <paramref name="normalized"/> lower-cased) fills
    /// <paramref name="scores"/> (all evidence), <paramref name="replies"/> (the short-reply lexicons' alone) and
    /// <paramref name="vetoed"/>, each indexed by the taxonomy's priority rank.
    /// </summary>
    public static void Score(string text, string normalized, List<EntityMatch> entities, Span<double> scores, Span<double> replies, Span<bool> vetoed)
    {
        Span<double> miss = stackalloc double[scores.Length];
        miss.Fill(1.0);
        Span<double> replyMiss = stackalloc double[scores.Length];
        replyMiss.Fill(1.0);
        var cues = IntentRules.All.Cues;
        Span<bool> matched = stackalloc bool[cues.Count];
        IntentRules.All.Match(normalized, WordCount(normalized) <= ShortReplyWords, matched);
        for (var i = 0; i < cues.Count; i++)
        {
            if (matched[i] && cues[i].Kind != CueKind.Veto)
            {
                miss[Intents.Rank(cues[i].Intent)] *= 1.0 - cues[i].Weight;
                if (cues[i].Kind == CueKind.ShortReply)
                {
                    replyMiss[Intents.Rank(cues[i].Intent)] *= 1.0 - cues[i].Weight;
                }
            }
        }

        bool Has(string entity) => entities.Exists(e => e.Entity == entity);
        var payVerb = PayVerbPattern.IsMatch(normalized);
        if (Has(EntityNames.Installments) || (Has(EntityNames.Frequency) && (Has(EntityNames.Amount) || payVerb)))
        {
            miss[Rank.PaymentPlan] *= 0.3;
        }

        if (Has(EntityNames.Percent) && SettleWordPattern.IsMatch(normalized))
        {
            miss[Rank.SettlementOffer] *= 0.4;
        }

        if (entities.Find(e => e.Entity == EntityNames.Date) is { } date && payVerb && !Has(EntityNames.Frequency) && !Has(EntityNames.Installments))
        {
            // A payment on a past date was made; on a future date it is promised.
            miss[new TenseReader(text).IsPast(date.Start) ? Rank.AlreadyPaid : Rank.PromiseToPay] *= 0.4;
        }

        if (Has(EntityNames.Email))
        {
            miss[Rank.CallbackLater] *= 0.7;
        }

        for (var i = 0; i < cues.Count; i++)
        {
            if (matched[i] && cues[i].Kind == CueKind.Veto)
            {
                var rank = Intents.Rank(cues[i].Intent);
                miss[rank] = 1.0;
                replyMiss[rank] = 1.0;
                vetoed[rank] = true;
            }
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = 1.0 - miss[i];
            replies[i] = 1.0 - replyMiss[i];
        }
    }

    private static int WordCount(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            words += !inWord && c != ' ' ? 1 : 0;
            inWord = c != ' ';
        }

        return words;
    }

    private static class Rank
    {
        public static readonly int PaymentPlan = Intents.Rank(Intents.PaymentPlan);
        public static readonly int SettlementOffer = Intents.Rank(Intents.SettlementOffer);
        public static readonly int PromiseToPay = Intents.Rank(Intents.PromiseToPay);
        public static readonly int AlreadyPaid = Intents.Rank(Intents.AlreadyPaid);
        public static readonly int CallbackLater = Intents.Rank(Intents.CallbackLater);
    }

    private static readonly GuardedRegex PayVerbPattern = new(@"\b(?:pay|paid|paying|payment|payments|send|sent|wire|wired|transfer|transferred|remit|settle|clear|mail|mailed|check|cheque|funds|money)\b", RegexOptions.None);

    private static readonly GuardedRegex SettleWordPattern = new(@"\b(?:settle|settlement|take|accept|offer|close|done|final|call it|instead|discount|off)\b", RegexOptions.None);
}
