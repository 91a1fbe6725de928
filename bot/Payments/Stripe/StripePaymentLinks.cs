using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CollectionsBot.Bot.Dialogs.Payments;
using CollectionsBot.Core.Payments;
using Microsoft.Extensions.Options;
using StripeClient = Stripe.StripeClient;
using StripeException = Stripe.StripeException;
using RequestOptions = Stripe.RequestOptions;
using PaymentLink = CollectionsBot.Core.Payments.PaymentLink;
using Stripe.Checkout;

namespace CollectionsBot.Bot.Payments.Stripe;

/// <summary>
/// Payment links on Stripe Checkout: one Checkout Session (mode payment) per attempt, created with the attempt id as
/// the idempotency key, so asking again for the same attempt returns the same session. The attempt, case, invoices,
/// plan, installment and purpose ride on the session's and the payment intent's metadata, where the webhook finds
/// them. After paying or cancelling, Stripe sends the debtor back to our page for the attempt.
/// Payment methods go in <c>allowed_payment_method_types</c> (card, plus US bank account for USD): the API version
/// Stripe.net pins (2026-10-28.endive) no longer takes <c>payment_method_types</c> on a Checkout Session, and the
/// allowed list filters what the Dashboard enables, so both methods must be switched on there.
/// </summary>
public sealed partial class StripePaymentLinks(
    StripeClient client,
    IOptions<StripeOptions> stripeOptions,
    IOptions<PaymentLinkOptions> linkOptions) : IPaymentLinks
{
    /// <summary>Stripe's limit on a metadata value.</summary>
    internal const int MetadataValueLimit = 500;

    /// <summary>A product name long enough for any invoice list the page can show.</summary>
    internal const int ProductNameLimit = 250;

    /// <inheritdoc />
    public string Provider => "stripe";

    /// <inheritdoc />
    public async Task<PaymentLink> CreateAsync(PaymentLinkRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = BuildSession(request, stripeOptions.Value, linkOptions.Value);
        var requestOptions = new RequestOptions { IdempotencyKey = request.AttemptId.ToString("N") };
        Session session;
        try
        {
            session = await client.V1.Checkout.Sessions.CreateAsync(options, requestOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (StripeException ex)
        {
            var error = ex.StripeError;
            var message = Redact(error?.Message ?? ex.Message);
            var code = error?.Code ?? error?.Type;
            throw new PaymentProviderException(
                Provider,
                $"Stripe refused the checkout session for attempt {request.AttemptId:N} (HTTP {(int)ex.HttpStatusCode}{(code is null ? "" : ", " + code)}): {message}",
                error?.Code,
                error?.Type,
                (int)ex.HttpStatusCode);
        }
        catch (HttpRequestException ex)
        {
            throw new PaymentProviderException(Provider, $"Stripe could not be reached for attempt {request.AttemptId:N}: {Redact(ex.Message)}", null, null, null);
        }

        if (session.Url is not { Length: > 0 } url)
        {
            throw new PaymentProviderException(Provider, $"Stripe returned checkout session {session.Id} for attempt {request.AttemptId:N} without a URL.", null, null, null);
        }

        DateTimeOffset? expires = session.ExpiresAt == default ? null : new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc));
        return new PaymentLink(new Uri(url), request.AttemptId, expires, session.Id);
    }

    /// <summary>The Checkout Session for a request, as Stripe is asked to create it.</summary>
    internal static SessionCreateOptions BuildSession(PaymentLinkRequest request, StripeOptions stripe, PaymentLinkOptions links)
    {
        var currency = request.Amount.Currency;
        var back = $"{links.PublicBaseUrl.TrimEnd('/')}/pay/{request.AttemptId:N}";
        var methods = new List<string> { "card" };
        if (currency.Code == "USD" && stripe.AchCurrencies.Contains(currency.Code, StringComparer.OrdinalIgnoreCase))
        {
            methods.Add("us_bank_account");
        }

        var metadata = Metadata(request);
        return new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = request.AttemptId.ToString("N"),
            SuccessUrl = back,
            CancelUrl = back,
            AllowedPaymentMethodTypes = methods,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = StripeAmounts.CurrencyCode(currency),
                        UnitAmount = StripeAmounts.ToUnitAmount(request.Amount),
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = ProductName(request) },
                    },
                },
            ],
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal) },
        };
    }

    /// <summary>What the debtor sees they are paying.</summary>
    internal static string ProductName(PaymentLinkRequest request)
    {
        var name = string.IsNullOrWhiteSpace(request.Description)
            ? request.Purpose switch
            {
                PaymentPurpose.Settlement => "Agreed settlement",
                PaymentPurpose.Installment => "Payment plan installment",
                _ => request.InvoiceIds.Count == 1 ? "Invoice payment" : request.InvoiceIds.Count > 1 ? "Invoices payment" : "Open balance",
            }
            : request.Description.Trim();
        return name.Length <= ProductNameLimit ? name : string.Concat(name.AsSpan(0, ProductNameLimit - 1), "…");
    }

    /// <summary>The keys the webhook reads back: attempt, case, invoices, plan, installment, purpose.</summary>
    internal static Dictionary<string, string> Metadata(PaymentLinkRequest request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["attempt"] = request.AttemptId.ToString("N"),
            ["case"] = request.CaseId.ToString("N"),
            ["purpose"] = request.Purpose switch
            {
                PaymentPurpose.Settlement => "settlement",
                PaymentPurpose.Installment => "installment",
                _ => "balance",
            },
        };
        if (request.InvoiceIds.Count > 0)
        {
            // Whole ids only, under Stripe's limit; the attempt row keeps the full list.
            var invoices = new StringBuilder();
            var included = 0;
            foreach (var id in request.InvoiceIds)
            {
                var next = id.ToString("N");
                if (invoices.Length + (invoices.Length > 0 ? 1 : 0) + next.Length > MetadataValueLimit)
                {
                    break;
                }

                invoices.Append(invoices.Length > 0 ? "," : "").Append(next);
                included++;
            }

            metadata["invoices"] = invoices.ToString();
            if (included < request.InvoiceIds.Count)
            {
                metadata["invoices_total"] = request.InvoiceIds.Count.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (request.PlanId is { } plan)
        {
            metadata["plan"] = plan.ToString("N");
        }

        if (request.InstallmentId is { } installment)
        {
            metadata["installment"] = installment.ToString("N");
        }

        return metadata;
    }

    private static string Redact(string message) => SecretPattern().Replace(message, "[redacted]");

    [GeneratedRegex(@"\b(sk|rk|pk)_(test|live)_[A-Za-z0-9*]+")]
    private static partial Regex SecretPattern();
}
