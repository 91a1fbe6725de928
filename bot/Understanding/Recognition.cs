namespace CollectionsBot.Bot.Understanding;

/// <summary>An intent with its confidence (0-1).</summary>
public sealed record IntentScore(string Name, double Confidence);

/// <summary>An entity found in the text: value in the taxonomy's form, character span [Start, End).</summary>
public sealed record EntityMatch(string Entity, string Value, int Start, int End, double Confidence);

/// <summary>What a message means: the primary intent, the ranking of candidates, and the entities.</summary>
public sealed record Recognition(string Text, IntentScore Intent, IReadOnlyList<IntentScore> IntentRanking, IReadOnlyList<EntityMatch> Entities)
{
    /// <summary>The first entity of a kind, or null.</summary>
    public EntityMatch? Entity(string name) => Entities.FirstOrDefault(e => e.Entity == name);
}

/// <summary>The conversation's "now" in the debtor's time zone: relative dates resolve against it.</summary>
/// <param name="Now">Local date and time of the debtor, with its offset.</param>
/// <param name="Locale">BCP 47 locale, e.g. "en-US"; dates like 03/04 read month-first only in en-US.</param>
public sealed record RecognitionContext(DateTimeOffset Now, string? Locale = null);

/// <summary>Turns a debtor's message into intent and entities.</summary>
public interface IRecognizer
{
    /// <summary>Recognizes <paramref name="text"/>.</summary>
    Task<Recognition> RecognizeAsync(string text, RecognitionContext context, CancellationToken cancellationToken);
}
