using System.Security.Claims;
using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.AgentDesk.Cases;

/// <summary>
/// A case as the desk's context panel shows it: creditor, debtor, contacts, invoices with balances, disputes, plans,
/// promises, payments and the conversations on every channel (with the bot's reason and summary for a hand-off).
/// </summary>
public sealed record CaseContext(
    Guid CaseId,
    string Stage,
    CaseContext.Party Creditor,
    CaseContext.Party Debtor,
    IReadOnlyList<CaseContext.ContactLine> Contacts,
    IReadOnlyList<CaseContext.InvoiceLine> Invoices,
    IReadOnlyList<CaseContext.DisputeLine> Disputes,
    IReadOnlyList<CaseContext.PlanLine> Plans,
    IReadOnlyList<CaseContext.PromiseLine> Promises,
    IReadOnlyList<CaseContext.PaymentLine> Payments,
    IReadOnlyList<CaseContext.ConversationLine> Conversations)
{
    /// <summary>A creditor or debtor.</summary>
    public sealed record Party(Guid Id, string Name, string? Reference);

    /// <summary>A contact at the debtor.</summary>
    public sealed record ContactLine(Guid Id, string Name, string Role, string? Phone, string? Email, string TimeZone, bool Invalid);

    /// <summary>An invoice.</summary>
    public sealed record InvoiceLine(Guid Id, string Number, DateOnly DueDate, decimal Amount, decimal Balance, string Currency, string Status);

    /// <summary>A dispute.</summary>
    public sealed record DisputeLine(Guid Id, string Reason, string Details, string Status, DateTimeOffset OpenedAt, IReadOnlyList<string> Invoices);

    /// <summary>A payment plan.</summary>
    public sealed record PlanLine(Guid Id, string Status, decimal Total, string Currency, string Frequency, int Installments, int Paid, string AgreedBy);

    /// <summary>A promise to pay.</summary>
    public sealed record PromiseLine(Guid Id, decimal Amount, decimal Collected, string Currency, DateOnly PromisedDate, string Status);

    /// <summary>A payment.</summary>
    public sealed record PaymentLine(Guid Id, decimal Amount, string Currency, string Method, string Status, DateTimeOffset ReceivedAt, string? Reference);

    /// <summary>A conversation with the debtor's contacts.</summary>
    public sealed record ConversationLine(Guid Id, string Channel, string Owner, string? HandoffReason, string? HandoffSummary, DateTimeOffset LastActivityAt);

    /// <summary>
    /// <c>GET /api/desk/cases/{id}</c>: the case's context. Agents and supervisors see any case; a creditor user only
    /// the creditor's own (403 otherwise); 404 when there is no such case.
    /// </summary>
    public static IEndpointRouteBuilder MapCaseContext(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/desk/cases/{id:guid}", async (Guid id, ClaimsPrincipal user, CollectionsDbContext db, CancellationToken cancellationToken) =>
        {
            var creditor = await db.Cases.AsNoTracking().Where(c => c.Id == id).Select(c => (Guid?)c.CreditorId).SingleOrDefaultAsync(cancellationToken);
            if (creditor is null)
            {
                return Results.Problem(title: "No such case.", statusCode: StatusCodes.Status404NotFound);
            }

            if (!MaySee(user, creditor.Value))
            {
                return Results.Problem(title: "This case belongs to another creditor.", statusCode: StatusCodes.Status403Forbidden);
            }

            return Results.Ok(await LoadAsync(db, id, cancellationToken));
        }).RequireAuthorization(DeskAccounts.SignedInPolicy).WithTags("Desk");
        return endpoints;
    }

    /// <summary>Whether <paramref name="user"/> may see the data of <paramref name="creditorId"/>: desk staff see all, a creditor user its own.</summary>
    public static bool MaySee(ClaimsPrincipal user, Guid creditorId)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsInRole(DeskRoles.Agent) || user.IsInRole(DeskRoles.Supervisor))
        {
            return true;
        }

        return user.IsInRole(DeskRoles.Creditor) && Guid.TryParse(user.FindFirstValue(DeskAccounts.CreditorClaim), out var own) && own == creditorId;
    }

    /// <summary>Loads a case's context (null when there is no such case).</summary>
    public static async Task<CaseContext?> LoadAsync(CollectionsDbContext db, Guid caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var found = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        var creditor = await db.Creditors.AsNoTracking().SingleAsync(c => c.Id == found.CreditorId, cancellationToken).ConfigureAwait(false);
        var debtor = await db.Debtors.AsNoTracking().Include(d => d.Contacts).SingleAsync(d => d.Id == found.DebtorId, cancellationToken).ConfigureAwait(false);
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var numbers = invoices.ToDictionary(i => i.Id, i => i.Number);
        var disputes = await db.Disputes.AsNoTracking().Include(d => d.Invoices).Where(d => d.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var plans = await db.PaymentPlans.AsNoTracking().Include(p => p.Installments).Where(p => p.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var promises = await db.Promises.AsNoTracking().Where(p => p.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var payments = await db.Payments.AsNoTracking().Where(p => p.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var conversations = await db.Conversations.AsNoTracking().Where(c => c.CaseId == caseId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new CaseContext(
            caseId,
            found.Stage.ToString(),
            new Party(creditor.Id, creditor.Name, null),
            new Party(debtor.Id, debtor.Name, debtor.Reference),
            [.. debtor.Contacts.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => new ContactLine(c.Id, c.Name, c.Role.ToString(), c.PhoneE164, c.Email, c.TimeZone, c.InvalidSince is not null))],
            [.. invoices.OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).Select(i => new InvoiceLine(i.Id, i.Number, i.DueDate, i.Amount, i.Balance, i.CurrencyCode, i.Status.ToString()))],
            [.. disputes.OrderBy(d => d.OpenedAt).Select(d => new DisputeLine(d.Id, d.Reason.ToString(), d.Details, d.Status.ToString(), d.OpenedAt, [.. d.Invoices.Select(i => numbers.GetValueOrDefault(i.InvoiceId, "?"))]))],
            [.. plans.OrderBy(p => p.CreatedAt).Select(p => new PlanLine(p.Id, p.Status.ToString(), p.Total, p.CurrencyCode, p.Frequency.ToString(), p.Installments.Count, p.PaidCount, p.AgreedBy))],
            [.. promises.OrderBy(p => p.CreatedAt).Select(p => new PromiseLine(p.Id, p.Amount, p.CollectedAmount, p.CurrencyCode, p.PromisedDate, p.Status.ToString()))],
            [.. payments.OrderBy(p => p.ReceivedAt).Select(p => new PaymentLine(p.Id, p.Amount, p.CurrencyCode, p.Method.ToString(), p.Status.ToString(), p.ReceivedAt, p.ExternalReference))],
            [.. conversations.OrderBy(c => c.LastActivityAt).Select(c => new ConversationLine(c.Id, c.Channel.ToString().ToLowerInvariant(), c.Owner.ToString(), c.HandoffReason?.ToString(), c.HandoffSummary, c.LastActivityAt))]);
    }
}
