using System.Text;
using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// The embedded recognizer: no network, no model download. Cues per intent (<see cref="IntentRules"/>) give each
/// intent a score and entities add evidence for the intents that carry terms; a classifier trained from the shipped
/// data (<see cref="TextClassifier"/>) covers wording the cues miss; the taxonomy's priority picks the primary
/// intent among the candidates. See docs/nlu.md.
/// </summary>
public sealed class EmbeddedRecognizer : IRecognizer
{
    /// <summary>Cue score an intent needs to be a candidate.</summary>
    public const double Threshold = 0.5;

    /// <summary>Classifier probability at which its best intent joins the cues' candidates.</summary>
    public const double ClassifierCandidate = 0.6;

    /// <summary>Lowest classifier probability taken as the intent when no cue fired.</summary>
    public const double ClassifierThreshold = 0.3;

    private static readonly Lazy<TextClassifier> Classifier = new(() => TextClassifier.Train(TrainingSet()));

    /// <summary>Every embedded training file (train*.jsonl); the development and held-out sets are never embedded.</summary>
    internal static IReadOnlyList<LabeledExample> TrainingSet()
    {
        var assembly = typeof(EmbeddedRecognizer).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith("CollectionsBot.Bot.Understanding.train", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException("The recognizer's training set is not embedded in the host.");
        }

        return [.. names.SelectMany(name =>
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            return NluEvaluation.Load(stream, name);
        })];
    }

    /// <summary>The trained classifier (trained on first use).</summary>
    internal static TextClassifier Model => Classifier.Value;

    /// <summary>Trains the statistical half and compiles the patterns now rather than on the first message.</summary>
    public static void WarmUp() => Recognize("Hi, we'll pay INV-1 on Friday, $500 a month, ap@example.com", new RecognitionContext(DateTimeOffset.UtcNow));

    /// <inheritdoc />
    public Task<Recognition> RecognizeAsync(string text, RecognitionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Recognize(text, context));

    /// <summary>
    /// Recognizes synchronously (the embedded recognizer never waits). Cues are precise, so where they fire they
    /// decide, and the taxonomy's priority orders several; where none fires, the classifier's best guess stands
    /// if it is confident enough, else the message is "other".
    /// </summary>
    public static Recognition Recognize(string text, RecognitionContext context)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        var normalized = Normalize(text);
        var entities = EntityExtractor.Extract(text, context);
        var (cues, vetoed) = Score(normalized, entities);
        var model = Classifier.Value.Predict(text);

        var candidates = cues.Where(s => s.Value >= Threshold).Select(s => s.Key).ToHashSet();
        var top = model.MaxBy(p => p.Value);
        if (top.Value >= ClassifierCandidate && !vetoed.Contains(top.Key))
        {
            candidates.Add(top.Key);
        }

        if (candidates.Contains(Intents.Hardship) && (candidates.Contains(Intents.PaymentPlan) || candidates.Contains(Intents.SettlementOffer) || candidates.Contains(Intents.PromiseToPay)))
        {
            // Hardship with concrete terms is a proposal of those terms.
            candidates.Remove(Intents.Hardship);
        }

        string primary;
        if (candidates.Count > 0)
        {
            primary = candidates.MinBy(Intents.Rank)!;
        }
        else
        {
            var best = model.MaxBy(p => p.Value);
            primary = best.Value >= ClassifierThreshold && !vetoed.Contains(best.Key) ? best.Key : Intents.Other;
        }

        var combined = Intents.Priority.ToDictionary(i => i, i => 1.0 - ((1.0 - cues.GetValueOrDefault(i)) * (1.0 - model.GetValueOrDefault(i))));
        var ranking = combined
            .Where(s => s.Key != primary && s.Value >= 0.01)
            .Select(s => new IntentScore(s.Key, Math.Round(s.Value, 4)))
            .OrderByDescending(s => s.Confidence)
            .Prepend(new IntentScore(primary, Math.Round(combined[primary], 4)))
            .Take(10)
            .ToList();
        return new Recognition(text, ranking[0], ranking, entities);
    }

    private static (Dictionary<string, double> Scores, HashSet<string> Vetoed) Score(string normalized, List<EntityMatch> entities)
    {
        var miss = new Dictionary<string, double>();
        void Evidence(string intent, double weight) => miss[intent] = (miss.TryGetValue(intent, out var m) ? m : 1.0) * (1.0 - weight);

        if (WordCount(normalized) <= ShortReplyWords)
        {
            foreach (var cue in IntentRules.ShortReplies)
            {
                if (cue.Pattern.IsMatch(normalized))
                {
                    Evidence(cue.Intent, cue.Weight);
                }
            }
        }

        foreach (var cue in IntentRules.Cues)
        {
            if (cue.Pattern.IsMatch(normalized))
            {
                Evidence(cue.Intent, cue.Weight);
            }
        }

        bool Has(string entity) => entities.Any(e => e.Entity == entity);
        var payVerb = PayVerbPattern.IsMatch(normalized);
        if (Has(EntityNames.Installments) || (Has(EntityNames.Frequency) && (Has(EntityNames.Amount) || payVerb)))
        {
            Evidence(Intents.PaymentPlan, 0.7);
        }

        if (Has(EntityNames.Percent) && SettleWordPattern.IsMatch(normalized))
        {
            Evidence(Intents.SettlementOffer, 0.6);
        }

        if (Has(EntityNames.Date) && payVerb && !Has(EntityNames.Frequency) && !Has(EntityNames.Installments))
        {
            Evidence(PastPaidPattern.IsMatch(normalized) ? Intents.AlreadyPaid : Intents.PromiseToPay, 0.6);
        }

        if (Has(EntityNames.Email))
        {
            Evidence(Intents.CallbackLater, 0.3);
        }

        var vetoed = new HashSet<string>();
        foreach (var veto in IntentRules.Vetoes)
        {
            if (veto.Pattern.IsMatch(normalized))
            {
                miss.Remove(veto.Intent);
                vetoed.Add(veto.Intent);
            }
        }

        return (miss.ToDictionary(m => m.Key, m => 1.0 - m.Value), vetoed);
    }

    private const int ShortReplyWords = 12;

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>Lower case, straight apostrophes and quotes, single spaces.</summary>
    internal static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            var mapped = c switch
            {
                '\u2018' or '\u2019' or '\u02BC' or '`' => '\'',
                '\u201C' or '\u201D' => '"',
                '\u2013' or '\u2014' => '-',
                _ => char.ToLowerInvariant(c),
            };
            if (char.IsWhiteSpace(mapped))
            {
                if (!space)
                {
                    builder.Append(' ');
                }

                space = true;
                continue;
            }

            space = false;
            builder.Append(mapped);
        }

        return builder.ToString();
    }

    private static readonly Regex PayVerbPattern = new(@"\b(?:pay|paid|paying|payment|payments|send|sent|wire|wired|transfer|transferred|remit|settle|clear|mail|mailed|check|cheque|funds|money)\b", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex SettleWordPattern = new(@"\b(?:settle|settlement|take|accept|offer|close|done|final|call it|instead|discount|off)\b", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex PastPaidPattern = new(@"\b(?:paid|sent|wired|transferred|mailed|remitted|went out|cleared|processed|already)\b", RegexOptions.Compiled | RegexOptions.CultureInvariant);
}
