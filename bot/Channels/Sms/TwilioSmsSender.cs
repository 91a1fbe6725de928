using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Core.Domain;
using Microsoft.Extensions.Options;

namespace CollectionsBot.Bot.Channels.Sms;

/// <summary>
/// Sends texts through Twilio's Messages REST API: a form post with HTTP Basic auth, retried with backoff on 429
/// and 5xx by the HTTP client's resilience pipeline, never on another 4xx. Error 21610 (the number replied STOP to
/// Twilio) is reported as an opt-out. Source: https://www.twilio.com/docs/messaging/api/message-resource
/// </summary>
public sealed partial class TwilioSmsSender(IHttpClientFactory clients, IOptions<TwilioOptions> options, ILogger<TwilioSmsSender> logger) : IChannelSender
{
    /// <summary>The named HTTP client (with its resilience pipeline) the sender uses.</summary>
    public const string HttpClientName = "twilio";

    /// <summary>Twilio's error code for a recipient who has opted out.</summary>
    public const string OptedOutError = "21610";

    /// <inheritdoc />
    public Channel Channel => Channel.Sms;

    /// <inheritdoc />
    public async Task<DeliveryResult> SendAsync(OutboundEnvelope message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var form = new List<KeyValuePair<string, string>> { new("To", message.To), new("Body", message.Body) };
        if (settings.MessagingServiceSid.Length > 0)
        {
            form.Add(new("MessagingServiceSid", settings.MessagingServiceSid));
        }
        else if ((SmsThreads.OurNumber(message.ChannelConversationId) ?? (settings.FromNumber.Length > 0 ? settings.FromNumber : null)) is { } from)
        {
            form.Add(new("From", from));
        }
        else
        {
            return new DeliveryResult.Rejected("no_sender", "Set Twilio:FromNumber or Twilio:MessagingServiceSid.");
        }

        if (settings.PublicBaseUrl.Length > 0)
        {
            form.Add(new("StatusCallback", TwilioWebhooks.StatusCallbackUrl(settings.PublicBaseUrl, message.MessageId)));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.ApiBaseUrl, $"2010-04-01/Accounts/{Uri.EscapeDataString(settings.AccountSid)}/Messages.json"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new DeliveryResult.Deferred($"Twilio unreachable: {ex.GetType().Name}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryResult.Sent(Read(body, "sid"));
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                return new DeliveryResult.Deferred($"Twilio answered {(int)response.StatusCode} after retries");
            }

            var code = Read(body, "code") ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var detail = Read(body, "message") ?? response.ReasonPhrase ?? "";
            LogRefused(logger, (int)response.StatusCode, code);
            return new DeliveryResult.Rejected(code, detail, RecipientOptedOut: code == OptedOutError);
        }
    }

    private static string? Read(string json, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty(property, out var value) ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            } : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twilio refused a message with HTTP {Status}, error {Code}.")]
    private static partial void LogRefused(ILogger logger, int status, string code);
}
