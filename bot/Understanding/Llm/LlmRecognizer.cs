using System.Text.Json;

namespace CollectionsBot.Bot.Understanding.Llm;

/// <summary>
/// Reads a debtor's message with the embedded recognizer first, then asks the configured LLM for the intent
/// (prompts/llm/recognizer.md). The model only ever chooses the intent: entities (values and spans) always come from
/// the embedded extractor, which is deterministic. The embedded answer stands when the model times out, fails,
/// answers something that is not JSON, names an intent outside the taxonomy, or gives no confidence from 0 to 1.
/// </summary>
/// <remarks>
/// Safety rule: when the embedded recognizer's primary intent is a critical one (opt-out, insolvency, a lawyer, a
/// dispute, hardship, a request for a person) and a cue, not just the classifier, found it, the model is not asked:
/// cues are precise, and a missed critical intent causes legal or relationship harm, so no model may turn such a
/// message into a non-critical intent. A critical intent the classifier guessed alone may be corrected by the model,
/// and the model may always raise a message to a critical intent.
/// </remarks>
internal sealed partial class LlmRecognizer(LlmChat chat, LlmPrompts prompts, ILogger<LlmRecognizer> logger) : IRecognizer
{
    /// <inheritdoc />
    public async Task<Recognition> RecognizeAsync(string text, RecognitionContext context, CancellationToken cancellationToken)
    {
        var (embedded, byCue) = EmbeddedRecognizer.RecognizeWithSource(text, context);
        if (byCue && Intents.Critical.Contains(embedded.Intent.Name))
        {
            return embedded;
        }

        var answer = await chat.AskJsonAsync(prompts.Recognizer, text, cancellationToken);
        if (answer.Json is not { } json)
        {
            LogFallback(logger, answer.Failure!, embedded.Intent.Name);
            return embedded;
        }

        var intent = json.TryGetProperty("intent", out var intentJson) && intentJson.ValueKind == JsonValueKind.String ? intentJson.GetString()!.Trim() : "";
        if (!Intents.All.Contains(intent))
        {
            LogFallback(logger, "the answer names no intent of the taxonomy", embedded.Intent.Name);
            return embedded;
        }

        var confidence = json.TryGetProperty("confidence", out var confidenceJson) && confidenceJson.ValueKind == JsonValueKind.Number ? confidenceJson.GetDouble() : double.NaN;
        if (confidence is not (>= 0 and <= 1))
        {
            LogFallback(logger, "the answer gives no confidence from 0 to 1", embedded.Intent.Name);
            return embedded;
        }

        LogRecognized(logger, intent, embedded.Intent.Name);
        var primary = new IntentScore(intent, Math.Round(confidence, 4));
        return embedded with { Intent = primary, IntentRanking = [primary, .. embedded.IntentRanking.Where(i => i.Name != intent)] };
    }

    // The reason never holds message text or the key; only intent names, which come from a fixed list.
    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM recognizer fell back to the embedded intent {EmbeddedIntent}: {Reason}")]
    private static partial void LogFallback(ILogger logger, string reason, string embeddedIntent);

    [LoggerMessage(Level = LogLevel.Debug, Message = "LLM recognizer chose {Intent} (embedded: {EmbeddedIntent})")]
    private static partial void LogRecognized(ILogger logger, string intent, string embeddedIntent);
}
