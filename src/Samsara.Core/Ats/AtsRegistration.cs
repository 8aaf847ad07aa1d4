using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samsara.Core.Ats.Bridge;
using Samsara.Core.Ats.Mapping;

namespace Samsara.Core.Ats;

public static class AtsRegistration
{
    /// <summary>Field mappings, submissions and the extension's pairings.</summary>
    public static IHostApplicationBuilder AddAts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AtsMappingService>();
        builder.Services.AddSingleton<AtsSubmissionService>();
        builder.Services.AddSingleton<AtsCandidateSearch>();
        builder.Services.AddSingleton<BridgePairingService>();
        return builder;
    }
}
