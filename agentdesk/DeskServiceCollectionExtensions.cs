using CollectionsBot.AgentDesk.Accounts;
using CollectionsBot.AgentDesk.Cases;
using CollectionsBot.AgentDesk.Hub;
using CollectionsBot.AgentDesk.Negotiation;
using CollectionsBot.AgentDesk.Pages;
using CollectionsBot.AgentDesk.Reports;
using CollectionsBot.AgentDesk.Supervision;
using CollectionsBot.Core.Conversations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CollectionsBot.AgentDesk;

/// <summary>Registers and maps the agent desk.</summary>
public static class DeskServiceCollectionExtensions
{
    /// <summary>Adds accounts, the hub and the desk's notifications of hand-offs and debtor messages.</summary>
    public static IServiceCollection AddAgentDesk(this IServiceCollection services)
    {
        services.AddDeskAccounts();
        services.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DemoDeskUsers>();
        services.AddScoped<DeskAgreements>();
        services.AddScoped<DeskAssignments>();
        services.AddSignalR();
        services.AddSingleton<DeskPresence>();
        services.AddSingleton<DeskWatchers>();
        services.RemoveAll<IConversationEvents>();
        services.AddSingleton<IConversationEvents, HubConversationEvents>();
        return services;
    }

    /// <summary>
    /// Maps the sign-in API, the case context, the creditors, their limits and outcomes APIs, the hub at
    /// <see cref="AgentDeskAssembly.HubPath"/>, and the desk's web pages.
    /// </summary>
    public static IEndpointRouteBuilder MapAgentDesk(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDeskAccounts();
        CaseContext.MapCaseContext(endpoints);
        endpoints.MapCreditorDirectory();
        endpoints.MapCreditorPolicies();
        endpoints.MapCreditorOutcomes();
        endpoints.MapSupervisorBoard();
        endpoints.MapHub<AgentDeskHub>(AgentDeskAssembly.HubPath);
        endpoints.MapDeskPages();
        return endpoints;
    }
}
