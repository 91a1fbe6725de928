using System.Text.RegularExpressions;

namespace CollectionsBot.Bot.Understanding.Llm;

/// <summary>
/// The LLM's system prompts, read from <c>prompts/llm/</c> beside the binary (the repository's prompts/ folder,
/// copied at build) so they can be reviewed without reading code. HTML comments in the files are notes for reviewers
/// and are not sent.
/// </summary>
internal sealed partial class LlmPrompts
{
    /// <summary>Placeholders the phraser prompt must hold.</summary>
    internal static readonly IReadOnlyList<string> PhraserPlaceholders = ["{{tone}}", "{{channel}}", "{{max_length}}"];

    private LlmPrompts(string recognizer, string phraser)
    {
        Recognizer = recognizer;
        Phraser = phraser;
    }

    /// <summary>System prompt of <see cref="LlmRecognizer"/>.</summary>
    public string Recognizer { get; }

    /// <summary>System prompt of <see cref="LlmPhraser"/>, with its placeholders.</summary>
    public string Phraser { get; }

    /// <summary>The folder the prompts are read from, under the host's content root.</summary>
    public static string Folder(string contentRoot) => Path.Combine(contentRoot, "prompts", "llm");

    /// <summary>Reads and checks both prompts.</summary>
    /// <exception cref="InvalidDataException">A prompt is missing or lacks an intent name or a placeholder.</exception>
    public static LlmPrompts Load(string folder)
    {
        var recognizer = Read(Path.Combine(folder, "recognizer.md"));
        var missing = Intents.Priority.Where(intent => !recognizer.Contains($"`{intent}`", StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"prompts/llm/recognizer.md does not name every intent of the taxonomy; missing: {string.Join(", ", missing)}.");
        }

        var phraser = Read(Path.Combine(folder, "phraser.md"));
        var placeholders = PhraserPlaceholders.Where(p => !phraser.Contains(p, StringComparison.Ordinal)).ToList();
        if (placeholders.Count > 0)
        {
            throw new InvalidDataException($"prompts/llm/phraser.md lacks the placeholder(s) {string.Join(", ", placeholders)}.");
        }

        return new LlmPrompts(recognizer, phraser);
    }

    private static string Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"The LLM prompt {path} is missing: the host copies the repository's prompts/ folder beside its binary.");
        }

        var text = CommentPattern().Replace(File.ReadAllText(path), "").Trim();
        return text.Length > 0 ? text : throw new InvalidDataException($"The LLM prompt {path} is empty.");
    }

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CommentPattern();
}
