using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using CollectionsBot.AgentDesk;
using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.AgentDesk.Hub;
using Microsoft.AspNetCore.SignalR.Client;

namespace CollectionsBot.Bot.Tests.Desk;

/// <summary>A person at the desk: signed in over HTTP with the cookie, connected to the hub with the official .NET client.</summary>
internal sealed class DeskAgent : IAsyncDisposable
{
    private DeskAgent(HttpClient http, CookieContainer cookies, HubConnection hub)
    {
        Http = http;
        Cookies = cookies;
        Hub = hub;
        hub.On<QueueItem>(nameof(IAgentDeskClient.Waiting), item => Waiting.Writer.TryWrite(item));
        hub.On<Guid, string>(nameof(IAgentDeskClient.Taken), (id, name) => Taken.Writer.TryWrite((id, name)));
        hub.On<DeskMessage>(nameof(IAgentDeskClient.DebtorMessage), message => DebtorMessages.Writer.TryWrite(message));
        hub.On<Guid, string>(nameof(IAgentDeskClient.Transferred), (id, from) => Transferred.Writer.TryWrite((id, from)));
        hub.On<ApprovalView>(nameof(IAgentDeskClient.ApprovalRequested), approval => ApprovalsRequested.Writer.TryWrite(approval));
        hub.On<ApprovalView>(nameof(IAgentDeskClient.ApprovalDecided), approval => ApprovalsDecided.Writer.TryWrite(approval));
        hub.On<QueueItem>(nameof(IAgentDeskClient.Assigned), item => Assigned.Writer.TryWrite(item));
        hub.On<Guid>(nameof(IAgentDeskClient.DebtorTyping), id => DebtorTyping.Writer.TryWrite(id));
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    public HubConnection Hub { get; }

    public Channel<QueueItem> Waiting { get; } = Channel.CreateUnbounded<QueueItem>();

    public Channel<(Guid Id, string Name)> Taken { get; } = Channel.CreateUnbounded<(Guid, string)>();

    public Channel<DeskMessage> DebtorMessages { get; } = Channel.CreateUnbounded<DeskMessage>();

    public Channel<(Guid Id, string From)> Transferred { get; } = Channel.CreateUnbounded<(Guid, string)>();

    public Channel<ApprovalView> ApprovalsRequested { get; } = Channel.CreateUnbounded<ApprovalView>();

    public Channel<ApprovalView> ApprovalsDecided { get; } = Channel.CreateUnbounded<ApprovalView>();

    public Channel<QueueItem> Assigned { get; } = Channel.CreateUnbounded<QueueItem>();

    public Channel<Guid> DebtorTyping { get; } = Channel.CreateUnbounded<Guid>();

    /// <summary>Signs in and connects; throws when either is refused.</summary>
    public static async Task<DeskAgent> ConnectAsync(Uri host, string email, string password = DemoDeskUsers.DemoPassword)
    {
        var (http, cookies) = await SignInAsync(host, email, password);
        var hub = Connection(host, cookies);
        await hub.StartAsync(TestContext.Current.CancellationToken);
        return new DeskAgent(http, cookies, hub);
    }

    public static async Task<(HttpClient Http, CookieContainer Cookies)> SignInAsync(Uri host, string email, string password = DemoDeskUsers.DemoPassword)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = host };
        using var response = await http.PostAsJsonAsync("/api/desk/session", new DeskAccounts.SignInRequest(email, password), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (http, cookies);
    }

    /// <summary>A hub connection carrying <paramref name="cookies"/> (none: anonymous).</summary>
    public static HubConnection Connection(Uri host, CookieContainer? cookies) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(host, AgentDeskAssembly.HubPath), options =>
            {
                if (cookies is not null)
                {
                    options.Cookies = cookies;
                }
            })
            .Build();

    /// <summary>The next item from <paramref name="channel"/>, or a failure after <paramref name="seconds"/>.</summary>
    public static async Task<T> NextAsync<T>(Channel<T> channel, double seconds = 15)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(seconds));
        return await channel.Reader.ReadAsync(cancel.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        Http.Dispose();
    }
}
