using System.Globalization;

namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// The classifier's features of a message: word unigrams, bigrams (with start and end marks) and trigrams, words in
/// the scope of a negation, word classes (<see cref="Concepts"/>), character 3- to 5-grams of each word, and a length
/// bucket; hashed into <see cref="BucketCount"/> buckets, duplicates merged,
/// L2-normalized. Lower-cased, curly apostrophes straightened, digits folded to 0. Built in reusable per-thread
/// buffers: one message costs no allocation.
/// </summary>
internal sealed class TextFeatures
{
    /// <summary>Hash buckets (feature space size).</summary>
    public const int BucketCount = 1 << 18;

    private const uint Prime = 16777619u;
    private const uint Offset = 2166136261u;
    private static readonly uint CharSeed = Start("c");

    [ThreadStatic]
    private static TextFeatures? t_shared;

    private char[] _chars = new char[256];
    private (int Start, int Length)[] _words = new (int, int)[64];
    private bool[] _breakBefore = new bool[64];


    private int[] _slots = new int[1024];
    private int[] _stamps = new int[1024];
    private int _stamp;

    /// <summary>Buckets of the features of the last <see cref="Fill"/>.</summary>
    public int[] Buckets { get; private set; } = new int[512];

    /// <summary>Values of the features of the last <see cref="Fill"/>, matching <see cref="Buckets"/>.</summary>
    public float[] Values { get; private set; } = new float[512];

    /// <summary>This thread's buffers.</summary>
    public static TextFeatures Shared => t_shared ??= new TextFeatures();

    /// <summary>The features of <paramref name="text"/> as a new array (for training).</summary>
    public static (int Bucket, float Value)[] Extract(string text)
    {
        var buffer = Shared;
        var count = buffer.Fill(text);
        var features = new (int, float)[count];
        for (var i = 0; i < count; i++)
        {
            features[i] = (buffer.Buckets[i], buffer.Values[i]);
        }

        return features;
    }

    /// <summary>Computes the features of <paramref name="text"/> into <see cref="Buckets"/> and <see cref="Values"/>; returns how many.</summary>
    public int Fill(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Tokenize(text);
        var count = 0;
        var capacity = 16 + (words * 10) + (text.Length * 3);
        if (Buckets.Length < capacity)
        {
            Buckets = new int[capacity];
            Values = new float[capacity];
        }

        if (_slots.Length < capacity * 2)
        {
            _slots = new int[System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2)];
            _stamps = new int[_slots.Length];
        }

        if (_stamp == int.MaxValue)
        {
            Array.Clear(_stamps);
            _stamp = 0;
        }

        _stamp++;
        Span<char> digits = stackalloc char[4];
        Math.Min(words, 12).TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
        Add(ref count, Hash("len", digits[..written], ""), 1f);
        Span<char> padded = stackalloc char[66];
        for (var i = 0; i < words; i++)
        {
            var word = Word(i);
            Add(ref count, Hash("w", word, ""), 1f);
            Add(ref count, Hash("b", i == 0 ? "^" : Word(i - 1), word), 1f);
            var length = Math.Min(word.Length, 64);
            padded[0] = '<';
            word[..length].CopyTo(padded[1..]);
            padded[length + 1] = '>';
            var gram = padded[..(length + 2)];
            for (var s = 0; s + 3 <= gram.Length; s++)
            {
                var hash = CharSeed;
                for (var n = 1; n <= 5 && s + n <= gram.Length; n++)
                {
                    hash = (hash ^ gram[s + n - 1]) * Prime;
                    if (n >= 3)
                    {
                        Add(ref count, (hash ^ '_') * Prime, 0.5f);
                    }
                }
            }
        }

        if (words > 0)
        {
            Add(ref count, Hash("b", Word(words - 1), "$"), 1f);
        }

        for (var i = 2; i < words; i++)
        {
            Add(ref count, Hash("t", Word(i - 2), Word(i - 1)) ^ Hash("u", Word(i), ""), 1f);
        }

