namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// A small multinomial logistic-regression intent classifier over hashed word and character n-grams, trained in
/// about a second from the labeled set shipped with the host. It generalizes where hand-written cues do not
/// (new wording), while the cues stay authoritative where they fire. Hand-written rather than ML.NET: a model this
/// size trains in a second and predicts in microseconds, and keeps the host's cold start and dependencies small.
/// Weights are stored bucket by bucket (all intents of a feature side by side), so a feature costs one memory
/// fetch, not one per intent.
/// </summary>
public sealed class TextClassifier
{
    private readonly string[] _labels;
    private readonly float[] _weights;
    private readonly float[] _bias;

    private TextClassifier(string[] labels, float[] weights, float[] bias)
    {
        _labels = labels;
        _weights = weights;
        _bias = bias;
        Ranks = [.. labels.Select(Intents.Rank)];
    }

    /// <summary>Each label's position in the taxonomy's priority (<see cref="Intents.Rank"/>).</summary>
    internal int[] Ranks { get; }

    /// <summary>The intents the model knows, in the order of <see cref="Predict(string, Span{float})"/>.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Trains on labeled examples with stochastic gradient descent (fixed seed: the same data gives the same model).</summary>
    public static TextClassifier Train(IReadOnlyList<LabeledExample> examples, int epochs = 30, float learningRate = 1f, float l2 = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var labels = examples.Select(e => e.Intent).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var data = examples.Select(e => (Features: TextFeatures.Extract(e.Text), Label: index[e.Intent])).ToArray();
        var count = labels.Length;
        var weights = new float[TextFeatures.BucketCount * count];
        var bias = new float[count];
        var random = new Random(20260310);
        var scores = new float[count];
        var gradient = new float[count];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var rate = learningRate / (1 + (epoch * 0.2f));
            foreach (var (features, label) in data.OrderBy(_ => random.Next()))
            {
                Softmax(features, weights, bias, scores);
                var any = false;
                for (var k = 0; k < count; k++)
                {
                    var g = scores[k] - (k == label ? 1f : 0f);
                    gradient[k] = MathF.Abs(g) < 1e-3f ? 0f : g;
                    any |= gradient[k] != 0f;
                    bias[k] -= rate * gradient[k];
                }

                if (!any)
                {
                    continue;
                }

                foreach (var (bucket, value) in features)
                {
                    var row = weights.AsSpan(bucket * count, count);
                    for (var k = 0; k < count; k++)
                    {
                        if (gradient[k] != 0f)
                        {
                            row[k] -= rate * ((gradient[k] * value) + (l2 * row[k]));
                        }
                    }
                }
            }
        }

        return new TextClassifier(labels, weights, bias);
    }

    /// <summary>Intent probabilities for <paramref name="text"/>, summing to 1.</summary>
    public Dictionary<string, double> Predict(string text)
    {
        Span<float> scores = stackalloc float[_labels.Length];
        Predict(text, scores);
        var result = new Dictionary<string, double>(_labels.Length, StringComparer.Ordinal);
        for (var k = 0; k < _labels.Length; k++)
        {
            result[_labels[k]] = scores[k];
        }

        return result;
    }

    /// <summary>Intent probabilities for <paramref name="text"/> in the order of <see cref="Labels"/>, without allocating.</summary>
    public void Predict(string text, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = TextFeatures.Shared;
        var features = buffer.Fill(text);
        var count = _labels.Length;
        var scores = probabilities[..count];
        _bias.CopyTo(scores);
        for (var f = 0; f < features; f++)
        {
            var value = buffer.Values[f];
            var row = _weights.AsSpan(buffer.Buckets[f] * count, count);
            for (var k = 0; k < count; k++)
            {
                scores[k] += row[k] * value;
            }
        }

        Normalize(scores);
    }

    private static void Softmax((int Bucket, float Value)[] features, float[] weights, float[] bias, float[] scores)
    {
        var count = scores.Length;
        bias.CopyTo(scores, 0);
        foreach (var (bucket, value) in features)
        {
            var row = weights.AsSpan(bucket * count, count);
            for (var k = 0; k < count; k++)
            {
                scores[k] += row[k] * value;
            }
        }

        Normalize(scores);
    }

    private static void Normalize(Span<float> scores)
    {
        var max = float.MinValue;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var total = 0f;
        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] = MathF.Exp(scores[k] - max);
            total += scores[k];
        }

        for (var k = 0; k < scores.Length; k++)
        {
            scores[k] /= total;
        }
    }
}
