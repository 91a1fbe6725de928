using System.Text.Json;
using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Core.Conversations;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Channels.Sms;

/// <summary>
/// Twilio's webhooks: inbound texts and delivery status callbacks. Every call must carry a valid X-Twilio-Signature
/// (403 otherwise, and nothing is recorded). An inbound text runs its turn at once (so the message and the replies
/// are on record before we answer) and gets empty TwiML; the replies go out through the REST API, each having
/// passed the compliance guard. A retried webhook (same MessageSid) gets no second reply.
/// </summary>
public static partial class TwilioWebhooks
{
    /// <summary>The inbound SMS webhook.</summary>
    public const string SmsPath = "/api/channels/twilio/sms";

    /// <summary>The status callback.</summary>
    public const string StatusPath = "/api/channels/twilio/status";

    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    /// <summary>The status callback address for one of our messages.</summary>
    public static string StatusCallbackUrl(string publicBaseUrl, Guid messageId)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return $"{publicBaseUrl.TrimEnd('/')}{StatusPath}?m={messageId:N}";
    }

    /// <summary>Maps the webhooks.</summary>
    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        group.MapPost(SmsPath, ReceiveAsync);
        group.MapPost(StatusPath, StatusAsync);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, ConversationEngine engine, OutboundDispatcher dispatcher, IOptions<TwilioOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (form, refusal) = await ReadSignedAsync(http, options.Value, loggers, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var sid = form!["MessageSid"].ToString();
        var from = form["From"].ToString();
        var to = form["To"].ToString();
        if (sid.Length == 0 || from.Length == 0 || to.Length == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an inbound message", detail: "MessageSid, From and To are required.");
        }

        var region = options.Value.DefaultRegion;
        var debtor = PhoneNumbersE164.TryNormalize(from, region, out _) ?? from.Trim();
        var ours = PhoneNumbersE164.TryNormalize(to, region, out _) ?? to.Trim();
        var body = form["Body"].ToString();
        _ = int.TryParse(form["NumMedia"].ToString(), System.Globalization.CultureInfo.InvariantCulture, out var media);
        var command = media > 0 && string.IsNullOrWhiteSpace(body) ? ChannelCommand.Unreadable : SmsKeywords.Classify(body);

        var result = await engine.HandleAsync(new InboundActivity(Channel.Sms, SmsThreads.Key(debtor, ours), debtor, body, sid, Command: command), cancellationToken).ConfigureAwait(false);
        // The replies ready to go now, straight to the dispatcher: a message in a conversation a person holds, or one
        // whose reply waits for the contact window, offers nothing (the dispatcher's timer finds held messages).
        dispatcher.Offer(result);

        return Results.Content(EmptyTwiml, "text/xml");
    }

    private static async Task<IResult> StatusAsync(HttpContext http, CollectionsDbContext db, IOptions<TwilioOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (form, refusal) = await ReadSignedAsync(http, options.Value, loggers, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var sid = form!["MessageSid"].ToString();
        if (sid.Length == 0 || Status(form["MessageStatus"].ToString()) is not { } status)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a status callback", detail: "MessageSid and a known MessageStatus are required.");
        }

        var errorCode = form["ErrorCode"].ToString() is { Length: > 0 } code ? code : null;

        // Our id rides on the callback address, so a callback that outruns our record of the MessageSid still lands.
        Message? message = null;
        if (Guid.TryParseExact(http.Request.Query["m"].ToString(), "N", out var ours))
        {
            message = await db.Messages.SingleOrDefaultAsync(m => m.Id == ours && m.Channel == Channel.Sms, cancellationToken).ConfigureAwait(false);
        }

        message ??= await db.Messages.SingleOrDefaultAsync(m => m.Channel == Channel.Sms && m.Direction == MessageDirection.Outbound && m.ExternalId == sid, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            // Not ours (or long gone): acknowledge, so Twilio does not keep calling.
            var logger = loggers.CreateLogger(typeof(TwilioWebhooks));
            LogUnknownStatus(logger, sid);
            return Results.NoContent();
        }

        var now = clock.GetUtcNow();
        if (message.ExternalId is null or "")
        {
            message.MarkSent(sid, now);
        }

        if (message.UpdateStatus(status, errorCode, now))
        {
            db.Record(new AuditEvent(now, "twilio", "message.status", nameof(Message), message.Id.ToString(),
                JsonSerializer.Serialize(new { sid, status = status.ToString(), error = errorCode })));
        }

        if (errorCode == TwilioSmsSender.OptedOutError)
        {
            await Consents.OptOutEverywhereAsync(db, message.ConversationId, $"Twilio error {errorCode} on {sid}", now, cancellationToken).ConfigureAwait(false);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    /// <summary>Reads the form and checks the signature against the public address Twilio called: the form, or the refusal to answer with.</summary>
    internal static async Task<(IFormCollection? Form, IResult? Refusal)> ReadSignedAsync(HttpContext http, TwilioOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (options.AuthToken.Length == 0)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Twilio is not configured", detail: "Set Twilio:AuthToken so webhook signatures can be checked."));
        }

        if (!http.Request.HasFormContentType)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a form post", detail: "Twilio webhooks are application/x-www-form-urlencoded."));
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable form", detail: ex.Message));
        }

        var request = http.Request;
        var baseUrl = options.PublicBaseUrl.Length > 0 ? options.PublicBaseUrl.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
        var url = $"{baseUrl}{request.Path}{request.QueryString}";
        var parameters = form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? "")));
        if (!TwilioSignature.IsValid(url, parameters, options.AuthToken, request.Headers["X-Twilio-Signature"].ToString()))
        {
            var logger = loggers.CreateLogger(typeof(TwilioWebhooks));
            LogBadSignature(logger, request.Path.Value ?? "");
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Bad signature", detail: "X-Twilio-Signature is missing or does not match this request."));
        }

        return (form, null);
    }

    private static DeliveryStatus? Status(string value) => value.ToLowerInvariant() switch
    {
        "queued" or "accepted" or "scheduled" => DeliveryStatus.Queued,
        "sending" or "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "undelivered" => DeliveryStatus.Undelivered,
        "failed" or "canceled" => DeliveryStatus.Failed,
        "read" => DeliveryStatus.Read,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Twilio webhook on {Path}: bad or missing signature.")]
    private static partial void LogBadSignature(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "A status callback for {Sid} matches no message of ours.")]
    private static partial void LogUnknownStatus(ILogger logger, string sid);
}
