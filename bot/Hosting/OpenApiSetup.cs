using CollectionsBot.Bot.Api;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CollectionsBot.Bot.Hosting;

/// <summary>The OpenAPI document at /openapi/v1.json and its browsable UI at /swagger.</summary>
internal static class OpenApiSetup
{
    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CollectionsBot API";
            document.Info.Description = "B2B collections: receivables import, channels, payments and the agent desk.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthentication.Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthentication.HeaderName,
                Description = "The admin key (Api:AdminKey), or later a creditor's own key.",
            };
            return Task.CompletedTask;
        }));

    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "CollectionsBot v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "CollectionsBot API";
        });
        return app;
    }
}
