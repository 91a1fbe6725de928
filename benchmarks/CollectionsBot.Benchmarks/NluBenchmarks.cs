using BenchmarkDotNet.Attributes;
using CollectionsBot.Bot.Understanding;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// Messages parsed per second by the embedded recognizer, one thread, over the 560 messages of the development set (SMS to
/// multi-sentence email). Entity extraction alone is the baseline; the full parse adds the cues and the classifier.
/// Times are per message (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class NluBenchmarks
{
    private const int Messages = 560;
    private string[] _texts = [];
    private RecognitionContext _context = new(NluEvaluation.ReferenceNow, "en-US");

    /// <summary>Loads the messages and trains the classifier before timing.</summary>
    [GlobalSetup]
    public void Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Understanding", "Data", "dev.jsonl");
        _texts = [.. NluEvaluation.Load(path).Select(e => e.Text).Take(Messages)];
        _context = new RecognitionContext(NluEvaluation.ReferenceNow, "en-US");
        EmbeddedRecognizer.WarmUp();
    }

    /// <summary>Entities only.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public int ExtractEntities()
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += EntityExtractor.Extract(text, _context).Count;
        }

        return total;
    }

    /// <summary>The classifier's half alone (features and probabilities).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int Classify()
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += EmbeddedRecognizer.Model.Predict(text).Count;
        }

        return total;
    }

    /// <summary>The whole parse the API answers with.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public int Recognize()
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += EmbeddedRecognizer.Recognize(text, _context).IntentRanking.Count;
        }

        return total;
    }
}
