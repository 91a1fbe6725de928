using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CollectionsBot.Bot.Tests.Understanding.Llm;

/// <summary>A chat completions request as the fake server saw it.</summary>
internal sealed record ChatRequest(string? Authorization, JsonElement Body)
{
    public string Model => Body.GetProperty("model").GetString()!;

    public string SystemPrompt => Message("system");

    public string UserMessage => Message("user");

    private string Message(string role) =>
        Body.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == role).GetProperty("content").GetString()!;
}

/// <summary>
/// An OpenAI-compatible server on real Kestrel at 127.0.0.1: <c>POST /v1/chat/completions</c> (non-streaming) answers
/// however the test scripted it (<see cref="Reply"/>) and records every request.
/// </summary>
internal sealed class FakeChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ChatRequest> _arrivals = Channel.CreateUnbounded<ChatRequest>();
    private readonly ConcurrentQueue<ChatRequest> _requests = new();
    private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeChatServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Base URL to configure as Llm:Endpoint (ends in /v1).</summary>
    public Uri Endpoint { get; }

    /// <summary>What the next requests get; the assistant's content "{}" until a test says otherwise.</summary>
    public FakeReply Reply { get; set; } = FakeReply.Content("{}");

    /// <summary>Every request received so far.</summary>
    public IReadOnlyList<ChatRequest> Requests => [.. _requests];

    public static async Task<FakeChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeChatServer? server = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) => server!.HandleAsync(context));
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new FakeChatServer(app, new Uri($"{address}/v1"));
        return server;
    }

    /// <summary>Waits for the next request to arrive.</summary>
    public async Task<ChatRequest> NextRequestAsync() =>
        await _arrivals.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
        var request = new ChatRequest(context.Request.Headers.Authorization.ToString(), body);
        _requests.Enqueue(request);
        _arrivals.Writer.TryWrite(request);

        switch (Reply)
        {
            case FakeReply.WithContent reply:
                await context.Response.WriteAsJsonAsync(Completion(request.Model, reply.Text), context.RequestAborted);
                break;
            case FakeReply.WithStatus reply:
                context.Response.StatusCode = reply.StatusCode;
                await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error" } }, context.RequestAborted);
                break;
            case FakeReply.WithBody reply:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(reply.Raw, context.RequestAborted);
                break;
            case FakeReply.Hanging:
                // Answers only when the client gives up (or the server stops): the client's timeout must end the call.
                try
                {
                    await _stopping.Task.WaitAsync(context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                break;
        }
    }

    private static object Completion(string model, string content) => new
    {
        id = "chatcmpl-fake-1",
        @object = "chat.completion",
        created = 1_773_136_800,
        model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
        usage = new { prompt_tokens = 42, completion_tokens = 9, total_tokens = 51 },
    };

    public async ValueTask DisposeAsync()
    {
        _stopping.TrySetResult();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>How the fake server answers.</summary>
internal abstract record FakeReply
{
    /// <summary>200 with a chat completion whose assistant content is <paramref name="text"/>.</summary>
    public static FakeReply Content(string text) => new WithContent(text);

    /// <summary>An error status with an OpenAI-style error body.</summary>
    public static FakeReply Status(int statusCode) => new WithStatus(statusCode);

    /// <summary>200 with this raw body, chat completion or not.</summary>
    public static FakeReply RawBody(string body) => new WithBody(body);

    /// <summary>No answer until the client gives up.</summary>
    public static FakeReply Hang { get; } = new Hanging();

    internal sealed record WithContent(string Text) : FakeReply;

    internal sealed record WithStatus(int StatusCode) : FakeReply;

    internal sealed record WithBody(string Raw) : FakeReply;

    internal sealed record Hanging : FakeReply;
}
