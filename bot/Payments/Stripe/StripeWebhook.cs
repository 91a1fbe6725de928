using System.Text;
using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;
using PaymentMethod = CollectionsBot.Core.Domain.PaymentMethod;

namespace CollectionsBot.Bot.Payments.Stripe;

/// <summary>
/// Stripe's webhook, <c>POST /api/payments/stripe/webhook</c>. The signature is checked with Stripe.net's
/// <see cref="EventUtility"/> (tolerance 300 s by default); a bad, foreign or stale one is refused with 400 and
/// changes nothing. Each event is applied once: its id is stored with the changes it made, in one unit of work, so a
/// redelivery answers 200 and does nothing. Money lands through <see cref="PaymentLedger"/>, keyed by the
/// PaymentIntent id, so checkout.session.completed and payment_intent.succeeded for the same payment count it once.
/// A refund or dispute that arrives before its payment is answered 409, so Stripe delivers it again later and the
/// ledger converges whatever the order.
/// </summary>
public static partial class StripeWebhook
{
    /// <summary>The webhook's path.</summary>
    public const string Path = "/api/payments/stripe/webhook";

    private const int MaxBodyBytes = 1 << 20;

    /// <summary>Maps the webhook.</summary>
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    /// <summary>Checks a signature header over a payload and parses the event; throws <see cref="StripeException"/> when it does not hold.</summary>
    public static Event Verify(string payload, string? signatureHeader, string secret, long toleranceSeconds, DateTimeOffset now) =>
        EventUtility.ConstructEvent(payload, signatureHeader ?? "", secret, toleranceSeconds, now.ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);

