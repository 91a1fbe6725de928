using System.Text.Json;
using System.Text.Json.Nodes;
using CollectionsBot.Bot.Channels.DirectLine;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Channels.WebChat;

/// <summary>
/// The debtor chat page: <c>/chat</c> for anyone (the bot verifies who they are before any account detail) and
/// <c>/c/{token}</c> for a signed contact link (verified). The page gets its Direct Line token from
/// <c>POST /api/webchat/token</c>, so the Direct Line secret never reaches a browser.
/// </summary>
public static partial class WebChatApi
{
    /// <summary>The folder (beside the host binary) holding the page, its script and the Web Chat bundle.</summary>
    public static string AssetsFolder => Path.Combine(AppContext.BaseDirectory, "webchat");

    /// <summary>Maps the page, its assets and its token endpoint.</summary>
    public static WebApplication MapWebChat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        Directory.CreateDirectory(AssetsFolder);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AssetsFolder),
            RequestPath = "/webchat",
            OnPrepareResponse = context => context.Context.Response.Headers["X-Content-Type-Options"] = "nosniff",
        });

        app.MapGet("/chat", (HttpContext http) => Page(http, "chat.html", StatusCodes.Status200OK)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/c/{token}", (string token, HttpContext http, ContactLinks links) =>
            links.TryRead(token, out _)
                ? Page(http, "chat.html", StatusCodes.Status200OK)
                : Page(http, "link-invalid.html", StatusCodes.Status404NotFound)).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/api/webchat/token", IssueTokenAsync).AllowAnonymous().RequireRateLimiting(WebChatServiceCollectionExtensions.TokenPolicy).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, ContactLinks links, DirectLineStore store, DirectLineTokens tokens, CollectionsDbContext db, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        string? link = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            if (http.Request.ContentLength > 4096)
            {
                return DirectLineErrors.BadArgument("The request is too large.");
            }

            try
            {
                var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
                if (body is not null and not JsonObject)
                {
                    return DirectLineErrors.BadSyntax("The body must be a JSON object.");
                }

                var node = body?["link"];
                if (node is not null && (node is not JsonValue value || !value.TryGetValue(out link)))
                {
                    return DirectLineErrors.BadArgument("link must be a string.");
                }
            }
            catch (JsonException)
            {
                return DirectLineErrors.BadSyntax("The body is not valid JSON.");
            }
        }

        Guid? contactId = null;
        if (link is not null)
        {
            if (!links.TryRead(link, out var id) || !await db.Contacts.AnyAsync(c => c.Id == id && c.InvalidSince == null, cancellationToken))
            {
                return DirectLineErrors.Error(StatusCodes.Status403Forbidden, "LinkInvalid", "This chat link has expired or is not valid.");
            }

            contactId = id;
        }

        var conversation = await store.StartAsync(DirectLineApi.NewUserId(), contactId, cancellationToken);
        var logger = loggers.CreateLogger(typeof(WebChatApi));
        LogStarted(logger, conversation.Id, contactId is not null);
        var grant = new DirectLineGrant(conversation.Id, conversation.UserId, contactId, contactId is not null);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new DirectLineApi.TokenResponse(conversation.Id, tokens.Issue(grant), tokens.LifetimeSeconds));
    }

    private static IResult Page(HttpContext http, string file, int status)
    {
        var headers = http.Response.Headers;

        // A contact link carries its token in the path: never pass it on as a referrer, never cache the page.
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        var path = Path.Combine(AssetsFolder, file);
        return File.Exists(path)
            ? TypedResults.Content(File.ReadAllText(path), "text/html; charset=utf-8", statusCode: status)
            : TypedResults.Problem($"The chat page is not built ({file} is missing beside the host).", statusCode: StatusCodes.Status500InternalServerError);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web chat {ConversationId} started (signed contact link: {FromLink}).")]
    private static partial void LogStarted(ILogger logger, string conversationId, bool fromLink);
}
