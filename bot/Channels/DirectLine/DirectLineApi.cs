using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>
/// The Direct Line 3.0 endpoint under <c>/v3/directline</c>: what botframework-directlinejs and Web Chat call, so
/// the official clients work with only their <c>domain</c> pointed here. Callers show a token (one conversation)
/// or the site's secret (any conversation) as <c>Authorization: Bearer</c>.
/// </summary>
public static class DirectLineApi
{
    /// <summary>The route prefix.</summary>
    public const string Prefix = "/v3/directline";

    private const int PageSize = 100;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapDirectLineApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(Prefix).AllowAnonymous().ExcludeFromDescription();
        api.MapPost("/tokens/generate", GenerateAsync);
        api.MapPost("/tokens/refresh", Refresh);
        api.MapPost("/conversations", StartAsync);
        api.MapGet("/conversations/{conversationId}", ReconnectAsync);
        api.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        api.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        api.MapPost("/conversations/{conversationId}/upload", UploadAsync);
        api.MapGet("/conversations/{conversationId}/stream", DirectLineStreamEndpoint.StreamAsync);
        return endpoints;
    }

    private static async Task<IResult> GenerateAsync(HttpContext http, DirectLineTokens tokens, DirectLineStore store, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var caller = Authenticate(http, tokens, options.Value);
        if (caller.Error is not null)
        {
            return caller.Error;
        }

        if (!caller.IsSecret)
        {
            return DirectLineErrors.Forbidden("Tokens are generated with the secret; refresh a token with tokens/refresh.");
        }

        var body = await ReadJsonAsync(http.Request, options.Value.MaxActivityBytes, optional: true, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var user = UserId(body.Json?["user"]?["id"]);
        if (user.Error is not null)
        {
            return user.Error;
        }

        var conversation = await store.StartAsync(user.Id, null, cancellationToken);
        var grant = new DirectLineGrant(conversation.Id, conversation.UserId, null, false);
        return TypedResults.Ok(new TokenResponse(conversation.Id, tokens.Issue(grant), tokens.LifetimeSeconds));
    }

    private static IResult Refresh(HttpContext http, DirectLineTokens tokens, IOptions<DirectLineOptions> options)
    {
        var caller = Authenticate(http, tokens, options.Value);
        if (caller.Error is not null)
        {
            return caller.Error;
        }

        return caller.Grant is { } grant
            ? TypedResults.Ok(new TokenResponse(grant.ConversationId, tokens.Issue(grant), tokens.LifetimeSeconds))
            : DirectLineErrors.Forbidden("Only a token can be refreshed.");
    }

    private static async Task<IResult> StartAsync(HttpContext http, DirectLineTokens tokens, DirectLineStore store, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var caller = Authenticate(http, tokens, options.Value);
        if (caller.Error is not null)
        {
            return caller.Error;
        }

        if (caller.Grant is { } grant)
        {
            // A token names its conversation (made when the token was generated): starting it connects to it.
            if (!await store.ExistsAsync(grant.ConversationId, cancellationToken))
            {
                return DirectLineErrors.NotFound("The token's conversation does not exist.");
            }

            var token = BearerValue(http)!;
            return TypedResults.Json(ConversationResponse.For(http, tokens, grant, token, 0), statusCode: StatusCodes.Status201Created);
        }

        var conversation = await store.StartAsync(NewUserId(), null, cancellationToken);
        var started = new DirectLineGrant(conversation.Id, conversation.UserId, null, false);
        return TypedResults.Json(ConversationResponse.For(http, tokens, started, tokens.Issue(started), 0), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReconnectAsync(string conversationId, string? watermark, HttpContext http, DirectLineTokens tokens, DirectLineStore store, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(http, conversationId, tokens, store, options.Value, cancellationToken);
        if (access.Error is not null)
        {
            return access.Error;
        }

        if (!TryWatermark(watermark, out var after))
        {
            return DirectLineErrors.BadArgument("The watermark is not valid.");
        }

        var token = access.FromToken ? BearerValue(http)! : tokens.Issue(access.Grant!);
        return TypedResults.Ok(ConversationResponse.For(http, tokens, access.Grant!, token, after));
    }

    private static async Task<IResult> GetActivitiesAsync(string conversationId, string? watermark, HttpContext http, DirectLineTokens tokens, DirectLineStore store, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(http, conversationId, tokens, store, options.Value, cancellationToken);
        if (access.Error is not null)
        {
            return access.Error;
        }

        if (!TryWatermark(watermark, out var after))
        {
            return DirectLineErrors.BadArgument("The watermark is not valid.");
        }

        var activities = await store.ReadAfterAsync(conversationId, after, PageSize, cancellationToken);
        return TypedResults.Json(ActivitySet(activities, after));
    }

    private static async Task<IResult> PostActivityAsync(string conversationId, HttpContext http, DirectLineTokens tokens, DirectLineStore store, DirectLineActivities activities, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(http, conversationId, tokens, store, options.Value, cancellationToken);
        if (access.Error is not null)
        {
            return access.Error;
        }

        var body = await ReadJsonAsync(http.Request, options.Value.MaxActivityBytes, optional: false, cancellationToken);
        if (body.Error is not null)
        {
            return body.Error;
        }

        var activity = body.Json!;
        if (activity["type"] is not JsonValue type || !type.TryGetValue<string>(out var kind) || string.IsNullOrWhiteSpace(kind) || kind.Length > 40)
        {
            return DirectLineErrors.BadArgument("The activity needs a type (for example \"message\").");
        }

        if (activity["text"] is { } text && (text is not JsonValue value || !value.TryGetValue<string>(out _)))
        {
            return DirectLineErrors.BadArgument("The activity's text must be a string.");
        }

        var stored = await activities.ReceiveAsync(access.Grant!, activity, cancellationToken);
        return TypedResults.Ok(new ResourceResponse(stored.Id));
    }

    private static async Task<IResult> UploadAsync(string conversationId, HttpContext http, DirectLineTokens tokens, DirectLineStore store, DirectLineActivities activities, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        var access = await AuthorizeAsync(http, conversationId, tokens, store, options.Value, cancellationToken);
        if (access.Error is not null)
        {
            return access.Error;
        }

        if (!http.Request.HasFormContentType)
        {
            return DirectLineErrors.BadArgument("Upload a multipart/form-data body.");
        }

        // Files are not taken over chat: their names and types are noted, their content is not kept.
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = 20 * 1024 * 1024;
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            return DirectLineErrors.BadArgument($"The upload could not be read: {ex.Message}");
        }

        JsonObject activity = new() { ["type"] = "message" };
        if (form.Files.GetFile("activity") is { } part)
        {
            await using var stream = part.OpenReadStream();
            try
            {
                activity = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject ?? activity;
            }
            catch (JsonException)
            {
                return DirectLineErrors.BadSyntax("The activity part is not valid JSON.");
            }
        }

        activity["type"] = "message";
        activity["attachments"] = new JsonArray([.. form.Files.Where(f => f.Name != "activity")
            .Select(f => (JsonNode)new JsonObject { ["contentType"] = f.ContentType, ["name"] = f.FileName })]);
        var stored = await activities.ReceiveAsync(access.Grant!, activity, cancellationToken);
        return TypedResults.Ok(new ResourceResponse(stored.Id));
    }

    internal static JsonObject ActivitySet(IReadOnlyList<Core.Domain.DirectLineActivity> activities, long after) => new()
    {
        ["activities"] = new JsonArray([.. activities.Select(a => JsonNode.Parse(a.Json))]),
        ["watermark"] = (activities.Count > 0 ? activities[^1].Sequence : after).ToString(CultureInfo.InvariantCulture),
    };

    internal static bool TryWatermark(string? watermark, out long after)
    {
        after = 0;
        return string.IsNullOrEmpty(watermark) || (long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out after) && after >= 0);
    }

    internal static async Task<Access> AuthorizeAsync(HttpContext http, string conversationId, DirectLineTokens tokens, DirectLineStore store, DirectLineOptions options, CancellationToken cancellationToken)
    {
        var caller = Authenticate(http, tokens, options);
        if (caller.Error is not null)
        {
            return caller;
        }

        if (caller.Grant is { } grant && !string.Equals(grant.ConversationId, conversationId, StringComparison.Ordinal))
        {
            return new Access(null, false, DirectLineErrors.Forbidden("The token is for another conversation."));
        }

        if (conversationId.Length > 64 || !await store.ExistsAsync(conversationId, cancellationToken))
        {
            return new Access(null, false, DirectLineErrors.NotFound("The conversation does not exist."));
        }

        if (caller.Grant is not null)
        {
            return caller;
        }

        // The secret opens any conversation, as the user it was started for.
        var userId = await store.UserIdAsync(conversationId, cancellationToken);
        return new Access(new DirectLineGrant(conversationId, userId, null, false), false, null);
    }

    private static Access Authenticate(HttpContext http, DirectLineTokens tokens, DirectLineOptions options)
    {
        var value = BearerValue(http);
        if (value is null)
        {
            return new Access(null, false, DirectLineErrors.MissingToken());
        }

        if (options.Secret.Length > 0 && FixedTimeEquals(value, options.Secret))
        {
            return new Access(null, true, null);
        }

        return tokens.Read(value) is { } grant
            ? new Access(grant, false, null)
            : new Access(null, false, options.Secret.Length == 0 && value.Length < 100
                ? DirectLineErrors.Forbidden("This endpoint does not take a secret: the Direct Line secret is not configured.")
                : DirectLineErrors.TokenInvalid());
    }

    private static string? BearerValue(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length ? header[scheme.Length..].Trim() : null;
    }

    private static bool FixedTimeEquals(string presented, string secret) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static (string Id, IResult? Error) UserId(JsonNode? node)
    {
        if (node is null)
        {
            return (NewUserId(), null);
        }

        return node is JsonValue value && value.TryGetValue<string>(out var id) && id.Length is > 0 and <= 100 && id.All(c => !char.IsControl(c))
            ? (id, null)
            : (string.Empty, DirectLineErrors.BadArgument("user.id must be a string of 1 to 100 characters."));
    }

    internal static string NewUserId() => "dl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static async Task<(JsonObject? Json, IResult? Error)> ReadJsonAsync(HttpRequest request, int maxBytes, bool optional, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, DirectLineErrors.TooBig(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, DirectLineErrors.TooBig(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return optional ? (null, null) : (null, DirectLineErrors.BadArgument("The request needs a JSON activity."));
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, DirectLineErrors.BadArgument("Send the body as application/json."));
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray()) is JsonObject json
                ? (json, null)
                : (null, DirectLineErrors.BadSyntax("The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, DirectLineErrors.BadSyntax($"The body is not valid JSON: {ex.Message}"));
        }
    }

    internal sealed record Access(DirectLineGrant? Grant, bool IsSecret, IResult? Error)
    {
        public bool FromToken => Grant is not null && !IsSecret;
    }

    internal sealed record TokenResponse(
        [property: JsonPropertyName("conversationId")] string ConversationId,
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);

    internal sealed record ResourceResponse([property: JsonPropertyName("id")] string Id);

    internal sealed record ConversationResponse(
        [property: JsonPropertyName("conversationId")] string ConversationId,
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("streamUrl")] string StreamUrl)
    {
        public static ConversationResponse For(HttpContext http, DirectLineTokens tokens, DirectLineGrant grant, string token, long watermark)
        {
            var request = http.Request;
            var stream = FormattableString.Invariant(
                $"{(request.IsHttps ? "wss" : "ws")}://{request.Host}{request.PathBase}{Prefix}/conversations/{Uri.EscapeDataString(grant.ConversationId)}/stream?watermark={watermark}&t={Uri.EscapeDataString(tokens.IssueStream(grant))}");
            return new ConversationResponse(grant.ConversationId, token, tokens.LifetimeSeconds, stream);
        }
    }
}
