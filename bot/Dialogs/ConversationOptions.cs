using CollectionsBot.Bot.Dialogs.Engine;
using CollectionsBot.Core.Conversations;

namespace CollectionsBot.Bot.Dialogs;

/// <summary>Settings of the conversation engine (section <c>Conversations</c>), checked when the host starts.</summary>
public sealed class ConversationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Conversations";

    /// <summary>How many turns run at once in this process; the others wait for a slot (<see cref="TurnSlots"/>). At least 1.</summary>
    public int MaxTurnsAtOnce { get; set; } = TurnSlots.DefaultCapacity;

    /// <summary>How many cases' parties are kept in memory between turns (<see cref="PartiesCache"/>); 0 turns it off.</summary>
    public int PartiesKept { get; set; } = PartiesCache.DefaultCapacity;
}
