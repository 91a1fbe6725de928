namespace CollectionsBot.Bot.Understanding;

/// <summary>
/// Finds literal strings of which every match of a regular expression contains at least one ("stop|quit" needs
/// "stop" or "quit"; "chapter\s*11" needs "chapter"), so a cue whose literals are all absent from a message can be
/// skipped without running its pattern. Handles the subset of .NET syntax the cues use and gives up (null) on
/// anything else, which only costs speed: a pattern without literals always runs.
/// </summary>
internal static class RegexLiterals
{
    /// <summary>Literals one of which every match contains, or null when none can be named.</summary>
    public static IReadOnlyList<string>? Required(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            var position = 0;
            var node = ParseAlternation(pattern, ref position);
            return position == pattern.Length ? node.Required()?.Distinct(StringComparer.Ordinal).ToList() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static readonly HashSet<string> CommonWords = new(StringComparer.Ordinal)
    {
        "the", "and", "to", "a", "i", "we", "you", "is", "it", "of", "for", "on", "in", "at", "be", "me", "us", "my",
        "our", "your", "this", "that", "with", "can", "will", "have", "not", "no", "do", "so", "or", "if", "are",
    };

    private abstract record Node
    {
        public abstract List<string>? Required();
    }

    /// <summary>One literal character.</summary>
    private sealed record Literal(char Char) : Node
    {
        public override List<string>? Required() => [Char.ToString()];
    }

    /// <summary>Anything that is not a known literal: a class, a dot, an anchor, a look-around, an empty branch.</summary>
    private sealed record Opaque : Node
    {
        public override List<string>? Required() => null;
    }

    private sealed record Repeat(Node Child, int Min) : Node
    {
        public override List<string>? Required() => Min == 0 ? null : Child.Required();
    }

    private sealed record Alternation(IReadOnlyList<Node> Branches) : Node
    {
        public override List<string>? Required()
        {
            var all = new List<string>();
            foreach (var branch in Branches)
            {
                if (branch.Required() is not { } strings)
                {
                    return null;
                }

                all.AddRange(strings);
            }

            return all;
        }
    }

    private sealed record Sequence(IReadOnlyList<Node> Items) : Node
    {
        // Runs of adjacent literals are one string; of all the parts' requirements, the most selective one stands
        // (longest shortest string, then fewest strings).
        public override List<string>? Required()
        {
            List<string>? best = null;
            var run = new System.Text.StringBuilder();
            void Consider(List<string>? candidate)
            {
                if (candidate is { Count: > 0 } && (best is null || Better(candidate, best)))
                {
                    best = candidate;
                }
            }

            void EndRun()
            {
                if (run.Length > 0)
                {
                    Consider([run.ToString()]);
                    run.Clear();
                }
            }

            foreach (var item in Items)
            {
                switch (item)
                {
                    case Literal literal:
                        run.Append(literal.Char);
                        break;
                    case Repeat { Child: Literal literal, Min: > 0 }:
                        run.Append(literal.Char);
                        EndRun();
                        break;
                    default:
                        EndRun();
                        Consider(item.Required());
                        break;
                }
            }

            EndRun();
            return best;
        }

        // Longest shortest literal first, then fewest literals; a set holding a common word ("the", "will") comes last,
        // since it would send the pattern to run on nearly every message.
        private static bool Better(List<string> a, List<string> b)
        {
            var (minA, minB) = (Strength(a), Strength(b));
            return minA != minB ? minA > minB : a.Count < b.Count;
        }

        private static int Strength(List<string> literals) => literals.Min(l => l.Trim().Length <= 1 ? 0 : CommonWords.Contains(l.Trim()) ? 1 : l.Length);
    }

    private static Node ParseAlternation(string p, ref int i)
    {
        var branches = new List<Node> { ParseSequence(p, ref i) };
        while (i < p.Length && p[i] == '|')
        {
            i++;
            branches.Add(ParseSequence(p, ref i));
        }

        return branches.Count == 1 ? branches[0] : new Alternation(branches);
    }

    private static Node ParseSequence(string p, ref int i)
    {
        var items = new List<Node>();
        while (i < p.Length && p[i] is not ('|' or ')'))
        {
            var atom = ParseAtom(p, ref i);
            items.Add(ParseQuantifier(p, ref i, atom));
        }

        return items.Count == 0 ? new Opaque() : new Sequence(items);
    }

    private static Node ParseQuantifier(string p, ref int i, Node atom)
    {
        if (i >= p.Length)
        {
            return atom;
        }

        int min;
        switch (p[i])
        {
            case '?' or '*':
                min = 0;
                i++;
                break;
            case '+':
                min = 1;
                i++;
                break;
            case '{' when p.IndexOf('}', i) is var close and > 0 && IsCount(p.AsSpan(i + 1, close - i - 1)):
                min = int.Parse(p.AsSpan(i + 1, close - i - 1).ToString().Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
                i = close + 1;
                break;
            default:
                return atom;
        }

        if (i < p.Length && p[i] == '?')
        {
            i++; // lazy
        }

        return new Repeat(atom, min);
    }

    private static readonly System.Buffers.SearchValues<char> CountChars = System.Buffers.SearchValues.Create("0123456789,");

    private static bool IsCount(ReadOnlySpan<char> s) => s.Length > 0 && char.IsDigit(s[0]) && !s.ContainsAnyExcept(CountChars);

    private static Node ParseAtom(string p, ref int i)
    {
        var c = p[i++];
        switch (c)
        {
            case '(':
                var lookaround = false;
                if (i < p.Length && p[i] == '?')
                {
                    var rest = p.AsSpan(i);
                    if (rest.StartsWith("?:"))
                    {
                        i += 2;
                    }
                    else if (rest.StartsWith("?=") || rest.StartsWith("?!"))
                    {
                        i += 2;
                        lookaround = true;
                    }
                    else if (rest.StartsWith("?<=") || rest.StartsWith("?<!"))
                    {
                        i += 3;
                        lookaround = true;
                    }
                    else if (rest.StartsWith("?<") && rest.IndexOf('>') is var close and > 2)
                    {
                        i += close + 1;
                    }
                    else
                    {
                        throw new FormatException("unsupported group");
                    }
                }

                var inner = ParseAlternation(p, ref i);
                if (i >= p.Length || p[i] != ')')
                {
                    throw new FormatException("unclosed group");
                }

                i++;
                return lookaround ? new Opaque() : inner;
            case '[':
                var escaped = false;
                var first = true;
                while (i < p.Length && (escaped || first || p[i] != ']'))
                {
                    escaped = !escaped && p[i] == '\\';
                    first = first && p[i] == '^';
                    i++;
                }

                i++;
                return new Opaque();
            case '\\':
                var e = p[i++];
                return e switch
                {
                    'b' or 'B' or 'A' or 'z' or 'Z' or 'G' or 's' or 'S' or 'd' or 'D' or 'w' or 'W' => new Opaque(),
                    'n' => new Literal('\n'),
                    't' => new Literal('\t'),
                    _ when char.IsLetterOrDigit(e) => throw new FormatException("unsupported escape"),
                    _ => new Literal(e),
                };
            case '.' or '^' or '$':
                return new Opaque();
            default:
                return new Literal(c);
        }
    }
}
