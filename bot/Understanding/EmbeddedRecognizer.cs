using System.Text;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// The embedded recognizer: no network, no model download. Cues per intent (<see cref="IntentRules"/>) give each
/// intent a score and entities add evidence for the intents that carry terms; a classifier trained from the shipped
/// data (<see cref="TextClassifier"/>) weighs the whole message; the taxonomy's priority picks the primary intent
/// among the candidates both put forward. See docs/nlu.md.
/// </summary>
public sealed class EmbeddedRecognizer : IRecognizer
{
    /// <summary>Cue score an intent needs to be a candidate.</summary>
    public const double Threshold = 0.5;

    /// <summary>
    /// Classifier probability a cue's intent needs for the cue to count: a cue the classifier finds implausible in
    /// context ("we want to settle up but have no money") is a look-alike.
    /// </summary>
    public const double CueSupport = 0.1;

    /// <summary><see cref="CueSupport"/> for the critical intents, where a miss costs more than a false alarm.</summary>
    public const double CriticalCueSupport = 0.02;

    /// <summary>Classifier probability at which its best intent joins the cues' candidates.</summary>
    public const double ClassifierCandidate = 0.6;

    /// <summary>Classifier probability at which a critical intent joins the candidates even when it is not the best.</summary>
    public const double CriticalCandidate = 0.5;

    /// <summary>Least classifier probability taken as the intent when nothing else decides; below it the message is "other".</summary>
    public const double ClassifierFloor = 0.45;

    /// <summary>Classifier probability at which an intent stays a candidate although a veto removed its cues.</summary>
    public const double OverVeto = 0.95;

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

    /// <summary>Trains the statistical half and compiles the patterns now rather than on the first messages.</summary>
    public static void WarmUp()
    {
        const string Filler = "nothing to match in this line of text at all, really nothing";
        Parallel.ForEach(IntentRules.All.Cues, cue => cue.Pattern.IsMatch(Filler));

        var context = new RecognitionContext(DateTimeOffset.UtcNow);
        Recognize("Hi, we'll pay INV-1 on Friday, $500 a month, ap@example.com", context);
        Recognize("Paid 3/4 (ref 2231), 20% off, 3 payments of 1,000 every other week from the 5th, tomorrow at 9am, by end of March", context);
    }

    /// <inheritdoc />
    public Task<Recognition> RecognizeAsync(string text, RecognitionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Recognize(text, context));

    /// <summary>
    /// Recognizes synchronously (the embedded recognizer never waits). Cues are precise, so where they fire they
    /// decide, and the taxonomy's priority orders several; where none fires, the classifier's best guess stands
    /// if it is confident enough, else the message is "other".
    /// </summary>
    public static Recognition Recognize(string text, RecognitionContext context) => RecognizeWithSource(text, context, Classifier.Value).Recognition;

    /// <summary>
    /// <see cref="Recognize(string, RecognitionContext)"/>, also telling whether a cue (rather than the classifier alone) made the primary intent a
    /// candidate: cues are precise, so a critical intent found by a cue is not second-guessed (see LlmRecognizer).
    /// </summary>
    internal static (Recognition Recognition, bool PrimaryByCue) RecognizeWithSource(string text, RecognitionContext context) =>
        RecognizeWithSource(text, context, Classifier.Value);

    /// <summary>Recognizes with the given classifier (cross-validation trains its own).</summary>
    internal static Recognition Recognize(string text, RecognitionContext context, TextClassifier classifier) =>
        RecognizeWithSource(text, context, classifier).Recognition;

    private static (Recognition Recognition, bool PrimaryByCue) RecognizeWithSource(string text, RecognitionContext context, TextClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        // A mail client's signature ("Sent from my iPhone") says nothing about the debt: the rest of the message is read.
        var body = SignaturePattern.Replace(text, string.Empty);
        var normalized = Normalize(body);
        var entities = EntityExtractor.Extract(text, context);
        var count = Intents.Priority.Count;
        Span<double> cues = stackalloc double[count];
        Span<double> replies = stackalloc double[count];
        Span<bool> vetoed = stackalloc bool[count];
        IntentEvidence.Score(text, normalized, entities, cues, replies, vetoed);

        var ranks = classifier.Ranks;
        Span<float> probabilities = stackalloc float[ranks.Length];
        classifier.Predict(body, probabilities);
        Span<double> model = stackalloc double[count];
        for (var k = 0; k < ranks.Length; k++)
        {
            model[ranks[k]] = probabilities[k];
        }

        var terms = entities.Any(e => e.Entity is EntityNames.Amount or EntityNames.Percent or EntityNames.Installments or EntityNames.Frequency or EntityNames.Date);
        var primary = normalized.Length == 0 ? Intents.Rank(Intents.Other) : Decide(cues, replies, vetoed, model, terms);
        return (new Recognition(text, Ranking(cues, model, primary, out var ranking), ranking, entities), cues[primary] >= Threshold);
    }

