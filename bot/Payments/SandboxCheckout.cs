using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Payments;

/// <summary>
/// The sandbox payment page, while no payment provider is configured: <c>GET /pay/{attempt}</c> shows what the link
/// is for, plainly marked TEST, and its button posts back a token signed for that attempt (the signed internal
/// callback), which records the payment through <see cref="PaymentLedger"/>, the same path a provider's event takes:
/// allocation, plan and promise, case stage, receipt. Paying twice records one payment.
/// </summary>
public static partial class SandboxCheckout
{
    /// <summary>The Data Protection purpose of the token the page's button posts back.</summary>
    internal const string Purpose = "CollectionsBot.SandboxPayment.v1";

    /// <summary>Maps the page.</summary>
    public static IEndpointRouteBuilder MapSandboxCheckout(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/pay").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/{attempt}", ShowAsync);
        group.MapPost("/{attempt}", PayAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowAsync(string attempt, CollectionsDbContext db, IDataProtectionProvider protection, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(attempt, "N", out var id) || await db.PaymentAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } found)
        {
            return Page(HttpStatusCode.NotFound, "Payment link not found", "<p>This payment link is not valid. Please use the latest link we sent you, or reply to our message.</p>");
        }

        var creditor = await db.Cases.Where(c => c.Id == found.CaseId).Join(db.Creditors, c => c.CreditorId, r => r.Id, (c, r) => r.Name).SingleAsync(cancellationToken);
        var amount = Words.Money(found.Money);
        if (found.Status == PaymentAttemptStatus.Completed)
        {
            return Page(HttpStatusCode.OK, "Payment received", $"<p class=\"paid\">Thank you: your payment of <strong>{Encode(amount)}</strong> to {Encode(creditor)} has been received. A receipt is on its way.</p>");
        }

        if (found.Provider != "sandbox")
        {
            // A provider's page sends the debtor back here; the payment shows as received once the provider's event has.
            return Page(HttpStatusCode.OK, "Payment not received yet", $"<p>We have not received a payment of <strong>{Encode(amount)}</strong> to {Encode(creditor)} on this link yet. If you have just paid, it will show here within a few minutes. If you cancelled, you can open the payment link we sent you again.</p>", test: false);
        }

        var invoices = found.Invoices.Count == 0 ? [] : await db.Invoices.Where(i => found.Invoices.Contains(i.Id)).OrderBy(i => i.DueDate).Select(i => i.Number).ToListAsync(cancellationToken);
        var what = found.Purpose switch
        {
            PaymentPurpose.Installment => "A payment of your payment plan",
            PaymentPurpose.Settlement => "The agreed settlement",
            _ => invoices.Count > 0 ? $"Invoices {string.Join(", ", invoices)}" : "Your open balance",
        };
        var token = protection.CreateProtector(Purpose).Protect(found.Id.ToString("N"));
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<p>To <strong>{Encode(creditor)}</strong></p>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"what\">{Encode(what)}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"amount\">{Encode(amount)}</p>")
            .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/pay/{found.Id:N}\"><input type=\"hidden\" name=\"token\" value=\"{Encode(token)}\"><button type=\"submit\">Pay {Encode(amount)} (test)</button></form>")
            .ToString();
        return Page(HttpStatusCode.OK, "Pay", body);
    }

    private static async Task<IResult> PayAsync(string attempt, HttpRequest request, CollectionsDbContext db, PromptLibrary prompts, IDataProtectionProvider protection, OutboundDispatcher dispatcher, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(attempt, "N", out var id) || !request.HasFormContentType)
        {
            return Page(HttpStatusCode.BadRequest, "Payment not taken", "<p>This payment could not be read. Please open the link we sent you again.</p>");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (!SignedFor(protection, form["token"].ToString(), id))
        {
            var logger = loggers.CreateLogger(typeof(SandboxCheckout));
            LogBadToken(logger, id);
            return Page(HttpStatusCode.BadRequest, "Payment not taken", "<p>This payment page has expired or was changed. Please open the link we sent you again.</p>");
        }

        var found = await db.PaymentAttempts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (found is null)
        {
            return Page(HttpStatusCode.NotFound, "Payment link not found", "<p>This payment link is not valid.</p>");
        }

        if (found.Provider != "sandbox")
        {
            // Only sandbox attempts are paid here: a real provider's attempt is paid at the provider, and only its event records it.
            return Page(HttpStatusCode.BadRequest, "Payment not taken", "<p>This payment is taken by our payment provider. Please open the payment link we sent you.</p>", test: false);
        }

        var now = clock.GetUtcNow();
        try
        {
            await PaymentLedger.RecordAsync(db, prompts, new ReceivedPayment("sandbox", $"sandbox_{id:N}", found.Money, PaymentMethod.Card, now, id, Actor: "sandbox"), now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsConflict(ex))
        {
            // A second click raced the first: the first recorded the payment.
        }

        dispatcher.Nudge();
        return Results.Redirect($"/pay/{id:N}", permanent: false, preserveMethod: false);
    }

    private static bool SignedFor(IDataProtectionProvider protection, string token, Guid id)
    {
        try
        {
            return protection.CreateProtector(Purpose).Unprotect(token) == id.ToString("N");
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static IResult Page(HttpStatusCode status, string title, string body, bool test = true) => Results.Content(
        $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(title)}}{{(test ? " (TEST)" : "")}}</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
        .test{background:#b3261e;color:#fff;text-align:center;padding:.75rem;font-weight:700;letter-spacing:.04em}
        main{max-width:28rem;margin:2rem auto;background:#fff;border-radius:.75rem;padding:1.5rem 1.75rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        .amount{font-size:2rem;font-weight:700;margin:.5rem 0 1.25rem}.what{color:#4a5263}.paid{font-size:1.1rem}
        button{width:100%;padding:.9rem;font-size:1rem;font-weight:600;border:0;border-radius:.5rem;background:#1f5fbf;color:#fff;cursor:pointer}
        small{display:block;margin-top:1rem;color:#6b7280}
        </style></head>
        <body>{{(test ? "<div class=\"test\" role=\"alert\">TEST PAYMENT PAGE: no real money moves</div>" : "")}}
        <main><h1>{{Encode(title)}}</h1>{{body}}{{(test ? "<small>No payment provider is configured on this system, so this sandbox page stands in for one.</small>" : "")}}</main></body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: (int)status);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox payment for attempt {AttemptId} refused: the token is not signed for it.")]
    private static partial void LogBadToken(ILogger logger, Guid attemptId);
}