        // Word classes (Concepts): alone, after the previous class in the same clause, and before the next word.
        string? previous = null;
        for (var i = 0; i < words; i++)
        {
            previous = _breakBefore[i] ? null : previous;
            if (Concepts.Of(Word(i)) is { } concept)
            {
                Add(ref count, Hash("k", concept, ""), 1f);
                Add(ref count, Hash("kk", previous ?? "^", concept), 1f);
                if (i + 1 < words)
                {
                    Add(ref count, Hash("kw", concept, Word(i + 1)), 1f);
                }

                previous = concept;
            }
        }

        // Words in the scope of a negation (to the end of the clause, four words at most) are features of their own:
        // "not disputing" is not "disputing".
        var scope = 0;
        for (var i = 0; i < words; i++)
        {
            scope = _breakBefore[i] ? 0 : scope;
            var word = Word(i);
            if (scope > 0)
            {
                Add(ref count, Hash("n", word, ""), 1f);
                scope--;
            }

            scope = IsNegation(word) ? 4 : scope;
        }

        var norm = 0f;
        for (var i = 0; i < count; i++)
        {
            norm += Values[i] * Values[i];
        }

        norm = MathF.Sqrt(norm);
        for (var i = 0; i < count; i++)
        {
            Values[i] /= norm;
        }

        return count;
    }

    private static bool IsNegation(ReadOnlySpan<char> word) =>
        word is "not" or "no" or "never" or "without" or "nothing" or "nobody" or "dont" or "cant" or "wont" or "didnt" or "isnt" or "doesnt" or "havent" or "arent" or "wasnt"
        || word.EndsWith("n't", StringComparison.Ordinal);

    private ReadOnlySpan<char> Word(int i) => _chars.AsSpan(_words[i].Start, _words[i].Length);

    // Merges duplicates through an open-addressing table whose slots are valid only when stamped with this call.
    private void Add(ref int count, uint hash, float weight)
    {
        var bucket = (int)(hash % BucketCount);
        var mask = _slots.Length - 1;
        var slot = (int)((uint)bucket * 2654435761u) & mask;
        while (_stamps[slot] == _stamp)
        {
            var index = _slots[slot];
            if (Buckets[index] == bucket)
            {
                Values[index] += weight;
                return;
            }

            slot = (slot + 1) & mask;
        }

        _stamps[slot] = _stamp;
        _slots[slot] = count;
        Buckets[count] = bucket;
        Values[count] = weight;
        count++;
    }

    // Words of letters, digits (as 0) and apostrophes; ? ! $ € £ % # @ and symbols are words of their own.
    private int Tokenize(string text)
    {
        if (_chars.Length < text.Length * 2)
        {
            _chars = new char[text.Length * 2];
        }

        var words = 0;
        var length = 0;
        var start = 0;
        var pendingBreak = false;
        void End()
        {
            if (length > start)
            {
                if (words == _words.Length)
                {
                    Array.Resize(ref _words, words * 2);
                    Array.Resize(ref _breakBefore, words * 2);
                }

                _breakBefore[words] = pendingBreak;
                pendingBreak = false;
                _words[words++] = (start, length - start);
                start = length;
            }
        }

        foreach (var raw in text)
        {
            var c = raw is '\u2018' or '\u2019' or '\u02BC' or '`' ? '\'' : char.ToLowerInvariant(raw);
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                _chars[length++] = char.IsDigit(c) ? '0' : c;
                continue;
            }

            End();
            pendingBreak |= c is '.' or ',' or ';' or ':' or '!' or '?' or '\n' or '(' or ')';
            if (c is '?' or '!' or '$' or '€' or '£' or '%' or '#' or '@' || char.IsSymbol(c) || char.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol)
            {
                _chars[length++] = c;
                End();
            }
        }

        End();
        return words;
    }

    private static uint Start(ReadOnlySpan<char> kind)
    {
        var hash = Offset;
        foreach (var c in kind)
        {
            hash = (hash ^ c) * Prime;
        }

        return (hash ^ ':') * Prime;
    }

    // FNV-1a over kind, first and second parts with separators. string.GetHashCode is randomized per process; the
    // model must not depend on the process.
    private static uint Hash(ReadOnlySpan<char> kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var hash = Start(kind);
        foreach (var c in first)
        {
            hash = (hash ^ c) * Prime;
        }

        hash = (hash ^ '_') * Prime;
        foreach (var c in second)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash;
    }
}
