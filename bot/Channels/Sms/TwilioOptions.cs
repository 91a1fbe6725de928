namespace CollectionsBot.Bot.Channels.Sms;

/// <summary>
/// Twilio settings (section <c>Twilio</c>). Without an account SID and auth token, texts we send are written to the
/// outbox folder instead (the default run works offline) and the webhooks refuse every call, since no signature can
/// be checked.
/// </summary>
public sealed class TwilioOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Twilio";

    /// <summary>The account SID (AC...).</summary>
    public string AccountSid { get; set; } = "";

    /// <summary>The auth token: signs webhooks and authenticates REST calls. A secret: set it in the environment.</summary>
    public string AuthToken { get; set; } = "";

    /// <summary>The number texts are sent from (E.164), when no messaging service is set.</summary>
    public string FromNumber { get; set; } = "";

    /// <summary>The messaging service texts are sent through (MG...); takes precedence over <see cref="FromNumber"/>.</summary>
    public string MessagingServiceSid { get; set; } = "";

    /// <summary>Twilio's REST API base address (tests point it at a local fake).</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.twilio.com");

    /// <summary>
    /// The public base address Twilio calls us at (behind a proxy, the address Twilio signed). Empty: the address of
    /// the request as it reached us.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Where texts go when Twilio is not configured, relative to the working directory.</summary>
    public string OutboxFolder { get; set; } = "data/outbox/sms";

    /// <summary>The region national numbers are read in, when a number comes without its country code.</summary>
    public string DefaultRegion { get; set; } = "US";

    /// <summary>True when texts go through Twilio (account SID and auth token set).</summary>
    public bool IsConfigured => AccountSid.Length > 0 && AuthToken.Length > 0;
}
