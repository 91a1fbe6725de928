using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using CollectionsBot.Bot.Channels.Sms;
using CollectionsBot.Core.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CollectionsBot.Benchmarks;

/// <summary>
/// The least an SMS webhook turn can cost on this machine and stack, as a second process the SMS load drives like the
/// host (<c>sms --floor</c>): what the issue asks of every inbound text and nothing the bot adds. Kestrel on loopback
/// (the slim builder: no middleware) with a trivial <c>/livez</c>; the webhook reads the signed form as the host does
/// (<see cref="TwilioWebhooks.ReadSignedAsync"/>), normalizes both numbers, looks for the MessageSid and the
/// thread's conversation, and writes in one commit the inbound message, one fixed reply, one audit event and the
/// conversation's last activity, through statements compiled once, on the product's own schema (the file the host
/// would use, with its indexes); it answers empty TwiML and then sends the reply to Twilio's REST API (form post,
/// basic auth) and records the send (the message's SID and status, one audit event), sends that arrive while a
/// commit is written sharing the next. No language understanding, dialogs, compliance rules, wording or object
/// mapping.
/// </summary>
public static class FloorHost
{
    private const string Reply = "Thanks for your message. Before I share any account details, please tell me your company name and account reference.";

    /// <summary>Runs it until the process is killed: <c>floor-host --urls URL --db FILE --twilio URL</c>.</summary>
    public static async Task RunAsync(string urls, string databasePath, Uri twilio)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        using var store = new Store($"Data Source={databasePath}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = twilio };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{LoadHost.AccountSid}:{LoadHost.AuthToken}")));
        var messagesPath = $"2010-04-01/Accounts/{LoadHost.AccountSid}/Messages.json";

        app.MapGet("/livez", () => Results.Text("ok"));
        app.MapGet("/healthz", () => Results.Text("ok"));
        var twilioOptions = new TwilioOptions { AccountSid = LoadHost.AccountSid, AuthToken = LoadHost.AuthToken, PublicBaseUrl = urls };
        app.MapPost(TwilioWebhooks.SmsPath, async (HttpContext context) =>
        {
            var (form, refusal) = await TwilioWebhooks.ReadSignedAsync(context, twilioOptions, NullLoggerFactory.Instance, context.RequestAborted);
            if (refusal is not null)
            {
                return refusal;
            }

            var sid = form!["MessageSid"].ToString();
            var from = PhoneNumbersE164.TryNormalize(form["From"].ToString(), twilioOptions.DefaultRegion, out _) ?? "";
            var to = PhoneNumbersE164.TryNormalize(form["To"].ToString(), twilioOptions.DefaultRegion, out _) ?? "";
            var reply = store.Turn($"{from}|{to}", from, sid, form["Body"].ToString());
            if (reply is { } id)
            {
                _ = Task.Run(async () =>
                {
                    using var content = new FormUrlEncodedContent([new("To", from), new("From", to), new("Body", Reply), new("StatusCallback", $"{urls}{TwilioWebhooks.StatusPath}?m={id:N}")]);
                    using var response = await http.PostAsync(messagesPath, content);
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    store.Sent(id, json.RootElement.GetProperty("sid").GetString() ?? "");
                });
            }

            return Results.Content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", "text/xml");
        });

        await app.RunAsync();
    }

    /// <summary>The turn's reads and writes: readers from a pool, one writer behind a lock, statements compiled once.</summary>
    private sealed class Store : IDisposable
    {
        private readonly string _connectionString;
        private readonly ConcurrentBag<Reader> _readers = [];
        private readonly Lock _writing = new();
        private readonly SqliteConnection _writer;
        private readonly SqliteCommand _begin;
        private readonly SqliteCommand _commit;
        private readonly SqliteCommand _insertConversation;
        private readonly SqliteCommand _insertMessage;
        private readonly SqliteCommand _insertAudit;
        private readonly SqliteCommand _touchConversation;
        private readonly SqliteCommand _markSent;
        private readonly ConcurrentQueue<(Guid Message, string Sid)> _sent = new();
        private int _recording;

        public Store(string connectionString)
        {
            _connectionString = connectionString;
            _writer = Open();
            _begin = Prepare(_writer, "BEGIN");
            _commit = Prepare(_writer, "COMMIT");
            _insertConversation = Prepare(_writer, "INSERT INTO Conversations (Id, Channel, ChannelConversationId, Owner, IsVerified, StartedAt, LastActivityAt, Version, Address, DialogState, DialogVersion) VALUES ($id, 'Sms', $thread, 'Bot', 0, $now, $now, 0, $address, '', '')", "$id", "$thread", "$now", "$address");
            _insertMessage = Prepare(_writer, "INSERT INTO Messages (Id, ConversationId, Channel, Direction, Sender, Body, ExternalId, Status, CreatedAt, StatusChangedAt, InReplyToId, Purpose) VALUES ($id, $conversation, 'Sms', $direction, $sender, $body, $external, $status, $now, $now, $inReplyTo, $purpose)", "$id", "$conversation", "$direction", "$sender", "$body", "$external", "$status", "$now", "$inReplyTo", "$purpose");
            _insertAudit = Prepare(_writer, "INSERT INTO AuditEvents (OccurredAt, Actor, Action, EntityType, EntityId, Data) VALUES ($now, 'bot', $action, 'Message', $entity, $data)", "$now", "$action", "$entity", "$data");
            _touchConversation = Prepare(_writer, "UPDATE Conversations SET LastActivityAt = $now, Version = Version + 1 WHERE Id = $id", "$now", "$id");
            _markSent = Prepare(_writer, "UPDATE Messages SET ExternalId = $external, Status = 'Sent', StatusChangedAt = $now WHERE Id = $id", "$external", "$now", "$id");
        }

        /// <summary>Records the inbound text and its reply; returns the reply's id, or null for a MessageSid seen before.</summary>
        public Guid? Turn(string thread, string address, string sid, string body)
        {
            if (!_readers.TryTake(out var reader))
            {
                reader = new Reader(Open());
            }

            string? conversation;
            try
            {
                if (reader.Seen(sid))
                {
                    return null;
                }

                conversation = reader.Conversation(thread);
            }
            finally
            {
                _readers.Add(reader);
            }

            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var inbound = Guid.CreateVersion7();
            var reply = Guid.CreateVersion7();
            lock (_writing)
            {
                _begin.ExecuteNonQuery();
                try
                {
                    if (conversation is null)
                    {
                        conversation = Guid.CreateVersion7().ToString().ToUpperInvariant();
                        Run(_insertConversation, conversation, thread, now, address);
                    }

                    Run(_insertMessage, Text(inbound), conversation, "Inbound", "Contact", body, sid, "Received", now, null, "Inbound");
                    Run(_insertMessage, Text(reply), conversation, "Outbound", "Bot", Reply, null, "Queued", now, Text(inbound), "Reply");
                    Run(_insertAudit, now, "message.queued", Text(reply), "{\"verdict\":\"Allow\"}");
                    Run(_touchConversation, now, conversation);
                    _commit.ExecuteNonQuery();
                }
                catch
                {
                    Rollback();
                    throw;
                }
            }

            return reply;
        }

        /// <summary>
        /// Records a reply handed to Twilio: the sends that arrive while one commit is written share the next (the
        /// host's dispatcher records a pass's sends together, and its group commit lets them join the turns').
        /// </summary>
        public void Sent(Guid message, string sid)
        {
            _sent.Enqueue((message, sid));

            // Whoever finds nobody recording records; one stepping down looks once more, as the group commit does.
            while (!_sent.IsEmpty && Interlocked.CompareExchange(ref _recording, 1, 0) == 0)
            {
                try
                {
                    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    lock (_writing)
                    {
                        _begin.ExecuteNonQuery();
                        try
                        {
                            while (_sent.TryDequeue(out var sent))
                            {
                                Run(_markSent, sent.Sid, now, Text(sent.Message));
                                Run(_insertAudit, now, "message.sent", Text(sent.Message), "{\"channel\":\"Sms\"}");
                            }

                            _commit.ExecuteNonQuery();
                        }
                        catch
                        {
                            Rollback();
                            throw;
                        }
                    }
                }
                finally
                {
                    Interlocked.Exchange(ref _recording, 0);
                }
            }
        }

        public void Dispose()
        {
            while (_readers.TryTake(out var reader))
            {
                reader.Connection.Dispose();
            }

            _writer.Dispose();
        }

        private static string Text(Guid id) => id.ToString().ToUpperInvariant();

        private static void Run(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }

        private void Rollback()
        {
            using var rollback = _writer.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        private SqliteConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=ON;";
            pragmas.ExecuteNonQuery();
            return connection;
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            return command;
        }

        private sealed class Reader(SqliteConnection connection)
        {
            private readonly SqliteCommand _seen = Prepare(connection, "SELECT EXISTS (SELECT 1 FROM Messages WHERE Channel = 'Sms' AND Direction = 'Inbound' AND ExternalId = $sid)", "$sid");
            private readonly SqliteCommand _conversation = Prepare(connection, "SELECT Id FROM Conversations WHERE Channel = 'Sms' AND ChannelConversationId = $thread", "$thread");

            public SqliteConnection Connection { get; } = connection;

            public bool Seen(string sid)
            {
                _seen.Parameters[0].Value = sid;
                return (long)_seen.ExecuteScalar()! != 0;
            }

            public string? Conversation(string thread)
            {
                _conversation.Parameters[0].Value = thread;
                return _conversation.ExecuteScalar() as string;
            }
        }
    }
}
