using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Fluid;

namespace CollectionsBot.Core.Wording;

/// <summary>
/// Every sentence the bot sends: Liquid templates in prompts/messages/{tone}/{key}.liquid, one file per message and
/// tone profile, each wording SMS short and email complete through the model's <c>channel</c>. A tone profile may
/// override only some messages; the rest come from <see cref="DefaultTone"/>. Loaded and parsed once at start, so a
/// broken template stops the host with the file and line rather than failing in front of a debtor.
/// </summary>
public sealed partial class PromptLibrary
{
    /// <summary>The tone every other profile falls back to; it must word every message.</summary>
    public const string DefaultTone = "standard";

    private static readonly FluidParser Parser = new();
    private readonly FrozenDictionary<string, IFluidTemplate> _templates;
    private readonly TemplateOptions _options;

    private PromptLibrary(FrozenDictionary<string, IFluidTemplate> templates, IReadOnlyCollection<string> tones)
    {
        _templates = templates;
        Tones = tones;
        _options = new TemplateOptions();
        _options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        _options.MemberAccessStrategy.Register<PromptModel>();
        _options.MemberAccessStrategy.Register<InvoiceLine>();
        _options.MemberAccessStrategy.Register<ScheduleLine>();
    }

    /// <summary>The tone profiles found.</summary>
    public IReadOnlyCollection<string> Tones { get; }

    /// <summary>Keys the default tone words.</summary>
    public IEnumerable<string> Keys => _templates.Keys.Where(k => k.StartsWith(DefaultTone + "/", StringComparison.Ordinal)).Select(k => k[(DefaultTone.Length + 1)..]);

    /// <summary>
    /// Loads prompts/messages under <paramref name="promptsRoot"/>. Throws <see cref="InvalidDataException"/> naming the
    /// file and position of the first template that does not parse, or a key the default tone lacks.
    /// </summary>
    public static PromptLibrary Load(string promptsRoot, IEnumerable<string> requiredKeys)
    {
        ArgumentNullException.ThrowIfNull(requiredKeys);
        var messages = Path.Combine(promptsRoot, "messages");
        if (!Directory.Exists(Path.Combine(messages, DefaultTone)))
        {
            throw new InvalidDataException($"No message templates at {Path.Combine(messages, DefaultTone)}: the prompts folder must ship with the host.");
        }

        var templates = new Dictionary<string, IFluidTemplate>(StringComparer.Ordinal);
        var tones = new List<string>();
        foreach (var toneDirectory in Directory.GetDirectories(messages).Order(StringComparer.Ordinal))
        {
            var tone = Path.GetFileName(toneDirectory);
            tones.Add(tone);
            foreach (var file in Directory.GetFiles(toneDirectory, "*.liquid").Order(StringComparer.Ordinal))
            {
                if (!Parser.TryParse(File.ReadAllText(file), out var template, out var error))
                {
                    throw new InvalidDataException($"{file}: {error}");
                }

                templates[$"{tone}/{Path.GetFileNameWithoutExtension(file)}"] = template;
            }
        }

        var missing = requiredKeys.Where(k => !templates.ContainsKey($"{DefaultTone}/{k}")).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"The '{DefaultTone}' tone lacks templates for: {string.Join(", ", missing)} (add {Path.Combine(messages, DefaultTone)}/<key>.liquid).");
        }

        return new PromptLibrary(templates.ToFrozenDictionary(StringComparer.Ordinal), tones);
    }

    /// <summary>True when <paramref name="key"/> is worded (in the default tone at least).</summary>
    public bool Has(string key) => _templates.ContainsKey($"{DefaultTone}/{key}");

    /// <summary>
    /// Renders <paramref name="key"/> in <paramref name="tone"/> (falling back to the default tone). Blank lines
    /// collapse to one and surrounding space is trimmed, so templates can be laid out for reading.
    /// </summary>
    public string Render(string key, string tone, PromptModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!_templates.TryGetValue($"{tone}/{key}", out var template) && !_templates.TryGetValue($"{DefaultTone}/{key}", out template))
        {
            throw new KeyNotFoundException($"No template for message '{key}'.");
        }

        var text = template.Render(new TemplateContext(model, _options));
        text = TrailingSpace().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "\n");
        return BlankLines().Replace(text, "\n\n").Trim();
    }

    [GeneratedRegex(@"[ \t]+\n")]
    private static partial Regex TrailingSpace();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
