using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Phrasing;

/// <summary>An outbound message rendered from a template, and how it should read.</summary>
/// <param name="Text">The template's rendered text: the facts in it are authoritative.</param>
/// <param name="Tone">The tone profile the creditor chose, as the templates name it (e.g. "friendly", "formal").</param>
/// <param name="Channel">Where the message goes: SMS asks for a short text.</param>
/// <param name="MaxLength">Longest acceptable result in characters.</param>
public sealed record PhrasingRequest(string Text, string Tone, Channel Channel, int MaxLength);

/// <summary>
/// Optionally rewords a template-rendered outbound message for a tone and channel while keeping every fact. An
/// implementation returns the template's text unchanged whenever it cannot do better safely. Whatever it returns,
/// the compliance guard still checks the final text before it is sent: a phraser is never the last line of defence.
/// </summary>
public interface IPhraser
{
    /// <summary>The text to send for <paramref name="request"/>: a rewording, or the original text.</summary>
    Task<string> PhraseAsync(PhrasingRequest request, CancellationToken cancellationToken);
}

/// <summary>The default phraser (no LLM configured): the template's wording is sent as rendered.</summary>
public sealed class TemplatePhraser : IPhraser
{
    /// <inheritdoc />
    public Task<string> PhraseAsync(PhrasingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(request.Text);
    }
}
