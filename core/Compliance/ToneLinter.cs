using System.Text.RegularExpressions;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Compliance;

/// <summary>One tone rule an outbound message breaks.</summary>
/// <param name="Rule">The rule's code, one of the constants on <see cref="ToneLinter"/>.</param>
/// <param name="Excerpt">The text that broke it, as written in the message.</param>
public sealed record ToneFinding(string Rule, string Excerpt);

/// <summary>
/// Checks an outbound message (from the bot, an LLM or a human agent) against the tone rules: no threats, no legal
/// claims before a demand has gone out, no insults, no profanity, no shouting, no false urgency. Matching is
/// case-insensitive on whole words; the patterns run on the non-backtracking engine, linear in the message length.
/// </summary>
public static class ToneLinter
{
    /// <summary>Threats of arrest, seizure, ruin, harm or exposure: never allowed.</summary>
    public const string Threat = "tone.threat";

    /// <summary>Lawsuits, courts, judgments, garnishment, liens, referral to lawyers: only once a demand letter has gone
    /// out (<see cref="CaseStage.DemandIssued"/>) or the case is <see cref="CaseStage.Escalated"/>.</summary>
    public const string LegalClaim = "tone.legal_claim";

    /// <summary>Name-calling: never allowed.</summary>
    public const string Insult = "tone.insult";

    /// <summary>Swearing, including common spellings that hide it (f*ck, sh1t, a$$hole): never allowed.</summary>
    public const string Profanity = "tone.profanity";

    /// <summary>At least 60 % upper-case letters over at least 12 letters (invoice numbers, codes and acronyms aside),
    /// or two or more exclamation marks in a row.</summary>
    public const string Shouting = "tone.shouting";

    /// <summary>Pressure phrases (act now, last chance, final warning, within 24 hours or ...); "final notice" and
    /// "final demand" only at <see cref="CaseStage.DemandIssued"/> or <see cref="CaseStage.Escalated"/>.</summary>
    public const string FalseUrgency = "tone.false_urgency";

    private const int MinShoutingLetters = 12;
    private const int ShoutingPercent = 60;
    private const int MaxExcerptLength = 80;

    private static readonly Regex Threats = Words(
        @"arrest(?:s|ed|ing)?", @"jail(?:ed|ing)?", @"prison", @"imprison(?:ed|ment)?", @"police", @"sheriffs?",
        @"seiz(?:e|ed|es|ing|ure)", @"repossess(?:ed|es|ing|ion)?", @"confiscat(?:e|ed|es|ing|ion)",
        @"(?:ruin|destroy|wreck)(?:s|ed|ing)?\s+(?:you|your)",
        @"you(?:['’]ll|\s+will|['’]re\s+going\s+to|\s+are\s+going\s+to)\s+(?:regret|be\s+sorry)",
        @"we\s+know\s+where", @"(?:hurt|harm|injure)\s+(?:you|your)", @"kill(?:ed|ing)?", @"beat\s+you",
        @"(?:tell|inform|notify|warn)\s+(?:all\s+)?(?:of\s+)?your\s+(?:customers|clients|suppliers|neighbou?rs|family|competitors)",
        @"(?:show|turn)\s+up\s+at\s+your", @"visit\s+your\s+(?:home|house|family)");

    // "Or else" as a threat ends the sentence; "by card, or else by transfer" does not.
    private static readonly Regex OrElse = new(@"\bor\s+else\s*(?:[.!?…]|$)", Options);

    private static readonly Regex LegalClaims = Words(
        @"law\s?suits?", @"sued", @"suing", @"sue\s+(?:you|your|the\s+company)",
        @"(?:will|may|might|could|shall|to|can|we['’]ll|intend\s+to|right\s+to)\s+(?-i:sue|SUE)", // not "Could Sue confirm"
        @"(?:in|to|through)\s+(?:the\s+)?courts?", @"courts?\s+(?:action|order|orders|proceedings?|case|claim|judge?ment|hearing)",
        @"judge?ments?\s+against", @"default\s+judge?ments?", @"ccjs?",
        @"legal\s+(?:action|proceedings?|steps|measures|remedies|recourse)",
        @"garnish(?:ed|es|ing|ment|ments)?",
        @"(?:place|placed|placing|file|filed|filing|put|record|recorded|register|registered)\s+(?:an?\s+|the\s+)?liens?", @"liens?\s+(?:on|against)", @"litigat(?:e|ed|es|ing|ion)", @"small\s+claims",
        @"our\s+(?:attorneys?|lawyers?|solicitors?|legal\s+(?:team|department|counsel|representatives?))",
        @"(?:refer|referred|pass|passed|hand|handed|send|sent|forward|forwarded|turn|turned)\s+(?:[\w’']+\s+){0,4}to\s+(?:an?\s+|the\s+|our\s+)?(?:attorneys?|lawyers?|solicitors?|legal)");

