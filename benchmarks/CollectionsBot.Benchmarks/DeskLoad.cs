using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CollectionsBot.AgentDesk;
using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.AgentDesk.Hub;
using CollectionsBot.Bot.Channels.Sms;
using CollectionsBot.Core.Domain;
using CollectionsBot.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// Live delivery of the debtor's messages to the agent desk. The host runs as a second process (as in
/// <see cref="SmsLoad"/>) on a SQLite file holding a generated portfolio, desk users in the Agent role and SMS
/// conversations each held by one of them. Every agent signs in and holds a hub connection; signed Twilio webhooks
/// arrive at a fixed offered rate (open loop), each into a conversation some agent holds, with a body no other
/// message has, and the agent's client notes when the <c>DebtorMessage</c> push for it arrives. Reports, a rate at a
/// time: delivery latency from each message's scheduled send to the owning agent's receipt (queueing counts),
/// messages lost (not delivered within the timeout), the webhooks' own latency, and as a baseline in the same run a
/// hub round trip to the trivial <c>SetStatus</c> across the same connections at the same rate.
/// </summary>
public static class DeskLoad
{
    private const string Password = "desk-load-password-2026";

    /// <summary>What to run.</summary>
    /// <param name="Agents">Agents signed in and connected.</param>
    /// <param name="PerAgent">Conversations each agent holds.</param>
    /// <param name="Rates">Offered debtor messages a second, one phase each.</param>
    /// <param name="Seconds">Length of each phase.</param>
    /// <param name="BaselineSeconds">Length of each rate's baseline phase (hub round trips).</param>
    /// <param name="TimeoutSeconds">A message not delivered within this after its scheduled send counts as lost.</param>
    /// <param name="SignInParallelism">Sign-ins at once (each hashes a password on the host).</param>
    /// <param name="WorkFolder">Where the SQLite file goes.</param>
    public sealed record Settings(int Agents, int PerAgent, IReadOnlyList<int> Rates, double Seconds, double BaselineSeconds, double TimeoutSeconds, int SignInParallelism, string WorkFolder);

