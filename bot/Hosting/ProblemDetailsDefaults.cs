using Microsoft.AspNetCore.Http.Features;

namespace CollectionsBot.Bot.Hosting;

/// <summary>Every error leaves as RFC 9457 problem details with the request's trace id.</summary>
internal static class ProblemDetailsDefaults
{
    public static void Customize(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        var activity = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity;
        context.ProblemDetails.Extensions.TryAdd("traceId", activity?.Id ?? context.HttpContext.TraceIdentifier);
    }
}
