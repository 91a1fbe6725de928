using CollectionsBot.Bot.Understanding.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Bot.Tests.Understanding.Llm;

/// <summary>The host's LLM registration (AddLlmUnderstanding) against a fake server, with every log line captured.</summary>
internal static class LlmTestServices
{
    public const string Model = "test-model-7b";

    public const string ApiKey = "sk-test-5f0c1d2e3a4b5c6d7e8f9a0b";

    public static ServiceProvider Build(Uri? endpoint, CapturedLogs logs, TimeProvider? clock = null, int timeoutSeconds = 5)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = endpoint?.ToString() ?? "",
            ["Llm:Model"] = Model,
            ["Llm:ApiKey"] = ApiKey,
            ["Llm:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Testing" });
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddLlmUnderstanding();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