    /// <summary>Runs the load, prints the figures; 0 when every message reached its agent and the checks held, 1 otherwise.</summary>
    public static async Task<int> RunAsync(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Directory.CreateDirectory(settings.WorkFolder);
        var conversations = settings.Agents * settings.PerAgent;
        var database = await ImportDatabase.CreateAsync(settings.WorkFolder);
        await using var twilio = await FakeTwilioApi.StartAsync();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            await database.ImportAsync(PortfolioGenerator.Generate(Math.Max(conversations * 12, 1000)));
            var contacts = await database.ContactsAsync(conversations);
            var imported = stopwatch.Elapsed;
            var (emails, seats) = await PrepareDeskAsync(database, contacts, settings.Agents, settings.PerAgent);
            Console.WriteLine($"prepared: portfolio in {imported.TotalSeconds:N1} s ({contacts.Count} contacts with a phone); {emails.Count} agents and {seats.Count} conversations held by them in {(stopwatch.Elapsed - imported).TotalSeconds:N1} s");

            await using var host = await LoadHost.StartAsync(database.Path, twilio.BaseAddress);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(30) }) { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
            Console.WriteLine($"host pid {host.ProcessId} on {host.BaseUrl}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
            var agents = new List<Agent>();
            try
            {
                return await DriveAsync(settings, database, twilio, host, http, emails, seats, agents);
            }
            finally
            {
                // Before the host goes, as agents would leave.
                await Task.WhenAll(agents.Select(a => a.Hub.DisposeAsync().AsTask()));
            }
        }
        finally
        {
            database.Delete();
        }
    }

    private static async Task<int> DriveAsync(Settings settings, ImportDatabase database, FakeTwilioApi twilio, LoadHost host, HttpClient http, List<string> emails, List<Seat> seats, List<Agent> agents)
    {
        var tracker = new Deliveries();
        await SignInAndConnectAsync(host.BaseUrl, emails, settings.SignInParallelism, tracker, agents);
        var failures = await CheckHoldingAsync(agents, seats, "before the run");

        // Warm-up, not counted: a message into every conversation (every agent receives), and hub round trips.
        var sender = new Sender(host, http, seats, tracker, TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var warmRate = Math.Min(100, settings.Rates.Max());
        var warm = await sender.RunAsync("warm", warmRate, TimeSpan.FromSeconds(Math.Max(5, (double)seats.Count / warmRate)));
        Console.WriteLine($"warm-up (not counted): {warm.Sent} messages at {warmRate}/s, delivered {warm.Delivered}, lost {warm.Lost}");
        failures += warm.Lost + warm.Misdelivered;
        await BaselineAsync(agents, warmRate, TimeSpan.FromSeconds(3));
        var idleCpu = host.CpuTime;
        await Task.Delay(TimeSpan.FromSeconds(3));
        Console.WriteLine($"host idle with {agents.Count} connections: {(host.CpuTime - idleCpu).TotalSeconds / 3:P0} of one core");

        foreach (var rate in settings.Rates)
        {
            Console.WriteLine();
            Console.WriteLine($"== {rate} messages/s for {settings.Seconds:N0} s, {agents.Count} agents connected, {seats.Count} conversations; load average {LoadAverage()}");
            var baseline = await BaselineAsync(agents, rate, TimeSpan.FromSeconds(settings.BaselineSeconds));
            Console.WriteLine($"baseline, hub round trip SetStatus: {baseline.Count} at {rate}/s over {agents.Count} connections; {Summary(baseline.Latencies)}; failed {baseline.Failed}");

            var hostCpu = host.CpuTime;
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var phase = await sender.RunAsync($"r{rate}", rate, TimeSpan.FromSeconds(settings.Seconds));
            var hostUsed = host.CpuTime - hostCpu;
            var ownUsed = Process.GetCurrentProcess().TotalProcessorTime - ownCpu;
            failures += phase.Lost + phase.Misdelivered + phase.HttpFailed;
            Console.WriteLine($"webhooks: {phase.Sent} sent in {phase.Elapsed.TotalSeconds:N1} s ({phase.Sent / phase.Elapsed.TotalSeconds:N0}/s), not 200: {phase.HttpFailed}; from scheduled send to 200: {Summary(phase.Http)}");
            Console.WriteLine($"delivery to the owning agent: delivered {phase.Delivered} of {phase.Sent}, lost {phase.Lost} (of which late {phase.Late}), to another agent {phase.Misdelivered}; from scheduled send to receipt: {Summary(phase.Delivery)}");
            Console.WriteLine($"sender's lag behind schedule: {Summary(phase.Lag)}");
            Console.WriteLine($"CPU a message: host {hostUsed.TotalMilliseconds / Math.Max(1, phase.Sent):N2} ms ({hostUsed.TotalSeconds / phase.Elapsed.TotalSeconds:P0} of one core), this process {ownUsed.TotalMilliseconds / Math.Max(1, phase.Sent):N2} ms ({ownUsed.TotalSeconds / phase.Elapsed.TotalSeconds:P0}); load average {LoadAverage()}");
        }

        Console.WriteLine();
        failures += await CheckHoldingAsync(agents, seats, "after the run");
        failures += await CheckDatabaseAsync(database, seats.Count, sender.TotalSent, twilio.Received);
        Console.WriteLine($"pushes for no message of this run: {tracker.Unknown}; received twice: {tracker.Duplicates}; connections closed during the run: {agents.Count(a => a.Closed)}");
        failures += tracker.Unknown + tracker.Duplicates + agents.Count(a => a.Closed);
        Console.WriteLine(failures == 0 ? "every check held" : $"{failures} checks or messages failed");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// Desk users in the Agent role (through Identity's UserManager, as the host creates them) and conversations on
    /// SMS, each handed off and claimed by one of them, with a contact's number the load writes from. Returns the
    /// agents' emails and the conversations (an agent's index, the debtor's number, ours).
    /// </summary>
    private static async Task<(List<string> Emails, List<Seat> Seats)> PrepareDeskAsync(ImportDatabase database, List<LoadContact> contacts, int agentCount, int perAgent)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<CollectionsDbContext, SqliteCollectionsDbContext>(o => o.UseSqlite(database.ConnectionString));
        services.AddDeskAccounts();
        services.AddScoped<DemoDeskUsers>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoDeskUsers>().EnsureRolesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
        var db = scope.ServiceProvider.GetRequiredService<CollectionsDbContext>();

        // One hash for all: hashing is deliberately slow, and the agents may share a password here. Signing in still
        // verifies it for each agent on the host.
        var hash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<DeskUser>>().HashPassword(new DeskUser(), Password);
        var emails = new List<string>();
        var ids = new List<string>();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            for (var i = 0; i < agentCount; i++)
            {
                var email = $"agent{i + 1:D4}@desk.example";
                var user = new DeskUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Agent {i + 1:D4}", MaxConversations = Math.Max(50, perAgent), PasswordHash = hash };
                Require(await users.CreateAsync(user), email);
                Require(await users.AddToRoleAsync(user, DeskRoles.Agent), email);
                emails.Add(email);
                ids.Add(user.Id);
            }

            await transaction.CommitAsync();
        }

        var caseOf = (await db.Cases.AsNoTracking().Select(c => new { c.Id, c.DebtorId, c.OpenedAt }).ToListAsync())
            .GroupBy(c => c.DebtorId).ToDictionary(g => g.Key, g => g.MaxBy(c => c.OpenedAt)!.Id);
        var now = DateTimeOffset.UtcNow;
        var seats = new List<Seat>();
        for (var j = 0; j < agentCount * perAgent; j++)
        {
            // Conversation j is held by agent j mod agents; a contact writes from their number to ours, and again to
            // another of our numbers (a new thread) when there are fewer contacts than conversations.
            var agent = j % agentCount;
            var contact = contacts[j % contacts.Count];
            var lap = j / contacts.Count;
            var to = lap == 0 ? LoadHost.OurNumber : $"+1800555{100 + lap:D4}";
            var from = Normalize(contact.Phone);
            var conversation = new Conversation(caseOf[contact.DebtorId], contact.ContactId, Channel.Sms, SmsThreads.Key(from, Normalize(to)), now, from);
            conversation.HandOff(HandoffReason.HumanRequested, "Load run: the debtor asked for a person.", now);
            conversation.Claim(ids[agent]);
            db.Conversations.Add(conversation);
            seats.Add(new Seat(conversation.Id, agent, contact.Phone, to));
        }

        await db.SaveChangesAsync();
        return (emails, seats);

        // As the webhook reads the numbers (Twilio:DefaultRegion is US).
        static string Normalize(string phone) => PhoneNumbersE164.TryNormalize(phone, "US", out _) ?? phone.Trim();
    }

    private static async Task SignInAndConnectAsync(string baseUrl, List<string> emails, int parallelism, Deliveries tracker, List<Agent> agents)
    {
        var cookies = new CookieContainer[emails.Count];
        var signIns = new List<double>();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, emails.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var jar = new CookieContainer();
            using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = jar, UseCookies = true }) { BaseAddress = new Uri(baseUrl) };
            using var response = await http.PostAsJsonAsync("/api/desk/session", new DeskAccounts.SignInRequest(emails[i], Password), ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Sign-in of {emails[i]} answered {(int)response.StatusCode}.");
            }

            cookies[i] = jar;
            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lock (signIns)
            {
                signIns.Add(took);
            }
        });
        Console.WriteLine($"signed in {emails.Count} agents in {stopwatch.Elapsed.TotalSeconds:N1} s, {parallelism} at a time ({emails.Count / stopwatch.Elapsed.TotalSeconds:N0}/s); a sign-in: {Summary(signIns)}");

        var connecting = new List<double>();
        stopwatch.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(0, emails.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(new Uri(baseUrl), AgentDeskAssembly.HubPath), options => options.Cookies = cookies[i])
                .Build();
            var agent = new Agent(i, hub);
            lock (agents)
            {
                agents.Add(agent);
            }

            hub.On<DeskMessage>(nameof(IAgentDeskClient.DebtorMessage), message => tracker.Received(message, i));
            hub.Closed += _ =>
            {
                agent.Closed = true;
                return Task.CompletedTask;
            };
            await hub.StartAsync(ct);
            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            lock (connecting)
            {
                connecting.Add(took);
            }
        });
        Console.WriteLine($"connected {agents.Count} hub connections to {AgentDeskAssembly.HubPath} in {stopwatch.Elapsed.TotalSeconds:N1} s, 16 at a time; a connection: {Summary(connecting)}");
    }

    /// <summary>Each agent asks the hub which conversations it holds (GetMine): exactly its own. Returns the mismatches.</summary>
    private static async Task<int> CheckHoldingAsync(List<Agent> agents, List<Seat> seats, string when)
    {
        var expected = seats.ToLookup(s => s.Agent, s => s.ConversationId);
        var wrong = 0;
        var held = 0;
        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (agent, ct) =>
        {
            var mine = await agent.Hub.InvokeAsync<IReadOnlyList<Guid>>("GetMine", ct);
            Interlocked.Add(ref held, mine.Count);
            if (!mine.ToHashSet().SetEquals(expected[agent.Index]))
            {
                Interlocked.Increment(ref wrong);
            }
        });
        Console.WriteLine($"{when}: the agents hold {held} conversations by GetMine (expected {seats.Count}); agents holding other than their own: {wrong}");
        return wrong + Math.Abs(held - seats.Count);
    }

    /// <summary>
    /// The database after the run: every conversation still held by its agent, no other conversation started, every
    /// message recorded once, and nothing sent to the debtors (the bot stays silent where people hold).
    /// </summary>
    private static async Task<int> CheckDatabaseAsync(ImportDatabase database, int conversations, int sent, int twilioReceived)
    {
        await using var db = database.NewContext();
        var all = await db.Conversations.CountAsync();
        var held = await db.Conversations.CountAsync(c => c.Owner == ConversationOwner.Agent && c.AgentId != null);
        var inbound = await db.Messages.CountAsync(m => m.Direction == MessageDirection.Inbound);
        var outbound = await db.Messages.CountAsync(m => m.Direction == MessageDirection.Outbound);
        Console.WriteLine($"database: {held} of {all} conversations held by agents (expected {conversations} of {conversations}); {inbound} inbound messages recorded (sent {sent}); {outbound} outbound; the fake Twilio received {twilioReceived}");
        return (all - conversations) + (conversations - held) + Math.Abs(inbound - sent) + outbound + twilioReceived == 0 ? 0 : 1;
    }

    private static async Task<(int Count, int Failed, List<double> Latencies)> BaselineAsync(List<Agent> agents, int rate, TimeSpan duration)
    {
        var latencies = new List<double>();
        var failed = 0;
        await OpenLoop.RunAsync(duration, rate, async (i, due) =>
        {
            try
            {
                await agents[i % agents.Count].Hub.InvokeAsync("SetStatus", "available");
                var latency = OpenLoop.Milliseconds(due, Stopwatch.GetTimestamp());
                lock (latencies)
                {
                    latencies.Add(latency);
                }
            }
            catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException)
            {
                Interlocked.Increment(ref failed);
            }
        });
        return (latencies.Count, failed, latencies);
    }

    private static string Summary(List<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return "none";
        }

        var sorted = milliseconds.Order().ToList();
        double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.50):N1} ms, p90 {At(0.90):N1} ms, p99 {At(0.99):N1} ms, max {sorted[^1]:N1} ms");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static void Require(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    /// <summary>A conversation of the run: who holds it, and the numbers the debtor writes from and to.</summary>
    private sealed record Seat(Guid ConversationId, int Agent, string From, string To);

    /// <summary>An agent's client.</summary>
    private sealed class Agent(int index, HubConnection hub)
    {
        public int Index { get; } = index;

        public HubConnection Hub { get; } = hub;

        public bool Closed { get; set; }
    }

    /// <summary>One debtor message of the run: when it was due, sent, answered and received, in Stopwatch ticks.</summary>
    private sealed class Sent(int agent, long due)
    {
        public int Agent { get; } = agent;

        public long Due { get; } = due;

        public long Started;

        public long Answered;

        public long Received;

        public int Status;
    }

    /// <summary>The messages of the run by their body, which no two share; every agent's client reports its pushes here.</summary>
    private sealed class Deliveries
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Sent> _sent = new(StringComparer.Ordinal);
        private int _unknown;
        private int _misdelivered;
        private int _duplicates;

        public int Unknown => Volatile.Read(ref _unknown);

        public int Misdelivered => Volatile.Read(ref _misdelivered);

        public int Duplicates => Volatile.Read(ref _duplicates);

        public Sent Expect(string body, int agent, long due)
        {
            var sent = new Sent(agent, due);
            if (!_sent.TryAdd(body, sent))
            {
                throw new InvalidOperationException($"Two messages with one body: {body}");
            }

            return sent;
        }

        public void Received(DeskMessage message, int agent)
        {
            var now = Stopwatch.GetTimestamp();
            if (!_sent.TryGetValue(message.Body, out var sent))
            {
                Interlocked.Increment(ref _unknown);
            }
            else if (sent.Agent != agent)
            {
                Interlocked.Increment(ref _misdelivered);
            }
            else if (Interlocked.CompareExchange(ref sent.Received, now, 0) != 0)
            {
                Interlocked.Increment(ref _duplicates);
            }
        }
    }

    private sealed record Phase(int Sent, TimeSpan Elapsed, int Delivered, int Lost, int Late, int Misdelivered, int HttpFailed, List<double> Delivery, List<double> Http, List<double> Lag);

    /// <summary>Sends the debtors' messages round the conversations, at a fixed rate, and waits for their delivery.</summary>
    private sealed class Sender(LoadHost host, HttpClient http, List<Seat> seats, Deliveries tracker, TimeSpan timeout)
    {
        private int _next;
        private int _sid;

        public int TotalSent => Volatile.Read(ref _sid);

        public async Task<Phase> RunAsync(string tag, int rate, TimeSpan duration)
        {
            var all = new Sent[(int)(duration.TotalSeconds * rate)];
            var misdelivered = tracker.Misdelivered;
            var elapsed = await OpenLoop.RunAsync(duration, rate, async (i, due) =>
            {
                var seat = seats[Interlocked.Increment(ref _next) % seats.Count];
                var body = $"Load {tag}.{i:D6}: about the open invoices, can we talk on Friday afternoon?";
                var sent = all[i] = tracker.Expect(body, seat.Agent, due);
                sent.Started = Stopwatch.GetTimestamp();
                using var request = host.SignedSms($"SM{Interlocked.Increment(ref _sid):D32}", seat.From, seat.To, body);
                try
                {
                    using var response = await http.SendAsync(request);
                    sent.Status = (int)response.StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    sent.Status = -1;
                }

                sent.Answered = Stopwatch.GetTimestamp();
            });

            // Wait for what is still on its way, up to the timeout after the last message was due.
            var limit = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            var deadline = all.Max(s => s.Due) + limit;
            while (all.Any(s => Volatile.Read(ref s.Received) == 0) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(20);
            }

            var delivered = all.Where(s => s.Received != 0 && s.Received - s.Due <= limit).ToList();
            var late = all.Count(s => s.Received != 0 && s.Received - s.Due > limit);
            return new Phase(
                all.Length,
                elapsed,
                delivered.Count,
                all.Length - delivered.Count,
                late,
                tracker.Misdelivered - misdelivered,
                all.Count(s => s.Status != (int)HttpStatusCode.OK),
                [.. delivered.Select(s => OpenLoop.Milliseconds(s.Due, s.Received))],
                [.. all.Select(s => OpenLoop.Milliseconds(s.Due, s.Answered))],
                [.. all.Select(s => OpenLoop.Milliseconds(s.Due, s.Started))]);
        }
    }
}