    private static readonly Regex Insults = Words(
        @"idiot(?:s|ic)?", @"stupid(?:ity)?", @"dumb", @"moron(?:s|ic)?", @"imbeciles?", @"cretins?", @"deadbeats?",
        @"liars?", @"you(?:['’]re|\s+are)\s+lying", @"pathetic", @"incompeten(?:t|ce)", @"(?:scam|con)\s?artists?",
        @"crooks?", @"thie(?:f|ves)", @"losers?", @"clowns?", @"fraudsters?", @"useless", @"worthless", @"lazy",
        @"clueless", @"ignorant", @"shameless", @"freeloaders?", @"scum(?:bags?)?", @"(?:dim|half|nit)wits?",
        @"parasites?", @"low\s?lifes?", @"screw\s+you", @"shame\s+on\s+you", @"disgrace(?:ful)?");

    // Runs on the text with $ read as s and @ as a (same length, so excerpts come from the original).
    private static readonly Regex Profanities = Words(
        @"(?:mother|mutha|muther)?f+(?:[u*#%!v\-]+c*|c+)k+(?:in|ing|ed|er|ers|s|face|head|wit|tard)?",
        @"ph(?:u|\*)c?k+(?:ing|ed|er|s)?",
        @"s+h+(?:[i1!*#|]+|y)t+(?:s|e|ty|tier|tiest|head|heads|hole|holes|show|load)?", @"s[*#]{2,}t",
        @"(?:bull|horse|dip|ape|bat)\s?s+h+[i1!*#]+t+",
        @"b[i1!*]+t+ch(?:es|ing|y)?", @"bastards?", @"a(?:ss|rse|s?\*+)h[o0*]les?", @"(?:dumb|jack|smart|fat)\s?a(?:ss|rse)(?:es)?",
        @"(?:kiss\s+)?(?:my|your)\s+a(?:ss|rse)", @"arse", @"c[u*]nts?", @"twats?", @"wank(?:er|ers|ing|s)?", @"bollocks",
        @"bloody", @"crap(?:py|s)?", @"piss(?:ed|es|ing)?", @"pricks?", @"god\s?dam(?:n|mit|ned)?", @"damn(?:ed|it)?", @"dammit",
        @"douche(?:bags?)?", @"wtf", @"stfu", @"sluts?", @"whores?", @"the\s+hell", @"to\s+hell", @"hell\s+no",
        @"bugger(?:ed|s)?", @"sod\s+off");

    // Starred-out swearing that ends in a symbol ("f***"), which a trailing word boundary would miss.
    private static readonly Regex StarredProfanities = new(@"\bf\*{2,}[a-z]*", Options);

    private static readonly Regex Urgency = new(
        Words(
            @"act\s+(?:now|fast|immediately|today)", @"(?:last|final)\s+(?:chance|warning)", @"immediately\s+or\s+(?:else|we|we['’]ll|you|you['’]ll|your|face|risk|further|additional|the)",
            @"within\s+\d+\s*(?:hours?|hrs?|minutes?|mins?)\s+or", @"today\s+only", @"now\s+or\s+never",
            @"urgent(?:ly)?\s+(?:action|response|payment|attention)\s+(?:is\s+)?required", @"time\s+is\s+running\s+out",
            @"before\s+it['’]?s\s+too\s+late", @"don['’]?t\s+delay", @"limited\s+time").ToString() + @"|\burgent\s*!+",
        Options);

    private static readonly Regex FinalNotices = Words(@"final\s+(?:notice|demand)");

