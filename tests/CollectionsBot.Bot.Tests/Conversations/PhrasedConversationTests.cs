using CollectionsBot.Bot.Tests.Understanding.Llm;
using CollectionsBot.Core.Domain;

namespace CollectionsBot.Bot.Tests.Conversations;

public sealed class PhrasedConversationTests
{
    [Fact]
    public async Task LlmRewording_IsSentWhenItKeepsTheFactsAndTheRules()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = FakeReply.Content("""{"text": "Hi, you have reached the accounts assistant. How can I help?"}""");
        await using var harness = await ConversationHarness.StartAsync(null, $"--Llm:Endpoint={server.Endpoint}", $"--Llm:Model={LlmTestServices.Model}", $"--Llm:ApiKey={LlmTestServices.ApiKey}");

        var reply = Assert.Single((await harness.Sms().SendAsync("hello")).Replies);

        Assert.Equal("greeting", reply.TemplateKey);
        Assert.Equal("Hi, you have reached the accounts assistant. How can I help?", reply.Body);
        Assert.Equal(DeliveryStatus.Queued, reply.Status);
    }

    [Fact]
    public async Task LlmRewording_ThatThreatens_IsBlockedByTheGuard()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = FakeReply.Content("""{"text": "Hello. Answer us or we will send the police to your office."}""");
        await using var harness = await ConversationHarness.StartAsync(null, $"--Llm:Endpoint={server.Endpoint}", $"--Llm:Model={LlmTestServices.Model}", $"--Llm:ApiKey={LlmTestServices.ApiKey}");

        var reply = Assert.Single((await harness.Sms().SendAsync("hello")).Replies);

        Assert.Equal(DeliveryStatus.Blocked, reply.Status);
        Assert.Equal("tone.threat", reply.ErrorCode);
    }
}
