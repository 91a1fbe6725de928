using Microsoft.AspNetCore.Identity;

namespace CollectionsBot.Core.Domain;

/// <summary>
/// A person who signs in to the agent desk: a collector (agent), a supervisor, or a creditor's user. A creditor
/// user is bound to one creditor and sees that creditor's data only.
/// </summary>
public sealed class DeskUser : IdentityUser
{
    /// <summary>The name colleagues and debtors see ("Sam from Northwind Logistics").</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The creditor a creditor user belongs to; null for agents and supervisors.</summary>
    public Guid? CreditorId { get; set; }

    /// <summary>The most conversations an agent holds at once.</summary>
    public int MaxConversations { get; set; } = 5;
}

/// <summary>The desk's roles.</summary>
public static class DeskRoles
{
    /// <summary>Collectors who take handed-off conversations.</summary>
    public const string Agent = "Agent";

    /// <summary>Supervisors: everything an agent does, plus limits, approvals and the live board.</summary>
    public const string Supervisor = "Supervisor";

    /// <summary>A creditor's user: outcomes for that creditor's portfolio only.</summary>
    public const string Creditor = "Creditor";

    /// <summary>Every role.</summary>
    public static IReadOnlyList<string> All { get; } = [Agent, Supervisor, Creditor];
}
