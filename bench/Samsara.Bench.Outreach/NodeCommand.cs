using Microsoft.Extensions.Hosting;

namespace Samsara.Bench.Outreach;

/// <summary>
/// The engine process the crash run starts and kills: Samsara's real registrations and background loop, pointed at
/// the run's database and sandbox, with a short lease (and request timeout) so a killed node's claims are taken over quickly.
/// </summary>
internal static class NodeCommand
{
    public static async Task<int> RunAsync(Args args)
    {
        var database = new Dictionary<string, string?>
        {
            ["Samsara:DataDirectory"] = args.String("--data"),
            ["Samsara:Database:Provider"] = args.String("--provider"),
            ["ConnectionStrings:Samsara"] = args.String("--connection"),
        };
        var extra = new Dictionary<string, string?>
        {
            // The lease must outlast a request's timeout (validated at start); both short so takeovers are quick.
            ["Samsara:Outreach:Lease"] = "00:00:15",
            ["Samsara:Providers:Twilio:Timeout"] = "00:00:10",
            ["Samsara:Outreach:PollInterval"] = "00:00:00.200",
            ["Samsara:Outreach:BatchSize"] = args.String("--batch", "100"),
        };
        using var host = await EngineHost.BuildAsync(database, new Uri(args.String("--twilio")!), args.String("--node-id")!, runInBackground: true, extra);
        await host.RunAsync();
        return 0;
    }
}
