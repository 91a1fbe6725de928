namespace CollectionsBot.Core.Domain;

/// <summary>
/// One entry in the append-only audit trail: every message, offer, decision and import, with the rule that
/// allowed or blocked it. Rows are never updated or deleted (the context refuses, and database triggers too).
/// </summary>
public sealed class AuditEvent
{
    private AuditEvent()
    {
    }

    /// <summary>Creates an entry.</summary>
    /// <param name="at">When it happened.</param>
    /// <param name="actor">Who: "system", "bot", "agent:{id}", "api:{key name}", "cli".</param>
    /// <param name="action">What, as a dotted verb: "receivables.imported", "message.blocked".</param>
    /// <param name="entityType">Kind of thing acted on.</param>
    /// <param name="entityId">Its id.</param>
    /// <param name="data">JSON detail.</param>
    public AuditEvent(DateTimeOffset at, string actor, string action, string entityType, string entityId, string data = "{}")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        OccurredAt = at;
        Actor = actor;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Data = data;
    }

    /// <summary>An event on a conversation, filed under its case; <paramref name="data"/> serialized as JSON (none: "{}").</summary>
    public static AuditEvent OnConversation(DateTimeOffset at, string actor, string action, Conversation conversation, object? data = null)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return new(at, actor, action, nameof(Conversation), conversation.Id.ToString(), data is null ? "{}" : System.Text.Json.JsonSerializer.Serialize(data))
        {
            CaseId = conversation.CaseId,
        };
    }

    /// <summary>The action of a note a person at the desk leaves on a conversation (indexed on its own: a conversation's notes are read whenever it is opened).</summary>
    public const string DeskNoteAction = "desk.note";

    /// <summary>Sequence number, increasing in insertion order.</summary>
    public long Id { get; private set; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>Who acted.</summary>
    public string Actor { get; private set; } = "";

    /// <summary>What happened.</summary>
    public string Action { get; private set; } = "";

    /// <summary>Kind of thing acted on.</summary>
    public string EntityType { get; private set; } = "";

    /// <summary>Id of the thing acted on.</summary>
    public string EntityId { get; private set; } = "";

    /// <summary>The creditor the event belongs to, for per-creditor views.</summary>
    public Guid? CreditorId { get; init; }

    /// <summary>The case, when there is one.</summary>
    public Guid? CaseId { get; init; }

    /// <summary>The compliance or policy rule that allowed or blocked the action.</summary>
    public string? Rule { get; init; }

    /// <summary>JSON detail.</summary>
    public string Data { get; private set; } = "{}";
}
