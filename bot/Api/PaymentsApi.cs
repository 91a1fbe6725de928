using System.Globalization;
using CollectionsBot.Bot.Channels.Delivery;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Wording;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Api;

/// <summary>A payment received outside the links (a bank transfer, a check), as an agent records it.</summary>
/// <param name="Amount">The amount, in the currency's major unit (e.g. 1250.00).</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Method">"bank_transfer", "check" or "other".</param>
/// <param name="Reference">The bank's or check's reference: one payment per reference.</param>
/// <param name="ReceivedAt">When the money arrived (ISO date-time with offset).</param>
/// <param name="Invoices">Invoice numbers it pays first; empty: the oldest due first.</param>
public sealed record OfflinePaymentRequest(decimal Amount, string Currency, string Method, string Reference, DateTimeOffset? ReceivedAt, IReadOnlyList<string>? Invoices);

/// <summary>What recording it did.</summary>
/// <param name="PaymentId">The payment.</param>
/// <param name="AlreadyRecorded">True when the reference had been recorded before: nothing changed.</param>
/// <param name="Allocations">Invoice number and amount applied to it.</param>
/// <param name="Credit">Held as credit (more than was open).</param>
public sealed record OfflinePaymentResult(Guid PaymentId, bool AlreadyRecorded, IReadOnlyDictionary<string, decimal> Allocations, decimal Credit);

/// <summary>
/// <c>POST /api/cases/{caseId}/payments</c>: an agent records money received outside the payment links, with its
/// reference. Same rules as a link's payment (<see cref="PaymentLedger"/>): the named invoices first, then the oldest
/// due, excess as credit, plans and promises counted, the case's stage following.
/// </summary>
public static class PaymentsApi
{
    private static readonly Dictionary<string, PaymentMethod> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bank_transfer"] = PaymentMethod.BankTransfer,
        ["check"] = PaymentMethod.Check,
        ["other"] = PaymentMethod.Other,
    };

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cases").WithTags("Payments").RequireAuthorization(ApiKeyAuthentication.Policy);
        group.MapPost("/{caseId:guid}/payments", RecordAsync)
            .WithName("RecordOfflinePayment")
            .WithSummary("Record a payment received outside the payment links (bank transfer, check)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<OfflinePaymentResult>, ProblemHttpResult>> RecordAsync(
        Guid caseId,
        OfflinePaymentRequest request,
        HttpContext http,
        CollectionsDbContext db,
        PromptLibrary prompts,
        OutboundDispatcher dispatcher,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Amount <= 0m)
        {
            errors["amount"] = ["must be more than zero"];
        }

        Currency? currency = null;
        try
        {
            currency = Currency.Find((request.Currency ?? "").ToUpperInvariant());
            if (decimal.Round(request.Amount, currency.MinorDigits) != request.Amount)
            {
                errors["amount"] = [$"has more decimals than {currency.Code} allows ({currency.MinorDigits})"];
            }
        }
        catch (ArgumentException)
        {
            errors["currency"] = ["must be an ISO 4217 code such as USD"];
        }

        if (!Methods.TryGetValue(request.Method ?? "", out var method))
        {
            errors["method"] = ["must be bank_transfer, check or other"];
        }

        if (string.IsNullOrWhiteSpace(request.Reference) || request.Reference.Length > 200)
        {
            errors["reference"] = ["is required (the bank's or check's reference, at most 200 characters)"];
        }

        var now = clock.GetUtcNow();
        if (request.ReceivedAt is { } received && received > now.AddMinutes(5))
        {
            errors["receivedAt"] = ["cannot be in the future"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The payment is not valid", extensions: new Dictionary<string, object?> { ["errors"] = errors });
        }

        if (!await db.Cases.AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such case", detail: $"Case {caseId} does not exist.");
        }

        var numbers = request.Invoices ?? [];
        var invoices = await db.Invoices.Where(i => i.CaseId == caseId && numbers.Contains(i.Number)).Select(i => new { i.Id, i.Number }).ToListAsync(cancellationToken);
        var unknown = numbers.Except(invoices.Select(i => i.Number), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The payment is not valid",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["invoices"] = [$"not invoices of this case: {string.Join(", ", unknown)}"] } });
        }

        // An offline payment has no link; a one-off attempt carries the invoices it names, for the same allocation rules.
        Guid? attemptId = null;
        if (invoices.Count > 0)
        {
            var attempt = new PaymentAttempt(new PaymentLinkRequest(Guid.CreateVersion7(now), caseId, new Money(request.Amount, currency!), PaymentPurpose.Balance, [.. invoices.Select(i => i.Id)]), null, "offline", now);
            db.PaymentAttempts.Add(attempt);
            attemptId = attempt.Id;
        }

        var actor = $"api:{http.User.Identity?.Name ?? "unknown"}";
        RecordedPayment recorded;
        try
        {
            recorded = await PaymentLedger.RecordAsync(db, prompts, new ReceivedPayment("offline", request.Reference.Trim(), new Money(request.Amount, currency!), method, request.ReceivedAt ?? now, attemptId, caseId, actor), now, cancellationToken);
            if (recorded.AlreadyRecorded)
            {
                db.DiscardChanges();
            }
            else
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (DatabaseErrors.IsConflict(ex))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Recorded at the same moment", detail: "The same reference, or the same invoices, changed at the same time. Nothing was written; send it again.");
        }

        dispatcher.Nudge();
        var numbersById = await db.Invoices.Where(i => i.CaseId == caseId).ToDictionaryAsync(i => i.Id, i => i.Number, cancellationToken);
        return TypedResults.Ok(new OfflinePaymentResult(
            recorded.Payment.Id,
            recorded.AlreadyRecorded,
            recorded.Payment.Allocations.ToDictionary(a => numbersById[a.InvoiceId], a => a.Amount, StringComparer.Ordinal),
            recorded.Credit.Amount));
    }
}
