using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Bot.Hosting;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CollectionsBot.Bot.Cli;

/// <summary>
/// <c>chat --case &lt;id or debtor reference&gt; [--verified]</c>: talk to the bot in the terminal as the case's AP
/// contact, through the same engine, guard and database as every channel (a web chat conversation). Each reply
/// shows what the guard decided when it was not simply sent.
/// </summary>
public static class ChatCommand
{
    /// <summary>Runs the chat until end of input or "/quit". Exit code 0, or 2 when the case is not found.</summary>
    public static async Task<int> RunAsync(WebApplication app, string caseKey, bool verified, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        await app.PrepareDatabaseAsync(seedDemo: true, cancellationToken).ConfigureAwait(false);
        if (caseKey.Length == 0)
        {
            await output.WriteLineAsync("Usage: dotnet run --project bot -- chat --case <case id or debtor reference> [--verified]").ConfigureAwait(false);
            return 2;
        }

        var found = await FindAsync(app, caseKey, cancellationToken).ConfigureAwait(false);
        if (found is not var (caseId, contact, debtorName))
        {
            await output.WriteLineAsync($"No case or debtor reference '{caseKey}' with a contact. Try a debtor reference from the demo portfolio, e.g. ACME-001.").ConfigureAwait(false);
            return 2;
        }

        var engine = app.Services.GetRequiredService<ConversationEngine>();
        var thread = $"cli-{caseId:N}-{Guid.NewGuid():N}";
        await output.WriteLineAsync($"Chatting as {contact.Name} of {debtorName} (case {caseId}){(verified ? ", verified" : "")}. Type /quit to leave.").ConfigureAwait(false);
        var sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await output.WriteAsync("you> ").ConfigureAwait(false);
            var line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null || line.Trim() == "/quit")
            {
                break;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            var result = await engine.HandleAsync(new InboundActivity(Channel.WebChat, thread, $"cli-{contact.Id:N}", line, $"{thread}-{++sequence}", contact.Id, verified), cancellationToken).ConfigureAwait(false);
            foreach (var reply in result.Replies)
            {
                var note = reply.Status switch
                {
                    DeliveryStatus.Blocked => $" [blocked: {reply.ErrorCode}]",
                    _ when reply.NotBefore is { } at => $" [held until {at:u}: {reply.ErrorCode}]",
                    _ => "",
                };
                await output.WriteLineAsync($"bot> {reply.Body.Replace("\n", "\n     ", StringComparison.Ordinal)}{note}").ConfigureAwait(false);
            }

            if (result.Owner is ConversationOwner.WaitingForAgent or ConversationOwner.Agent)
            {
                await output.WriteLineAsync("     (handed to a person: the bot stays silent now)").ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static async Task<(Guid CaseId, Contact Contact, string DebtorName)?> FindAsync(WebApplication app, string key, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        var collectionCase = Guid.TryParse(key, out var id)
            ? await db.Cases.SingleOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false)
            : await db.Cases.Where(c => db.Debtors.Any(d => d.Id == c.DebtorId && d.Reference == key)).OrderByDescending(c => c.OpenedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (collectionCase is null)
        {
            return null;
        }

        var debtor = await db.Debtors.Include(d => d.Contacts).SingleAsync(d => d.Id == collectionCase.DebtorId, cancellationToken).ConfigureAwait(false);
        var contact = debtor.Contacts.Where(c => c.Role != ContactRole.Counsel).OrderBy(c => c.Role).ThenBy(c => c.CreatedAt).FirstOrDefault();
        return contact is null ? null : (collectionCase.Id, contact, debtor.Name);
    }
}
