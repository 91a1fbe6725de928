using CollectionsBot.AgentDesk;
using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.Bot.Api;
using CollectionsBot.Bot.Channels;
using CollectionsBot.Bot.Demo;
using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Bot.Payments;
using CollectionsBot.Bot.Payments.Stripe;
using CollectionsBot.Bot.Understanding;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Receivables;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Hosting;

/// <summary>Builds the one host process: configuration, services and endpoints.</summary>
public static partial class CollectionsHost
{
    /// <summary>
    /// Builds the host. Configuration comes from the appsettings.json beside the binary (the repository root's
    /// file, copied at build), then environment variables, then <paramref name="args"/>.
    /// </summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.AddCollectionsServices();
        var app = builder.Build();
        app.MapCollectionsEndpoints();
        return app;
    }

    /// <summary>Registers everything the host needs.</summary>
    public static WebApplicationBuilder AddCollectionsServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCollectionsPersistence(builder.Configuration);
        builder.Services.AddHostedService<SqliteCheckpoints>();
        builder.AddPersistedDataProtection();
        builder.Services.AddReceivablesImport();
        builder.Services.AddDemoPortfolio();
        builder.Services.AddUnderstanding();
        // Before the conversations: they fall back to the sandbox page only when no payments provider is registered.
        builder.AddPayments();
        builder.Services.AddConversations();
        builder.AddChannels();
        builder.Services.AddAgentDesk();
        builder.AddApiKeyAuthentication();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        builder.Services.AddOpenApiDocument();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    /// <summary>Maps middleware and endpoints.</summary>
    public static WebApplication MapCollectionsEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        // Degraded (schema behind) is not fit for traffic either: a load balancer should look elsewhere.
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        // Liveness only: the process answers. No database, no checks: what a load balancer pings most often.
        app.MapGet("/livez", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApiDocument();
        app.MapImportsApi();
        app.MapPaymentsApi();
        app.MapNluApi();
        app.MapChannels();
        app.MapSandboxCheckout();
        app.MapStripeWebhook();
        app.MapAgentDesk();
        return app;
    }

    /// <summary>Applies migrations, creates the desk's roles and, in Development on an empty database, seeds the demo portfolio and desk users.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool seedDemo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Refuse bad settings before touching the database.
        app.Services.GetService<IStartupValidator>()?.Validate();
        await using var scope = app.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.MigrateOnStart)
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
        }

        // The desk's roles exist in every environment.
        await scope.ServiceProvider.GetRequiredService<DemoDeskUsers>().EnsureRolesAsync();
        if (seedDemo)
        {
            await app.SeedDemoAsync(cancellationToken);
        }
    }

    /// <summary>In Development, seeds the demo portfolio and the desk's demo users into an empty database.</summary>
    public static async Task SeedDemoAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Environment.IsDevelopment())
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoPortfolio>().SeedIfEmptyAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DemoDeskUsers>().SeedIfEmptyAsync(cancellationToken);
        }
    }

    /// <summary>Warns about settings that leave part of the product switched off.</summary>
    public static void LogStartupNotes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.AdminKey.Length == 0)
        {
            LogNoAdminKey(app.Logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Api:AdminKey is not set: the keyed APIs (receivables import) refuse every call. Set Api__AdminKey in the environment to enable them.")]
    private static partial void LogNoAdminKey(ILogger logger);
}
