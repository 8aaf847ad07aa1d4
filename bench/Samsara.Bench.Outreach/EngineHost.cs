using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Samsara.Core;
using Samsara.Core.Channels;
using Samsara.Core.Data;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Templates;
using Samsara.Sandbox;

namespace Samsara.Bench.Outreach;

/// <summary>Samsara's core, channels, templates and outreach engine in a plain host, as Samsara.Web registers them.</summary>
internal static class EngineHost
{
    public const string OurNumber = "+15005550006";

    public static async Task<IHost> BuildAsync(IDictionary<string, string?> database, Uri twilio, string nodeId, bool runInBackground, IDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        var accounts = new SandboxOptions();
        var settings = new Dictionary<string, string?>(database)
        {
            ["Samsara:Providers:Twilio:BaseUrl"] = twilio.ToString(),
            ["Samsara:Providers:Twilio:AccountSid"] = accounts.TwilioAccountSid,
            ["Samsara:Providers:Twilio:AuthToken"] = accounts.TwilioAuthToken,
            ["Samsara:Providers:Twilio:FromNumber"] = OurNumber,
            ["Samsara:Outreach:NodeId"] = nodeId,
            ["Samsara:Outreach:RunInBackground"] = runInBackground ? "true" : "false",
            // The benchmarks measure the engine, not the 1 segment/s per long code a real sender is held to.
            ["Samsara:Outreach:Pacing:Enabled"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddSamsaraCore();
        builder.AddChannels();
        builder.AddTemplates();
        builder.AddOutreachEngine();
        var host = builder.Build();
        await host.Services.InitializeDatabaseAsync();
        return host;
    }

    public static async Task<SamsaraDbContext> DbAsync(this IHost host) =>
        await host.Services.GetRequiredService<IDbContextFactory<SamsaraDbContext>>().CreateDbContextAsync();

    public static async Task<int> CountSendsAsync(this IHost host, SendStatus status)
    {
        await using var db = await host.DbAsync();
        return await db.OutreachSends.CountAsync(s => s.Status == status);
    }
}
