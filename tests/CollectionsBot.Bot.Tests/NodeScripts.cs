using System.Diagnostics;
using System.Text.Json;
using CollectionsBot.Bot.Tests.Channels.DirectLine;

namespace CollectionsBot.Bot.Tests;

/// <summary>Runs a script from tests/node (the official npm clients) with one JSON argument and parses its JSON output.</summary>
internal static class NodeScripts
{
    public static async Task<JsonElement> RunAsync(string script, string package, object argument)
    {
        var folder = DirectLineTestKit.NodeFolder();
        if (!File.Exists(Path.Combine(folder, "node_modules", package, "package.json")))
        {
            throw new InvalidOperationException($"npm {package} is not installed: run `npm ci` in {folder} (.ci/run does it).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(JsonSerializer.Serialize(argument));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start (is Node.js 20+ on the PATH?).");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{script} exited with {process.ExitCode}: {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