    private static async Task<IResult> ReceiveAsync(HttpRequest request, CollectionsDbContext db, PromptLibrary prompts, OutboundDispatcher dispatcher, IOptions<StripeOptions> options, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var logger = loggers.CreateLogger(typeof(StripeWebhook));
        if (settings.WebhookSecret.Length == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Stripe is not configured", detail: "Set Stripe:WebhookSecret so event signatures can be checked.");
        }

        if (request.ContentLength is > MaxBodyBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large", detail: "A Stripe event is smaller than 1 MiB.");
        }

        string payload;
        using (var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            try
            {
                payload = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DecoderFallbackException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not UTF-8", detail: "The body is not UTF-8 text.");
            }
        }

        var now = clock.GetUtcNow();
        Event stripeEvent;
        try
        {
            stripeEvent = Verify(payload, request.Headers["Stripe-Signature"].ToString(), settings.WebhookSecret, settings.ToleranceSeconds, now);
        }
        catch (StripeException ex)
        {
            LogRefused(logger, ex.Message);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad signature", detail: "The Stripe-Signature header does not sign this body with our secret within the tolerance.");
        }

        if (await db.ProcessedPaymentEvents.AnyAsync(e => e.Id == stripeEvent.Id, cancellationToken).ConfigureAwait(false))
        {
            return Results.Ok(new { received = true, duplicate = true });
        }

        Applied outcome;
        try
        {
            outcome = await ApplyAsync(db, prompts, stripeEvent, now, cancellationToken).ConfigureAwait(false);
        }
        catch (NotYetException ex)
        {
            db.DiscardChanges();
            LogNotYet(logger, stripeEvent.Id, stripeEvent.Type, ex.Message);
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not yet", detail: $"{ex.Message} Deliver the event again later.");
        }

        db.ProcessedPaymentEvents.Add(new ProcessedPaymentEvent(stripeEvent.Id, "stripe", stripeEvent.Type, outcome.Summary, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsConflict(ex))
        {
            // The same event (or another about the same payment) was applied at the same moment: that one counts.
            return Results.Ok(new { received = true, duplicate = true });
        }

        if (outcome.Receipt)
        {
            dispatcher.Nudge();
        }

        LogApplied(logger, stripeEvent.Id, stripeEvent.Type, outcome.Summary);
        return Results.Ok(new { received = true, outcome = outcome.Summary });
    }

    private static async Task<Applied> ApplyAsync(CollectionsDbContext db, PromptLibrary prompts, Event stripeEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (stripeEvent.Data.Object)
        {
            case Session session when stripeEvent.Type == EventTypes.CheckoutSessionCompleted:
                if (session.PaymentStatus != "paid")
                {
                    // A bank debit is still on its way: payment_intent.succeeded records it when it clears.
                    return new Applied($"session {session.Id} completed, payment {session.PaymentStatus}", false);
                }

                return await RecordAsync(db, prompts, session.PaymentIntentId ?? session.Id, session.AmountTotal, session.Currency, session.Metadata, PaymentMethod.Card, Created(stripeEvent), now, cancellationToken).ConfigureAwait(false);

            case PaymentIntent intent when stripeEvent.Type == EventTypes.PaymentIntentSucceeded:
                var method = intent.PaymentMethodTypes is ["us_bank_account"] ? PaymentMethod.UsBankAccount : PaymentMethod.Card;
                return await RecordAsync(db, prompts, intent.Id, intent.AmountReceived, intent.Currency, intent.Metadata, method, Created(stripeEvent), now, cancellationToken).ConfigureAwait(false);

            case PaymentIntent failed when stripeEvent.Type == EventTypes.PaymentIntentPaymentFailed:
                if (AttemptOf(failed.Metadata) is { } failedAttempt && await db.PaymentAttempts.SingleOrDefaultAsync(a => a.Id == failedAttempt, cancellationToken).ConfigureAwait(false) is { } attempt)
                {
                    attempt.Fail(failed.LastPaymentError?.Message ?? "The payment failed.");
                    return new Applied($"attempt {failedAttempt:N} failed", false);
                }

                return new Applied("not one of our payments", false);

            case Charge charge when stripeEvent.Type == EventTypes.ChargeRefunded:
                if (!charge.Refunded)
                {
                    // A partial refund: the money mostly stays; a person decides what it means for the invoices.
                    return await PartialRefundAsync(db, charge, now, cancellationToken).ConfigureAwait(false);
                }

                return await ReverseAsync(db, charge.PaymentIntentId, PaymentStatus.Refunded, now, cancellationToken).ConfigureAwait(false);

            case global::Stripe.Dispute dispute when stripeEvent.Type == EventTypes.ChargeDisputeCreated:
                return await ReverseAsync(db, dispute.PaymentIntentId, PaymentStatus.ChargedBack, now, cancellationToken).ConfigureAwait(false);

            default:
                return new Applied($"{stripeEvent.Type} not handled", false);
        }
    }

    private static async Task<Applied> RecordAsync(CollectionsDbContext db, PromptLibrary prompts, string reference, long? minorAmount, string? currency, IDictionary<string, string>? metadata, PaymentMethod method, DateTimeOffset paidAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (AttemptOf(metadata) is not { } attempt)
        {
            return new Applied("not one of our payments (no attempt in metadata)", false);
        }

        if (minorAmount is not > 0 || StripeAmounts.FromUnitAmount(minorAmount.Value, currency) is not { } amount)
        {
            return new Applied($"payment {reference} has no amount in a known currency", false);
        }

        var recorded = await PaymentLedger.RecordAsync(db, prompts, new ReceivedPayment("stripe", reference, amount, method, paidAt, attempt, Actor: "stripe"), now, cancellationToken).ConfigureAwait(false);
        return recorded.AlreadyRecorded
            ? new Applied($"payment {reference} already recorded", false)
            : new Applied($"payment {reference} of {Words.Money(amount)} recorded", recorded.Receipt is not null);
    }

    private static async Task<Applied> ReverseAsync(CollectionsDbContext db, string? reference, PaymentStatus reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (reference is null)
        {
            return new Applied("no payment intent on the event", false);
        }

        var payment = await db.Payments.AsNoTracking().Where(p => p.Source == "stripe" && p.ExternalReference == reference).Select(p => new { p.Status }).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (payment is null)
        {
            throw new NotYetException($"Payment {reference} is not recorded yet.");
        }

        return await PaymentLedger.ReverseAsync(db, "stripe", reference, reason, now, cancellationToken).ConfigureAwait(false)
            ? new Applied($"payment {reference} {(reason == PaymentStatus.ChargedBack ? "charged back" : "refunded")}", false)
            : new Applied($"payment {reference} was already reversed", false);
    }

    private static async Task<Applied> PartialRefundAsync(CollectionsDbContext db, Charge charge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Source == "stripe" && p.ExternalReference == charge.PaymentIntentId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotYetException($"Payment {charge.PaymentIntentId} is not recorded yet.");
        var refunded = StripeAmounts.FromUnitAmount(charge.AmountRefunded, charge.Currency) is { } money ? Words.Money(money) : $"{charge.AmountRefunded} {charge.Currency}";
        db.FollowUps.Add(new FollowUpTask(payment.CaseId, null, FollowUpKind.ReviewReversedPayment, now,
            $"Stripe refunded {refunded} of payment {charge.PaymentIntentId}; decide which invoices reopen.", now));
        return new Applied($"partial refund of {refunded} on {charge.PaymentIntentId} sent for review", false);
    }

    private static Guid? AttemptOf(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue("attempt", out var value) && Guid.TryParse(value, out var id) ? id : null;

    private static DateTimeOffset Created(Event stripeEvent) => new(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));

    private sealed record Applied(string Summary, bool Receipt);

    private sealed class NotYetException(string message) : Exception(message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Stripe webhook: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}) waits: {Reason}")]
    private static partial void LogNotYet(ILogger logger, string eventId, string type, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}): {Outcome}")]
    private static partial void LogApplied(ILogger logger, string eventId, string type, string outcome);
}
