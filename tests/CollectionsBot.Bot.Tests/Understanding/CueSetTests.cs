using CollectionsBot.Bot.Understanding;

namespace CollectionsBot.Bot.Tests.Understanding;

public sealed class CueSetTests
{
    [Theory]
    [InlineData(@"\b(?:stop|quit)\b", "stop|quit")]
    [InlineData(@"chapter\s*(?:7|11)", "chapter")]
    [InlineData(@"\bdon'?t pay\b", "t pay")]
    [InlineData(@"(?:will|'ll) (?:pay|send)", "pay|send")]
    [InlineData(@"(?:pay|send) the (?:ach|wire)", "pay|send")]
    [InlineData(@"^(?:y|yes+)$", "y|yes")]
    [InlineData(@"(?<!not )\blawyer", "lawyer")]
    public void Required_NamesLiteralsEveryMatchContains(string pattern, string literals)
    {
        Assert.Equal(literals.Split('|'), RegexLiterals.Required(pattern));
    }

    [Theory]
    [InlineData(@"\b(?:stop|[a-z]+)\b")]
    [InlineData(@"(?:pay)?\d+")]
    [InlineData(@"\p{L}+")]
    public void Required_WithoutAGuaranteedLiteral_IsNull(string pattern)
    {
        Assert.Null(RegexLiterals.Required(pattern));
    }

    [Fact]
    public void Match_FindsExactlyWhatEveryPatternFinds_OnAllLabeledMessages()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Understanding", "Data");
        var texts = Directory.GetFiles(folder, "*.jsonl").SelectMany(NluEvaluation.Load).Select(e => EmbeddedRecognizer.Normalize(e.Text)).ToList();
        var cues = IntentRules.All.Cues;
        var matched = new bool[cues.Count];

        Assert.NotEmpty(texts);
        foreach (var text in texts)
        {
            IntentRules.All.Match(text, shortReply: true, matched);
            for (var i = 0; i < cues.Count; i++)
            {
                Assert.True(matched[i] == cues[i].IsMatch(text), $"cue {i} ({cues[i].Intent}) on \"{text}\"");
            }
        }
    }

    [Theory]
    [InlineData("stop dont text me lawyer counsel bankrupt wrong amount no money ")]
    [InlineData("a ")]
    [InlineData("don't don't don't don't call call call ")]
    [InlineData("we will pay 1,000 on friday the 5th, ")]
    public void Recognize_LongestAcceptedMessage_StaysFast(string piece)
    {
        var text = string.Concat(Enumerable.Repeat(piece, (NluApi.MaxTextLength / piece.Length) + 1))[..NluApi.MaxTextLength];
        var context = new RecognitionContext(NluEvaluation.ReferenceNow, "en-US");
        EmbeddedRecognizer.WarmUp();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        EmbeddedRecognizer.Recognize(text, context);

        // Not a speed target (the recognizer's benchmark has that): a pattern that backtracks on such input takes
        // minutes, a linear one milliseconds, so the bound leaves room for a machine busy with other tests.
        Assert.True(watch.ElapsedMilliseconds < 5000, $"{watch.ElapsedMilliseconds} ms for {text.Length} characters");
    }
}
