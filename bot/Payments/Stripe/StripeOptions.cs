namespace CollectionsBot.Bot.Payments.Stripe;

/// <summary>
/// Stripe settings (section <c>Stripe</c>). Without a secret key, payment links go to the host's own sandbox page
/// (marked TEST) and the webhook refuses every call.
/// </summary>
public sealed class StripeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Stripe";

    /// <summary>The secret API key (sk_...). A secret: set it in the environment.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>The webhook endpoint's signing secret (whsec_...). A secret: set it in the environment.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Stripe's API base (tests point it at a local fake).</summary>
    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>
    /// Currencies in which US bank account (ACH) debits are offered beside cards (appsettings.json: USD). Empty: cards
    /// only. An array, so configuration replaces it rather than adding to a default.
    /// </summary>
    public string[] AchCurrencies { get; set; } = [];

    /// <summary>How many seconds a webhook signature's timestamp may differ from now.</summary>
    public long ToleranceSeconds { get; set; } = 300;

    /// <summary>
    /// How long one call to Stripe may take, in seconds. A link is made inside the debtor's turn, which holds the
    /// conversation, so a slow Stripe must not hold it long: the turn then answers with the safe fallback.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>True when links go through Stripe.</summary>
    public bool IsConfigured => SecretKey.Length > 0;
}
