using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CollectionsBot.Bot.Tests.Channels.DirectLine;

/// <summary>What the Direct Line tests share: the secret, token helpers and the official node client.</summary>
internal static class DirectLineTestKit
{
    public const string DirectLineSecret = "test-directline-secret-0123456789";

    public static string SecretSetting => $"--DirectLine:Secret={DirectLineSecret}";

    public static HttpRequestMessage Request(HttpMethod method, string path, string? bearer, object? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, string? bearer, object? json = null)
    {
        using var request = Request(method, path, bearer, json);
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A token from the page's own endpoint (optionally for a signed contact link).</summary>
    public static async Task<(string ConversationId, string Token)> PageTokenAsync(HttpClient client, string? link = null)
    {
        using var response = await client.PostAsJsonAsync("/api/webchat/token", link is null ? new { } : (object)new { link }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!);
    }

    /// <summary>Posts a message and returns its activity id.</summary>
    public static async Task<string> PostMessageAsync(HttpClient client, string conversationId, string token, string text, string? clientId = null)
    {
        var (response, body) = await SendAsync(client, HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token,
            new { type = "message", text, from = new { id = "user" }, channelData = new { clientActivityID = clientId ?? Guid.NewGuid().ToString("N") } });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>The conversation's activities after a watermark.</summary>
    public static async Task<(List<JsonElement> Activities, string Watermark)> ActivitiesAsync(HttpClient client, string conversationId, string token, string watermark = "")
    {
        var (response, body) = await SendAsync(client, HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return ([.. body.GetProperty("activities").EnumerateArray()], body.GetProperty("watermark").GetString()!);
    }

    public static string? Text(JsonElement activity) => activity.TryGetProperty("text", out var text) ? text.GetString() : null;

    public static string Role(JsonElement activity) => activity.GetProperty("from").GetProperty("role").GetString()!;

    /// <summary>The repository's tests/node folder, with its packages installed.</summary>
    public static string NodeFolder()
    {
        var folder = FindUp(Path.Combine("tests", "node", "package.json")) is { } found ? Path.GetDirectoryName(found)! : throw new InvalidOperationException("tests/node/package.json was not found above the test binary.");
        if (!File.Exists(Path.Combine(folder, "node_modules", "botframework-directlinejs", "package.json")) || !File.Exists(Path.Combine(folder, "node_modules", "ws", "package.json")))
        {
            throw new InvalidOperationException($"The node test packages are not installed: run `npm ci` in {folder} (Node.js 20 or later; .ci/run does it).");
        }

        return folder;
    }

    /// <summary>Runs tests/node/directline-client.js (the official botframework-directlinejs client) and returns its report.</summary>
    public static Task<JsonElement> RunNodeClientAsync(object options) => NodeScripts.RunAsync("directline-client.js", "botframework-directlinejs", options);

    public static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
