using System.ComponentModel.DataAnnotations;

namespace CollectionsBot.AgentDesk;

/// <summary>
/// How the desk works (configuration section <c>Desk</c>): how long a hand-off may wait for a person, by priority, and
/// a debtor's message for an answer, before the supervisor's board shows a breach; and whether hand-offs are assigned
/// to the least busy available agent instead of waiting to be claimed.
/// </summary>
public sealed class DeskOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Desk";

    /// <summary>Most minutes a counsel or insolvency hand-off (priority 3) waits for a person.</summary>
    [Range(1, 1440)]
    public int UrgentWaitMinutes { get; set; } = 5;

    /// <summary>Most minutes a dispute, hardship, payment check or beyond-limits hand-off (priority 2) waits.</summary>
    [Range(1, 1440)]
    public int WaitMinutes { get; set; } = 15;

    /// <summary>Most minutes any other hand-off waits.</summary>
    [Range(1, 1440)]
    public int RoutineWaitMinutes { get; set; } = 30;

    /// <summary>Most minutes a debtor's message in a conversation a person holds waits for their answer.</summary>
    [Range(1, 1440)]
    public int AnswerMinutes { get; set; } = 10;

    /// <summary>Assign each hand-off at once to the available agent holding the fewest conversations (within their most).</summary>
    public bool AutoAssign { get; set; }

    /// <summary>The wait target for a queue priority.</summary>
    public int WaitTarget(int priority) => priority switch
    {
        >= 3 => UrgentWaitMinutes,
        2 => WaitMinutes,
        _ => RoutineWaitMinutes,
    };
}
