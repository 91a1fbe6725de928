using System.Globalization;
using System.Text.Json;
using CollectionsBot.Bot.Phrasing;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Understanding.Llm;

/// <summary>
/// Rewords a template-rendered message for a tone and channel through the configured LLM (prompts/llm/phraser.md).
/// The template's text is returned unchanged when the call fails or times out, when the answer is not
/// <c>{"text": "..."}</c>, when the rewording drops, changes or adds a fact (<see cref="MessageFacts"/>: a number,
/// amount, date, invoice number, URL or email), or when it is longer than the request allows. The compliance guard
/// checks the final text either way.
/// </summary>
internal sealed partial class LlmPhraser(LlmChat chat, LlmPrompts prompts, ILogger<LlmPhraser> logger) : IPhraser
{
    /// <inheritdoc />
    public async Task<string> PhraseAsync(PhrasingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.MaxLength);
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            return request.Text;
        }

        var system = prompts.Phraser
            .Replace("{{tone}}", request.Tone, StringComparison.Ordinal)
            .Replace("{{channel}}", request.Channel.ToString(), StringComparison.Ordinal)
            .Replace("{{max_length}}", request.MaxLength.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var answer = await chat.AskJsonAsync(system, request.Text, cancellationToken);
        if (answer.Json is not { } json)
        {
            return KeepOriginal(request, answer.Failure!);
        }

        var text = json.TryGetProperty("text", out var textJson) && textJson.ValueKind == JsonValueKind.String ? textJson.GetString()!.Trim() : "";
        if (text.Length == 0)
        {
            return KeepOriginal(request, "the answer holds no text");
        }

        if (text.Length > request.MaxLength)
        {
            return KeepOriginal(request, $"the rewording has {text.Length} characters, more than {request.MaxLength}");
        }

        if (!MessageFacts.Kept(request.Text, text))
        {
            return KeepOriginal(request, "the rewording does not keep every number, date, invoice number, link and email");
        }

        return text;
    }

    private string KeepOriginal(PhrasingRequest request, string reason)
    {
        LogKeptOriginal(logger, request.Channel, reason);
        return request.Text;
    }

    // The reason never holds message text or the key.
    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM phraser kept the template's text for {Channel}: {Reason}")]
    private static partial void LogKeptOriginal(ILogger logger, Channel channel, string reason);
}
