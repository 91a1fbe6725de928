using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CollectionsBot.Bot.Understanding;

/// <summary>One labeled example of the data set (tests/data/nlu/*.jsonl).</summary>
public sealed record LabeledExample(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("intent")] string Intent,
    [property: JsonPropertyName("entities")] IReadOnlyList<LabeledEntity> Entities);

/// <summary>An expected entity: name and value, no span.</summary>
public sealed record LabeledEntity([property: JsonPropertyName("entity")] string Entity, [property: JsonPropertyName("value")] string Value);

/// <summary>Per-intent figures.</summary>
public sealed record IntentFigures(string Intent, int Support, int Correct, int Predicted)
{
    /// <summary>Share of this intent's examples recognized as it.</summary>
    public double Recall => Support == 0 ? 1 : (double)Correct / Support;

    /// <summary>Share of predictions of this intent that were right.</summary>
    public double Precision => Predicted == 0 ? 1 : (double)Correct / Predicted;
}

/// <summary>How the recognizer did on a labeled set.</summary>
public sealed record NluReport(
    int Examples,
    int IntentCorrect,
    int EntitiesExpected,
    int EntitiesFound,
    int EntitiesSpurious,
    IReadOnlyList<IntentFigures> PerIntent,
    IReadOnlyList<(LabeledExample Example, Recognition Got)> Misses)
{
    /// <summary>Intent accuracy.</summary>
    public double Accuracy => Examples == 0 ? 0 : (double)IntentCorrect / Examples;

    /// <summary>Share of expected entities found with the right value.</summary>
    public double EntityRecall => EntitiesExpected == 0 ? 1 : (double)EntitiesFound / EntitiesExpected;

    /// <summary>Share of produced entities that were expected.</summary>
    public double EntityPrecision => EntitiesFound + EntitiesSpurious == 0 ? 1 : (double)EntitiesFound / (EntitiesFound + EntitiesSpurious);

    /// <summary>Lowest recall among the critical intents.</summary>
    public double CriticalRecall => PerIntent.Where(f => Intents.Critical.Contains(f.Intent) && f.Support > 0).Select(f => f.Recall).DefaultIfEmpty(1).Min();

    /// <summary>A markdown table for docs/nlu.md.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Examples: {Examples}; intent accuracy {Accuracy:P1}; lowest critical-intent recall {CriticalRecall:P1}; entity recall {EntityRecall:P1}, precision {EntityPrecision:P1}.");
        text.AppendLine();
        text.AppendLine("| intent | examples | recall | precision |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var f in PerIntent)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Intent}{(Intents.Critical.Contains(f.Intent) ? " (critical)" : "")} | {f.Support} | {f.Recall:P1} | {f.Precision:P1} |");
        }

        return text.ToString();
    }
}

/// <summary>Runs a recognizer over a labeled set, at the taxonomy's reference time (2026-03-10 10:00, a Tuesday).</summary>
public static class NluEvaluation
{
    /// <summary>The taxonomy's reference "now".</summary>
    public static readonly DateTimeOffset ReferenceNow = new(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(-6));

    /// <summary>Reads a JSON Lines file; a bad line is reported with its number.</summary>
    public static IReadOnlyList<LabeledExample> Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Reads JSON Lines from a stream; <paramref name="name"/> names it in errors.</summary>
    public static IReadOnlyList<LabeledExample> Load(Stream stream, string name)
    {
        var examples = new List<LabeledExample>();
        var number = 0;
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var example = JsonSerializer.Deserialize<LabeledExample>(line) ?? throw new JsonException("null");
                if (!Intents.All.Contains(example.Intent))
                {
                    throw new JsonException($"unknown intent '{example.Intent}'");
                }

                examples.Add(example with { Entities = example.Entities ?? [] });
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{name}, line {number}: {ex.Message}", ex);
            }
        }

        return examples;
    }

    /// <summary>Scores the recognizer on <paramref name="examples"/>.</summary>
    public static NluReport Evaluate(IReadOnlyList<LabeledExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var context = new RecognitionContext(ReferenceNow, "en-US");
        var correct = 0;
        int expected = 0, found = 0, spurious = 0;
        var predicted = new Dictionary<string, int>();
        var hits = new Dictionary<string, int>();
        var misses = new List<(LabeledExample, Recognition)>();
        foreach (var example in examples)
        {
            var got = EmbeddedRecognizer.Recognize(example.Text, context);
            predicted[got.Intent.Name] = predicted.GetValueOrDefault(got.Intent.Name) + 1;
            if (got.Intent.Name == example.Intent)
            {
                correct++;
                hits[example.Intent] = hits.GetValueOrDefault(example.Intent) + 1;
            }

            var produced = got.Entities.Select(e => (e.Entity, e.Value)).ToList();
            var wrongEntities = false;
            foreach (var entity in example.Entities)
            {
                expected++;
                var index = produced.FindIndex(p => p.Entity == entity.Entity && string.Equals(p.Value, entity.Value, StringComparison.OrdinalIgnoreCase));
                if (index >= 0)
                {
                    found++;
                    produced.RemoveAt(index);
                }
                else
                {
                    wrongEntities = true;
                }
            }

            spurious += produced.Count;
            if (got.Intent.Name != example.Intent || wrongEntities || produced.Count > 0)
            {
                misses.Add((example, got));
            }
        }

        var perIntent = Intents.Priority
            .Select(i => new IntentFigures(i, examples.Count(e => e.Intent == i), hits.GetValueOrDefault(i), predicted.GetValueOrDefault(i)))
            .ToList();
        return new NluReport(examples.Count, correct, expected, found, spurious, perIntent, misses);
    }
}
