namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// A set of cues that finds the ones matching a message without running every pattern. Each pattern needs one of
/// a few literals (<see cref="RegexLiterals"/>: "stop|quit" needs "stop" or "quit"); one pass of an Aho-Corasick
/// automaton over the message finds which literals occur, and only the cues with a literal present (or with none
/// to look for) run their pattern. On a typical message that is a handful of the patterns.
/// </summary>
internal sealed class CueSet
{
    private readonly Cue[] _cues;
    private readonly int[] _alwaysRun;
    private readonly int _symbols;
    private readonly int[] _asciiSymbol = new int[128];
    private readonly Dictionary<char, int> _otherSymbol = [];
    private readonly int[] _next;
    private readonly int[][] _found;

    public CueSet(IEnumerable<Cue> cues)
    {
        _cues = [.. cues];
        var literals = _cues.Select(c => RegexLiterals.Required(c.Source)).ToArray();
        _alwaysRun = [.. Enumerable.Range(0, _cues.Length).Where(i => literals[i] is null)];

        // Symbols: 0 is any character no literal contains.
        foreach (var c in literals.Where(l => l is not null).SelectMany(l => l!).SelectMany(s => s).Distinct())
        {
            var symbol = _otherSymbol.Count + 1;
            if (c < 128)
            {
                _asciiSymbol[c] = symbol;
            }

            _otherSymbol[c] = symbol;
        }

        _symbols = _otherSymbol.Count + 1;
        var trie = new List<int[]> { new int[_symbols] };
        var output = new List<HashSet<int>> { new() };
        for (var cue = 0; cue < _cues.Length; cue++)
        {
            foreach (var literal in literals[cue] ?? [])
            {
                var state = 0;
                foreach (var c in literal)
                {
                    var symbol = _otherSymbol[c];
                    if (trie[state][symbol] == 0)
                    {
                        trie[state][symbol] = trie.Count;
                        trie.Add(new int[_symbols]);
                        output.Add([]);
                    }

                    state = trie[state][symbol];
                }

                output[state].Add(cue);
            }
        }

        // Breadth first: failure links, completed transitions, outputs inherited along the failure links.
        var fail = new int[trie.Count];
        var queue = new Queue<int>();
        for (var s = 0; s < _symbols; s++)
        {
            if (trie[0][s] != 0)
            {
                queue.Enqueue(trie[0][s]);
            }
        }

        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            output[state].UnionWith(output[fail[state]]);
            for (var s = 0; s < _symbols; s++)
            {
                var child = trie[state][s];
                if (child != 0)
                {
                    fail[child] = trie[fail[state]][s];
                    queue.Enqueue(child);
                }
                else
                {
                    trie[state][s] = trie[fail[state]][s];
                }
            }
        }

        _next = [.. trie.SelectMany(row => row)];
        _found = [.. output.Select(o => o.Order().ToArray())];
    }

    /// <summary>The cues, in the order given.</summary>
    public IReadOnlyList<Cue> Cues => _cues;

    /// <summary>Sets <paramref name="matched"/>[i] when cue i matches the normalized text (short replies only when <paramref name="shortReply"/>).</summary>
    public void Match(string normalized, bool shortReply, Span<bool> matched)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        Span<bool> candidate = stackalloc bool[_cues.Length];
        foreach (var i in _alwaysRun)
        {
            candidate[i] = true;
        }

        var state = 0;
        foreach (var c in normalized)
        {
            var symbol = c < 128 ? _asciiSymbol[c] : _otherSymbol.GetValueOrDefault(c);
            state = _next[(state * _symbols) + symbol];
            foreach (var cue in _found[state])
            {
                candidate[cue] = true;
            }
        }

        for (var i = 0; i < _cues.Length; i++)
        {
            var cue = _cues[i];
            matched[i] = candidate[i] && (shortReply || cue.Kind != CueKind.ShortReply) && cue.IsMatch(normalized);
        }
    }
}