    // Candidates: intents whose cues fire and which the classifier finds plausible, short replies from the lexicons
    // (the classifier knows too few of their words to judge), the classifier's confident best, critical intents the
    // classifier finds likely; the taxonomy's priority picks among them. A veto removes an intent unless the
    // classifier is all but certain of it. Without candidates, the classifier's best guess that no veto removed.
    private static int Decide(ReadOnlySpan<double> cues, ReadOnlySpan<double> replies, ReadOnlySpan<bool> vetoed, ReadOnlySpan<double> model, bool terms)
    {
        Span<bool> candidates = stackalloc bool[cues.Length];
        var top = -1;
        for (var i = 0; i < cues.Length; i++)
        {
            var critical = Critical[i];
            var allowed = !vetoed[i] || model[i] >= OverVeto;
            candidates[i] = allowed && ((!vetoed[i] && cues[i] >= Threshold && model[i] >= (critical ? CriticalCueSupport : CueSupport)) || replies[i] >= Threshold || (critical && model[i] >= CriticalCandidate) || vetoed[i]);
            top = allowed && (top < 0 || model[i] > model[top]) ? i : top;
        }

        if (top < 0)
        {
            return Intents.Rank(Intents.Other);
        }

        candidates[top] |= model[top] >= ClassifierCandidate;
        if (candidates[Hardship] && terms && (candidates[PaymentPlan] || candidates[SettlementOffer] || candidates[PromiseToPay]))
        {
            // Hardship with concrete terms (an amount, a percent, a count, a frequency or a date) is a proposal of
            // those terms; without them it stays hardship ("we'd like to pay but we're broke").
            candidates[Hardship] = false;
        }

        var primary = candidates.IndexOf(true);
        if (primary >= 0)
        {
            return primary;
        }

        // Calling a message abusive takes an insult or profanity a cue or the lexicon found: a guess about words the
        // classifier never saw ("purple elephants dance") is not one.
        return (top == Abusive && cues[Abusive] < Threshold) || model[top] < ClassifierFloor ? Intents.Rank(Intents.Other) : top;
    }

    // The primary intent first, then the others by combined confidence (noisy-or of cues and classifier), ten at most.
    private static IntentScore Ranking(ReadOnlySpan<double> cues, ReadOnlySpan<double> model, int primary, out List<IntentScore> ranking)
    {
        Span<double> combined = stackalloc double[cues.Length];
        for (var i = 0; i < cues.Length; i++)
        {
            combined[i] = 1.0 - ((1.0 - cues[i]) * (1.0 - model[i]));
        }

        var first = new IntentScore(Intents.Priority[primary], Math.Round(combined[primary], 4));
        ranking = new List<IntentScore>(10) { first };
        combined[primary] = 0;
        while (ranking.Count < 10)
        {
            var best = 0;
            for (var i = 1; i < combined.Length; i++)
            {
                best = combined[i] > combined[best] ? i : best;
            }

            if (combined[best] < 0.01)
            {
                break;
            }

            ranking.Add(new IntentScore(Intents.Priority[best], Math.Round(combined[best], 4)));
            combined[best] = 0;
        }

        return first;
    }

    private static readonly System.Text.RegularExpressions.Regex SignaturePattern = new(@"(?:^|\s*(?:--\s*)?)sent from my (?:iphone|ipad|android|samsung|galaxy|mobile|phone|blackberry|outlook|huawei|pixel)(?: [\w-]+)?\.?\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled);

    private static readonly bool[] Critical = [.. Intents.Priority.Select(Intents.Critical.Contains)];
    private static readonly int Hardship = Intents.Rank(Intents.Hardship);
    private static readonly int Abusive = Intents.Rank(Intents.Abusive);
    private static readonly int PaymentPlan = Intents.Rank(Intents.PaymentPlan);
    private static readonly int SettlementOffer = Intents.Rank(Intents.SettlementOffer);
    private static readonly int PromiseToPay = Intents.Rank(Intents.PromiseToPay);

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
}
