namespace CollectionsBot.Bot.Understanding.Llm;

/// <summary>
/// The <c>Llm</c> configuration section: an optional OpenAI-compatible chat completions endpoint that reads debtor
/// messages (<see cref="LlmRecognizer"/>) and rephrases outbound ones (<see cref="LlmPhraser"/>). Off while
/// <see cref="Endpoint"/> is empty.
/// </summary>
public sealed class LlmOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Llm";

    /// <summary>
    /// Base URL of the OpenAI-compatible API, up to and including its version segment, e.g.
    /// <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>; requests go to <c>{Endpoint}/chat/completions</c>.
    /// Empty switches the LLM off.
    /// </summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Model name sent with every request; required when <see cref="Endpoint"/> is set.</summary>
    public string Model { get; set; } = "";

    /// <summary>
    /// Bearer key; empty for servers that need none. Set it through an environment variable (Llm__ApiKey), never in
    /// the repository. It is never logged.
    /// </summary>
    public string ApiKey { get; set; } = "";

    /// <summary>How long one call may take before the embedded result (or the template's text) is used instead.</summary>
    public int TimeoutSeconds { get; set; } = 8;

    /// <summary>Whether an endpoint is configured.</summary>
    public bool Enabled => Endpoint.Length > 0;

    /// <summary><see cref="TimeoutSeconds"/> as a span.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The endpoint as an absolute http(s) URI, or null when it is not one.</summary>
    internal Uri? EndpointUri =>
        Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
}
