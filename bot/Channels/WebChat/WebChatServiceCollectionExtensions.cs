using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace CollectionsBot.Bot.Channels.WebChat;

/// <summary>Registers the debtor chat page.</summary>
public static class WebChatServiceCollectionExtensions
{
    /// <summary>The rate limit policy of the page's token endpoint.</summary>
    public const string TokenPolicy = "webchat-token";

    /// <summary>
    /// Adds the signed contact links, and a limit on the page's token endpoint per client address
    /// (<c>WebChat:TokenRequestsPerMinute</c>, 30 by default): anyone may ask for a token, nobody may start
    /// conversations by the thousand.
    /// </summary>
    public static WebApplicationBuilder AddWebChat(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ContactLinks>();
        var perMinute = builder.Configuration.GetValue("WebChat:TokenRequestsPerMinute", 30);
        if (perMinute < 1)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException("WebChat", typeof(int), ["WebChat:TokenRequestsPerMinute must be at least 1."]);
        }

        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(TokenPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new { error = new { code = "TooManyRequests", message = "Too many chat sessions from this address; try again in a minute." } },
                    cancellationToken);
            };
        });
        return builder;
    }
}
