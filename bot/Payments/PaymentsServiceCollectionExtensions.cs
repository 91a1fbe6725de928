using CollectionsBot.Bot.Dialogs.Payments;
using CollectionsBot.Bot.Payments.Stripe;
using CollectionsBot.Core.Payments;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StripeNet = Stripe;

namespace CollectionsBot.Bot.Payments;

/// <summary>Registers payment links: Stripe Checkout when <c>Stripe:SecretKey</c> is set, else the sandbox page.</summary>
public static class PaymentsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the payments settings and, with a Stripe secret key, Stripe as the payments port. Call before
    /// <c>AddConversations</c>, which registers the sandbox only when no port is registered yet.
    /// </summary>
    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PaymentLinkOptions>().BindConfiguration("Payments");
        builder.Services.AddOptions<StripeOptions>()
            .BindConfiguration(StripeOptions.Section)
            .Validate(o => Uri.TryCreate(o.ApiBase, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp), "Stripe:ApiBase must be an absolute http(s) URL.")
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 80, "Stripe:TimeoutSeconds must be between 1 and 80.")
            .Validate(o => o.AchCurrencies.All(c => string.Equals(c, "USD", StringComparison.OrdinalIgnoreCase)), "Stripe:AchCurrencies may only list USD: Stripe offers US bank account debits in USD only.")
            .Validate(o => !o.IsConfigured || o.SecretKey.StartsWith("sk_", StringComparison.Ordinal) || o.SecretKey.StartsWith("rk_", StringComparison.Ordinal), "Stripe:SecretKey must be a secret (sk_) or restricted (rk_) key.")
            .ValidateOnStart();

        if (!string.IsNullOrEmpty(builder.Configuration[$"{StripeOptions.Section}:{nameof(StripeOptions.SecretKey)}"]))
        {
            builder.Services.TryAddSingleton(services =>
            {
                var stripe = services.GetRequiredService<IOptions<StripeOptions>>().Value;
                // One long-lived client: connections recycle every few minutes so DNS changes are seen.
                var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
                {
                    Timeout = TimeSpan.FromSeconds(stripe.TimeoutSeconds),
                };
                return new StripeNet.StripeClient(new StripeNet.StripeClientOptions
                {
                    ApiKey = stripe.SecretKey,
                    ApiBase = stripe.ApiBase.TrimEnd('/'),
                    HttpClient = new StripeNet.SystemNetHttpClient(http, maxNetworkRetries: 2),
                });
            });
            builder.Services.TryAddSingleton<IPaymentLinks, StripePaymentLinks>();
        }

        return builder;
    }
}
