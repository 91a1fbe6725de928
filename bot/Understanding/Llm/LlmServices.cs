using System.ClientModel;
using System.ClientModel.Primitives;
using CollectionsBot.Bot.Phrasing;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace CollectionsBot.Bot.Understanding.Llm;

/// <summary>Registers the optional LLM: options, prompts, one chat completion service, the recognizer and the phraser.</summary>
internal static class LlmServices
{
    /// <summary>Name of the HTTP client that talks to the endpoint.</summary>
    public const string HttpClientName = "Llm";

    // The OpenAI client needs a credential; servers without keys (a local model server) ignore this one.
    private const string NoKey = "no-key";

    /// <summary>
    /// Binds and checks the <c>Llm</c> section at start. <see cref="IRecognizer"/> is <see cref="LlmRecognizer"/> and
    /// <see cref="IPhraser"/> is <see cref="LlmPhraser"/> when <c>Llm:Endpoint</c> is set; otherwise they are
    /// <see cref="EmbeddedRecognizer"/> and <see cref="TemplatePhraser"/>, and nothing LLM-related is ever built.
    /// </summary>
    public static IServiceCollection AddLlmUnderstanding(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();

        // The chat service lives as long as the host, so its handler is kept for good and recycles its own
        // connections (DNS changes are still seen). Timeouts are per call (LlmOptions.TimeoutSeconds), not per client.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<IChatCompletionService>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var client = new OpenAIClient(
                new ApiKeyCredential(options.ApiKey.Length > 0 ? options.ApiKey : NoKey),
                new OpenAIClientOptions
                {
                    Endpoint = options.EndpointUri ?? throw new InvalidOperationException("Llm:Endpoint is not an absolute http(s) URL."),
                    Transport = new HttpClientPipelineTransport(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)),

                    // No retries: a failed call falls back to the embedded answer at once instead of spending the
                    // debtor's wait on a second try.
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                });
            return new OpenAIChatCompletionService(options.Model, client, sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddSingleton(sp => LlmPrompts.Load(LlmPrompts.Folder(sp.GetRequiredService<IHostEnvironment>().ContentRootPath)));
        services.AddSingleton<LlmChat>();
        services.AddSingleton<LlmRecognizer>();
        services.AddSingleton<LlmPhraser>();
        services.AddSingleton<EmbeddedRecognizer>();
        services.AddSingleton<TemplatePhraser>();

        services.AddSingleton<IRecognizer>(sp => Enabled(sp) ? sp.GetRequiredService<LlmRecognizer>() : sp.GetRequiredService<EmbeddedRecognizer>());
        services.AddSingleton<IPhraser>(sp => Enabled(sp) ? sp.GetRequiredService<LlmPhraser>() : sp.GetRequiredService<TemplatePhraser>());
        return services;
    }

    private static bool Enabled(IServiceProvider services) => services.GetRequiredService<IOptions<LlmOptions>>().Value.Enabled;
}

/// <summary>Refuses to start with an unusable <c>Llm</c> section or missing prompts; the key is never echoed.</summary>
internal sealed class LlmOptionsValidator(IHostEnvironment environment) : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TimeoutSeconds is < 1 or > 120)
        {
            return ValidateOptionsResult.Fail("Llm:TimeoutSeconds must be between 1 and 120.");
        }

        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.EndpointUri is null)
        {
            failures.Add("Llm:Endpoint must be empty (LLM off) or an absolute http(s) URL such as https://api.openai.com/v1.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add("Llm:Model is required when Llm:Endpoint is set.");
        }

        try
        {
            LlmPrompts.Load(LlmPrompts.Folder(environment.ContentRootPath));
        }
        catch (InvalidDataException ex)
        {
            failures.Add(ex.Message);
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