    private static readonly Regex Exclamations = new(@"[^\s!]*!{2,}", Options);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>
    /// Every tone rule <paramref name="text"/> breaks at <paramref name="stage"/>, grouped by rule in the order of the
    /// constants above, each group in text order; empty when the message may go out.
    /// </summary>
    public static IReadOnlyList<ToneFinding> Check(string text, CaseStage stage)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<(int Rule, int Index, ToneFinding Finding)>();
        var formal = stage is CaseStage.DemandIssued or CaseStage.Escalated;
        var readable = text.Replace('$', 's').Replace('@', 'a');

        Add(found, 0, Threat, Threats, text, text);
        Add(found, 0, Threat, OrElse, text, text);
        if (!formal)
        {
            Add(found, 1, LegalClaim, LegalClaims, text, text);
        }

        Add(found, 2, Insult, Insults, text, text);
        Add(found, 3, Profanity, Profanities, readable, text);
        Add(found, 3, Profanity, StarredProfanities, readable, text);
        if (ShoutedSpan(text) is { } shouted)
        {
            found.Add((4, shouted.Start, new ToneFinding(Shouting, Excerpt(text.AsSpan(shouted.Start, shouted.Length)))));
        }

        Add(found, 4, Shouting, Exclamations, text, text);
        Add(found, 5, FalseUrgency, Urgency, text, text);
        if (!formal)
        {
            Add(found, 5, FalseUrgency, FinalNotices, text, text);
        }

        return found.Count == 0 ? [] : found.OrderBy(f => f.Rule).ThenBy(f => f.Index).Select(f => f.Finding).ToList();
    }

    private static void Add(List<(int, int, ToneFinding)> found, int order, string rule, Regex pattern, string searched, string original)
    {
        foreach (var match in pattern.EnumerateMatches(searched))
        {
            found.Add((order, match.Index, new ToneFinding(rule, Excerpt(original.AsSpan(match.Index, match.Length)))));
        }
    }

    // Mostly upper-case over enough letters, in at least two all-capital words (one is a keyword: Reply UNSUBSCRIBE).
    // Words with digits (INV-1001, 2026-03-20) are skipped, and so are short all-capital words (USD, ACH, PDF, STOP)
    // unless three or more stand in a row, which is shouting, not acronyms.
    private static (int Start, int Length)? ShoutedSpan(string text)
    {
        var words = Tokens(text);
        int letters = 0, upper = 0, capsWords = 0, first = -1, last = -1;
        for (var i = 0; i < words.Count; i++)
        {
            var (start, length, lower, caps) = words[i];
            if (lower < 0)
            {
                continue;
            }

            var allCaps = caps > 0 && lower == 0;
            if (allCaps && caps <= 4 && !InCapsRun(words, i))
            {
                continue;
            }

            letters += lower + caps;
            upper += caps;
            if (allCaps)
            {
                capsWords++;
                first = first < 0 ? start : first;
                last = start + length;
            }
        }

        return letters >= MinShoutingLetters && upper * 100 >= ShoutingPercent * letters && capsWords >= 2
            ? (first, last - first)
            : null;
    }

    private static bool InCapsRun(List<(int Start, int Length, int Lower, int Caps)> words, int index)
    {
        static bool Caps((int Start, int Length, int Lower, int Caps) word) => word.Lower == 0 && word.Caps > 0;
        var from = index;
        while (from > 0 && Caps(words[from - 1]))
        {
            from--;
        }

        var to = index;
        while (to < words.Count - 1 && Caps(words[to + 1]))
        {
            to++;
        }

        return to - from + 1 >= 3;
    }

    // Words split on white space and slashes, with their cased-letter counts; Lower is -1 for a word with a digit.
    private static List<(int Start, int Length, int Lower, int Caps)> Tokens(string text)
    {
        var words = new List<(int, int, int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] == '/'))
            {
                i++;
            }

            var start = i;
            int lower = 0, caps = 0;
            var digit = false;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '/')
            {
                var c = text[i++];
                digit |= char.IsDigit(c);
                lower += char.IsLower(c) ? 1 : 0;
                caps += char.IsUpper(c) ? 1 : 0;
            }

            if (i > start)
            {
                words.Add((start, i - start, digit ? -1 : lower, caps));
            }
        }

        return words;
    }

    private static string Excerpt(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= MaxExcerptLength ? trimmed.ToString() : string.Concat(trimmed[..MaxExcerptLength], "…");
    }

    private static Regex Words(params string[] alternatives) => new(@"\b(?:" + string.Join('|', alternatives) + @")\b", Options);
}
