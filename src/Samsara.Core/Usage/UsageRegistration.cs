using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Samsara.Core.Usage;

public static class UsageRegistration
{
    /// <summary>The usage ledger (what each message, call and transcription cost), its prices and its report.</summary>
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<UsagePrices>();
        builder.Services.TryAddSingleton<UsageLedger>();
        builder.Services.TryAddSingleton<UsageReports>();
        return builder;
    }
}
