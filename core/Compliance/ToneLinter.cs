using CollectionsBot.Core.Domain;

namespace CollectionsBot.Core.Compliance;

/// <summary>Placeholder until the tone linter lands.</summary>
public sealed record ToneFinding(string Rule, string Excerpt);

/// <summary>Placeholder until the tone linter lands.</summary>
public static class ToneLinter
{
    /// <summary>Placeholder.</summary>
    public static IReadOnlyList<ToneFinding> Check(string text, CaseStage stage) => [];
}
