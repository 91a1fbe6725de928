using Microsoft.AspNetCore.Http.Features;

namespace CollectionsBot.Bot.Hosting;

/// <summary>Every error leaves as RFC 9457 problem details with the request's trace id.</summary>
internal static class ProblemDetailsDefaults
{
    public static void Customize(ProblemDetailsContext context)
    {
        var request = context.HttpContext.Request;
        context.ProblemDetails.Instance ??= request.Path;
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => $"Nothing is served at {request.Method} {request.Path}. The API is described at /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}.",
            StatusCodes.Status415UnsupportedMediaType => $"This endpoint does not take '{request.ContentType ?? "a body without Content-Type"}'; see /openapi/v1.json for the media type it expects.",
            _ => null,
        };
        var activity = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity;
        context.ProblemDetails.Extensions.TryAdd("traceId", activity?.Id ?? context.HttpContext.TraceIdentifier);
    }
}
