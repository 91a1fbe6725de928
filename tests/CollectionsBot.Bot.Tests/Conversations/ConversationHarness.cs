using CollectionsBot.Bot.Dialogs;
using CollectionsBot.Bot.Hosting;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Payments;
using CollectionsBot.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CollectionsBot.Bot.Tests.Conversations;

/// <summary>Payment links recorded instead of created at a provider: the port's test double.</summary>
internal sealed class RecordingPaymentLinks : IPaymentLinks
{
    public List<PaymentLinkRequest> Requests { get; } = [];

    public string Provider => "recording";

    public Task<PaymentLink> CreateAsync(PaymentLinkRequest request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        return Task.FromResult(new PaymentLink(new Uri($"https://pay.test/{request.AttemptId:N}"), request.AttemptId, null));
    }
}

/// <summary>
/// The host's real services (dialogs, recognizer, guard, templates) on a real SQLite file, with a fake clock and the
/// payments port recorded. One debtor is seeded: Acme Manufacturing Inc. (ACME-001, postal code 60606) owing
/// Northwind Logistics $6,000.00 on two invoices, its AP contact Dana Whitfield on +13125550142 in Chicago.
/// </summary>
internal sealed class ConversationHarness : IAsyncDisposable
{
    public const string Phone = "+13125550142";

    /// <summary>Tuesday 2026-11-24 10:00 in Chicago (16:00 UTC).</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 16, 0, 0, TimeSpan.Zero);

    private WebApplication _app;
    private string[] _settings = [];

    private ConversationHarness(WebApplication app, string path, FakeTimeProvider clock, RecordingPaymentLinks links)
    {
        _app = app;
        DatabasePath = path;
        Clock = clock;
        PaymentLinks = links;
    }

    public string DatabasePath { get; }

    public FakeTimeProvider Clock { get; }

    public RecordingPaymentLinks PaymentLinks { get; }

    public Guid CaseId { get; private set; }

    public Guid ContactId { get; private set; }

    public ConversationEngine Engine => _app.Services.GetRequiredService<ConversationEngine>();

    public IServiceProvider Services => _app.Services;

    public static async Task<ConversationHarness> StartAsync(Action<Creditor>? configure = null, params string[] settings)
    {
        var path = Path.Combine(Path.GetTempPath(), "collectionsbot-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var clock = new FakeTimeProvider(Start);
        var links = new RecordingPaymentLinks();
        var harness = new ConversationHarness(await BuildAsync(path, clock, links, settings), path, clock, links) { _settings = settings };
        await harness.SeedAsync(configure);
        return harness;
    }

    /// <summary>Stops the host and starts a new one on the same database file: nothing in memory survives.</summary>
    public async Task RestartAsync()
    {
        await _app.DisposeAsync();
        _app = await BuildAsync(DatabasePath, Clock, PaymentLinks, _settings);
    }

    public ChatSession Sms(string from = Phone) => new(this, Channel.Sms, $"{from}|+18005550100", from);

    public ChatSession WebChat(string id) => new(this, Channel.WebChat, id, $"user-{id}");

    public async Task<T> WithDbAsync<T>(Func<CollectionsDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CollectionsDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DatabasePath + suffix);
        }
    }

    private static async Task<WebApplication> BuildAsync(string path, FakeTimeProvider clock, RecordingPaymentLinks links, string[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args =
            [
                "--environment=Testing",
                $"--ConnectionStrings:Collections=Data Source={path}",
                "--Logging:LogLevel:Default=Warning",
                "--Demo:SeedWhenEmpty=false",
                .. settings,
            ],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddCollectionsServices();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<IPaymentLinks>(links);
        var app = builder.Build();
        await app.PrepareDatabaseAsync(seedDemo: false, TestContext.Current.CancellationToken);
        return app;
    }

    private async Task SeedAsync(Action<Creditor>? configure)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();
        var at = Start.AddDays(-60);
        var creditor = new Creditor("Northwind Logistics", CreditorKind.FirstParty, "America/Chicago", at);
        configure?.Invoke(creditor);
        var debtor = new DebtorCompany(creditor.Id, "Acme Manufacturing Inc.", "ACME-001", at) { PostalCode = "60606" };
        var contact = debtor.AddContact("Dana Whitfield", Phone, "ap@acme-mfg.example", "America/Chicago", at);
        var collectionCase = new CollectionCase(debtor, at);
        db.AddRange(creditor, debtor, collectionCase);
        db.Invoices.Add(new Invoice(collectionCase, "INV-1001", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1), Money.Of(4000m, "USD"), Money.Of(4000m, "USD"), at));
        db.Invoices.Add(new Invoice(collectionCase, "INV-1002", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), Money.Of(2000m, "USD"), Money.Of(2000m, "USD"), at));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        CaseId = collectionCase.Id;
        ContactId = contact.Id;
    }
}

/// <summary>One debtor's side of a conversation on one channel; each message gets a fresh channel id unless given.</summary>
internal sealed class ChatSession(ConversationHarness harness, Channel channel, string threadId, string from)
{
    private int _sequence;

    public async Task<TurnResult> SendAsync(string text, string? externalId = null, bool verified = false, Guid? contactId = null)
    {
        var id = externalId ?? $"{threadId}#{Interlocked.Increment(ref _sequence)}";
        return await harness.Engine.HandleAsync(new InboundActivity(channel, threadId, from, text, id, contactId, verified), TestContext.Current.CancellationToken);
    }

    /// <summary>Sends, then checks the reply templates in order.</summary>
    public async Task<TurnResult> SayAsync(string text, params string[] expectedTemplates)
    {
        var result = await SendAsync(text);
        Assert.Equal(expectedTemplates, result.Replies.Select(r => r.TemplateKey));
        return result;
    }

    /// <summary>Sends the verification answer and checks it passed.</summary>
    public async Task VerifyAsync(params string[] thenTemplates)
    {
        await SayAsync("Acme Manufacturing, account ACME-001", ["verify.ok", .. thenTemplates]);
    }
}
