using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CollectionsBot.Bot.Dialogs.Engine;

/// <summary>One dialog on the stack with its serialized state.</summary>
public sealed class DialogFrame
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The dialog's id.</summary>
    public string DialogId { get; set; } = "";

    /// <summary>Its state.</summary>
    public JsonElement State { get; set; }

    internal T Read<T>()
        where T : class, new() =>
        State.ValueKind == JsonValueKind.Object ? State.Deserialize<T>(Json) ?? new T() : new T();
}

/// <summary>The bot's memory of a conversation between turns, stored on the conversation row.</summary>
public sealed class DialogMemory
{
    /// <summary>Active dialogs, bottom first.</summary>
    public List<DialogFrame> Frames { get; set; } = [];

    /// <summary>Messages in a row the bot did not understand.</summary>
    public int Misunderstood { get; set; }

    /// <summary>Abusive messages so far (the first gets a calm reply, the next a person).</summary>
    public int AbusiveCount { get; set; }

    /// <summary>Whether the bot has offered a person after not understanding, and waits for yes or no.</summary>
    public bool OfferedPerson { get; set; }

    /// <summary>The top frame, or null.</summary>
    [JsonIgnore]
    public DialogFrame? Top => Frames.Count == 0 ? null : Frames[^1];

    internal string Serialize() => JsonSerializer.Serialize(this, DialogFrame.Json);

    internal static DialogMemory Deserialize(string json) =>
        string.IsNullOrEmpty(json) ? new DialogMemory() : JsonSerializer.Deserialize<DialogMemory>(json, DialogFrame.Json) ?? new DialogMemory();
}

/// <summary>Every dialog the bot knows, and a hash of their ids and versions that is stored with each stack.</summary>
public sealed class DialogSet
{
    private readonly Dictionary<string, Dialog> _dialogs;

    /// <summary>Registers the dialogs.</summary>
    public DialogSet(IEnumerable<Dialog> dialogs)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        _dialogs = dialogs.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var definition = string.Join(";", _dialogs.Values.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => $"{d.Id}:{d.Version}"));
        VersionHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(definition)))[..16];
    }

    /// <summary>Changes whenever a dialog is added, removed or re-versioned.</summary>
    public string VersionHash { get; }

    /// <summary>The dialog with <paramref name="id"/>.</summary>
    public Dialog Get(string id) => _dialogs.TryGetValue(id, out var dialog) ? dialog : throw new KeyNotFoundException($"No dialog '{id}'.");
}
