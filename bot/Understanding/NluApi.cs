using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CollectionsBot.Bot.Understanding.Llm;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CollectionsBot.Bot.Understanding;

/// <summary><c>POST /api/nlu/parse</c>: the recognizer behind the bot, answering in Rasa's parse shape.</summary>
public static class NluApi
{
    /// <summary>Longest text accepted.</summary>
    public const int MaxTextLength = 5000;

    /// <summary>
    /// Registers the recognizer and the phraser: the embedded recognizer and the templates' own wording, or the LLM
    /// recognizer and phraser when <c>Llm:Endpoint</c> is set (see docs/nlu.md).
    /// </summary>
    public static IServiceCollection AddUnderstanding(this IServiceCollection services)
    {
        services.AddLlmUnderstanding();
        services.AddHostedService<RecognizerWarmUp>();
        return services;
    }

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapNluApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/nlu/parse", ParseAsync)
            .WithTags("Language understanding")
            .WithName("ParseMessage")
            .WithSummary("Intent and entities of a debtor's message")
            .WithDescription("Body {text, now?, locale?}; now is an ISO 8601 date-time with offset (the debtor's local time), default the server's current UTC time. Answers {text, intent{name, confidence}, intent_ranking[], entities[{entity, value, start, end, confidence}]}.")
            .Accepts<ParseRequest>("application/json")
            .Produces<ParseResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(64 * 1024))
            .AllowAnonymous();
        return app;
    }

    private static async Task<Results<Ok<ParseResponse>, ProblemHttpResult>> ParseAsync(HttpRequest request, IRecognizer recognizer, TimeProvider clock, CancellationToken cancellationToken)
    {
        ParseRequest? body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length == 0)
            {
                return Invalid("The body is empty: send {\"text\": \"...\", \"now\": \"2026-03-10T10:00:00-06:00\"}.");
            }

            buffer.Position = 0;
            body = await JsonSerializer.DeserializeAsync<ParseRequest>(buffer, JsonSerializerOptions.Web, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Invalid($"The body is not valid JSON{(ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "")}: send {{\"text\": \"...\", \"now\": \"2026-03-10T10:00:00-06:00\"}}.");
        }

        if (body?.Text is not { } text || string.IsNullOrWhiteSpace(text))
        {
            return Invalid("\"text\" is required and must not be empty.");
        }

        if (text.Length > MaxTextLength)
        {
            return Invalid($"\"text\" has {text.Length} characters; at most {MaxTextLength} are accepted.");
        }

        var now = clock.GetUtcNow();
        if (body.Now is { } nowText)
        {
            if (!DateTimeOffset.TryParse(nowText, CultureInfo.InvariantCulture, DateTimeStyles.None, out now) || !HasOffset(nowText))
            {
                return Invalid($"\"now\" must be an ISO 8601 date-time with an offset, e.g. 2026-03-10T10:00:00-06:00; got '{nowText}'.");
            }
        }

        if (body.Locale is { } locale && !IsLocale(locale))
        {
            return Invalid($"\"locale\" must be a BCP 47 tag such as en-US; got '{locale}'.");
        }

        var recognition = await recognizer.RecognizeAsync(text, new RecognitionContext(now, body.Locale), cancellationToken);
        return TypedResults.Ok(ParseResponse.From(recognition));
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The message cannot be parsed", detail: detail);

    private static bool HasOffset(string value) =>
        value.EndsWith('Z') || value.EndsWith('z') || (value.Length > 6 && value[^6] is '+' or '-' && value[^3] == ':');

    private static bool IsLocale(string value)
    {
        try
        {
            return value.Length is >= 2 and <= 35 && !CultureInfo.GetCultureInfo(value, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}

/// <summary>The parse request.</summary>
/// <param name="Text">The debtor's message.</param>
/// <param name="Now">The debtor's local date-time with offset, for relative dates.</param>
/// <param name="Locale">BCP 47 locale.</param>
public sealed record ParseRequest(string? Text, string? Now, string? Locale);

/// <summary>Rasa's parse shape.</summary>
public sealed record ParseResponse(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("intent")] ParseIntent Intent,
    [property: JsonPropertyName("intent_ranking")] IReadOnlyList<ParseIntent> IntentRanking,
    [property: JsonPropertyName("entities")] IReadOnlyList<ParseEntity> Entities)
{
    /// <summary>Maps a recognition.</summary>
    public static ParseResponse From(Recognition recognition)
    {
        ArgumentNullException.ThrowIfNull(recognition);
        return new(
            recognition.Text,
            new ParseIntent(recognition.Intent.Name, recognition.Intent.Confidence),
            [.. recognition.IntentRanking.Select(i => new ParseIntent(i.Name, i.Confidence))],
            [.. recognition.Entities.Select(e => new ParseEntity(e.Entity, e.Value, e.Start, e.End, e.Confidence))]);
    }
}

/// <summary>An intent and its confidence.</summary>
public sealed record ParseIntent([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("confidence")] double Confidence);

/// <summary>An entity with its span.</summary>
public sealed record ParseEntity(
    [property: JsonPropertyName("entity")] string Entity,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End,
    [property: JsonPropertyName("confidence")] double Confidence);
