using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace CollectionsBot.Bot.Understanding.Llm;

/// <summary>One JSON answer from the model, or why there is none.</summary>
/// <param name="Json">The answer's JSON object, when there is one.</param>
/// <param name="Failure">Why there is no usable answer: safe to log (no message text, no key).</param>
internal readonly record struct LlmAnswer(JsonElement? Json, string? Failure)
{
    public static LlmAnswer Failed(string reason) => new(null, reason);
}

/// <summary>
/// Asks the configured chat model for one JSON object, within <see cref="LlmOptions.TimeoutSeconds"/>. Every way a
/// call can go wrong (timeout, HTTP error, unreachable server, no JSON object) becomes a failure reason rather than
/// an exception, so callers fall back to what they would have done without the model. The caller's own
/// cancellation still throws.
/// </summary>
internal sealed class LlmChat(IChatCompletionService chat, IOptions<LlmOptions> options, TimeProvider clock)
{
    private readonly LlmOptions options = options.Value;

    public async Task<LlmAnswer> AskJsonAsync(string systemPrompt, string userMessage, CancellationToken cancellationToken)
    {
        var history = new ChatHistory(systemPrompt);
        history.AddUserMessage(userMessage);
        var settings = new OpenAIPromptExecutionSettings { ResponseFormat = "json_object", Temperature = 0 };

        using var timeout = new CancellationTokenSource(options.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string? content;
        try
        {
            var reply = await chat.GetChatMessageContentAsync(history, settings, kernel: null, linked.Token);
            content = reply.Content;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return LlmAnswer.Failed($"no answer within {options.TimeoutSeconds} s");
        }
        catch (HttpOperationException ex)
        {
            return LlmAnswer.Failed(ex.StatusCode is { } status ? $"the endpoint answered HTTP {(int)status}" : "the endpoint could not be reached or sent a malformed response");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A malformed response surfaces from the connector as many exception types (JsonException, an
            // ArgumentOutOfRangeException for a completion without choices, ...). Each means the server gave no usable
            // answer, and the caller has a sound one without it; only the type is reported, never the message, which
            // may quote the response.
            return LlmAnswer.Failed($"the endpoint's response could not be read ({ex.GetType().Name})");
        }

        return Parse(content);
    }

    /// <summary>The JSON object in the model's content, tolerating a Markdown code fence around it.</summary>
    internal static LlmAnswer Parse(string? content)
    {
        var text = content?.Trim() ?? "";
        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLine = text.IndexOf('\n', StringComparison.Ordinal);
            var close = text.LastIndexOf("```", StringComparison.Ordinal);
            text = firstLine > 0 && close > firstLine ? text[(firstLine + 1)..close].Trim() : "";
        }

        try
        {
            var json = JsonSerializer.Deserialize<JsonElement>(text);
            return json.ValueKind == JsonValueKind.Object ? new LlmAnswer(json, null) : LlmAnswer.Failed("the answer is not a JSON object");
        }
        catch (JsonException)
        {
            return LlmAnswer.Failed("the answer is not valid JSON");
        }
    }
}
