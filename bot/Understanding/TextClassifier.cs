using System.Numerics;

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
        var stride = Stride(labels.Length);
        var weights = new float[TextFeatures.BucketCount * stride];
        var bias = new float[stride];
        var random = new Random(20260310);
        var scores = new float[stride];
        var gradient = new float[stride];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var rate = learningRate / (1 + (epoch * 0.2f));
            foreach (var (features, label) in data.OrderBy(_ => random.Next()))
            {
                Scores(features, weights, bias, scores);
                Normalize(scores.AsSpan(0, labels.Length));
                var any = false;
                for (var k = 0; k < labels.Length; k++)
                {
                    var g = scores[k] - (k == label ? 1f : 0f);
                    gradient[k] = MathF.Abs(g) < 1e-3f ? 0f : g;
                    any |= gradient[k] != 0f;
                    bias[k] -= rate * gradient[k];
                }

                if (any)
                {
                    Update(features, weights, gradient, rate, l2);
                }
            }
        }

        return new TextClassifier(labels, weights, bias);
    }

    // Classes per bucket, padded to whole vectors.
    private static int Stride(int labels) => (labels + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    // w -= rate * (g * x + l2 * w), for the classes with a gradient.
    private static void Update((int Bucket, float Value)[] features, float[] weights, float[] gradient, float rate, float l2)
    {
        var stride = gradient.Length;
        var decay = new Vector<float>(rate * l2);
        var zero = Vector<float>.Zero;
        foreach (var (bucket, value) in features)
        {
            var row = weights.AsSpan(bucket * stride, stride);
            var step = new Vector<float>(rate * value);
            for (var k = 0; k < stride; k += Vector<float>.Count)
            {
                var g = new Vector<float>(gradient, k);
                var w = new Vector<float>(row[k..]);
                Vector.ConditionalSelect(Vector.Equals(g, zero), w, w - (g * step) - (w * decay)).CopyTo(row[k..]);
            }
        }
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
        var stride = _bias.Length;
        Span<float> scores = stackalloc float[stride];
        _bias.CopyTo(scores);
        for (var f = 0; f < features; f++)
        {
            Accumulate(scores, _weights.AsSpan(buffer.Buckets[f] * stride, stride), buffer.Values[f]);
        }

        Normalize(scores[.._labels.Length]);
        scores[.._labels.Length].CopyTo(probabilities);
    }

    private static void Scores((int Bucket, float Value)[] features, float[] weights, float[] bias, float[] scores)
    {
        var stride = scores.Length;
        bias.CopyTo(scores, 0);
        foreach (var (bucket, value) in features)
        {
            Accumulate(scores, weights.AsSpan(bucket * stride, stride), value);
        }
    }

    // scores += row * value, a vector at a time.
    private static void Accumulate(Span<float> scores, ReadOnlySpan<float> row, float value)
    {
        var x = new Vector<float>(value);
        for (var k = 0; k < scores.Length; k += Vector<float>.Count)
        {
            (new Vector<float>(scores[k..]) + (new Vector<float>(row[k..]) * x)).CopyTo(scores[k..]);
        }
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
