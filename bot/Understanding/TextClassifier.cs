using System.Globalization;
using System.Text;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// A small multinomial logistic-regression intent classifier over hashed word and character n-grams, trained in
/// well under a second from the labeled set shipped with the host. It generalizes where hand-written cues do not
/// (new wording), while the cues stay authoritative where they fire. Hand-written rather than ML.NET: a model this
/// size trains in milliseconds and predicts in microseconds, and keeps the host's cold start and dependencies small.
/// </summary>
public sealed class TextClassifier
{
    private const int Buckets = 1 << 18;
    private readonly string[] _labels;
    private readonly float[][] _weights;
    private readonly float[] _bias;

    private TextClassifier(string[] labels, float[][] weights, float[] bias)
    {
        _labels = labels;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>Trains on labeled examples with stochastic gradient descent (fixed seed: the same data gives the same model).</summary>
    public static TextClassifier Train(IReadOnlyList<LabeledExample> examples, int epochs = 20, float learningRate = 0.5f, float l2 = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var labels = examples.Select(e => e.Intent).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var data = examples.Select(e => (Features: Features(e.Text), Label: index[e.Intent])).ToArray();
        var weights = labels.Select(_ => new float[Buckets]).ToArray();
        var bias = new float[labels.Length];
        var random = new Random(20260310);
        var scores = new float[labels.Length];
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var rate = learningRate / (1 + (epoch * 0.2f));
            foreach (var (features, label) in data.OrderBy(_ => random.Next()))
            {
                Softmax(features, weights, bias, scores);
                for (var k = 0; k < labels.Length; k++)
                {
                    var gradient = scores[k] - (k == label ? 1f : 0f);
                    if (Math.Abs(gradient) < 1e-3f)
                    {
                        continue;
                    }

                    var row = weights[k];
                    foreach (var (bucket, value) in features)
                    {
                        row[bucket] -= rate * ((gradient * value) + (l2 * row[bucket]));
                    }

                    bias[k] -= rate * gradient;
                }
            }
        }

        return new TextClassifier(labels, weights, bias);
    }

    /// <summary>Intent probabilities for <paramref name="text"/>, summing to 1.</summary>
    public Dictionary<string, double> Predict(string text)
    {
        var scores = new float[_labels.Length];
        Softmax(Features(text), _weights, _bias, scores);
        return _labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => (double)scores[p.i], StringComparer.Ordinal);
    }

    private static void Softmax(List<(int Bucket, float Value)> features, float[][] weights, float[] bias, float[] scores)
    {
        var max = float.MinValue;
        for (var k = 0; k < scores.Length; k++)
        {
            var sum = bias[k];
            var row = weights[k];
            foreach (var (bucket, value) in features)
            {
                sum += row[bucket] * value;
            }

            scores[k] = sum;
            max = Math.Max(max, sum);
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

    /// <summary>Word unigrams and bigrams, and character 3- to 5-grams of each word, hashed, L2-normalized.</summary>
    internal static List<(int Bucket, float Value)> Features(string text)
    {
        var words = Tokenize(EmbeddedRecognizer.Normalize(text));
        var counts = new Dictionary<int, float>(words.Count * 12);
        void Add(uint hash, float weight)
        {
            var bucket = (int)(hash % Buckets);
            counts[bucket] = counts.GetValueOrDefault(bucket) + weight;
        }

        Add(Hash("len", Math.Min(words.Count, 12).ToString(CultureInfo.InvariantCulture), ""), 1f);
        Span<char> padded = stackalloc char[66];
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            Add(Hash("w", word, ""), 1f);
            Add(Hash("b", i == 0 ? "^" : words[i - 1], word), 1f);
            var length = Math.Min(word.Length, 64);
            padded[0] = '<';
            word.AsSpan(0, length).CopyTo(padded[1..]);
            padded[length + 1] = '>';
            var gram = padded[..(length + 2)];
            for (var n = 3; n <= 5; n++)
            {
                for (var s = 0; s + n <= gram.Length; s++)
                {
                    Add(Hash("c", gram.Slice(s, n), ""), 0.5f);
                }
            }
        }

        if (words.Count > 0)
        {
            Add(Hash("b", words[^1], "$"), 1f);
        }

        var norm = MathF.Sqrt(counts.Values.Sum(v => v * v));
        return [.. counts.Select(c => (c.Key, c.Value / norm))];
    }

    // FNV-1a over kind, first and second parts with separators, without building strings. string.GetHashCode is
    // randomized per process; the model must not depend on the process.
    private static uint Hash(ReadOnlySpan<char> kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var hash = 2166136261u;
        foreach (var c in kind)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ ':') * 16777619u;
        foreach (var c in first)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ '_') * 16777619u;
        foreach (var c in second)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static List<string> Tokenize(string normalized)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in normalized)
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                current.Append(char.IsDigit(c) ? '0' : c);
            }
            else
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }

                if (c is '?' or '!' or '$' or '€' or '£' or '%' or '#' or '@' || char.IsSymbol(c) || char.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol)
                {
                    words.Add(c.ToString());
                }
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
