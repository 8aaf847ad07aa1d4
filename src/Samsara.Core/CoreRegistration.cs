using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Samsara.Core.Candidates;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Outreach;
using Samsara.Core.Projects;

namespace Samsara.Core;

public static class CoreRegistration
{
    /// <summary>Database, clock, change feed and the project and candidate services.</summary>
    public static IHostApplicationBuilder AddSamsaraCore(this IHostApplicationBuilder builder)
    {
        builder.AddSamsaraData();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChangeFeed>();
        builder.AddCrossNodeChanges();
        builder.Services.AddSingleton<ProjectService>();
        builder.Services.AddSingleton<CandidateService>();
        builder.Services.AddSingleton<OutreachService>();
        builder.Services.AddSingleton<Outreach.Sequences.SequenceService>();
        builder.Services.AddSingleton<Outreach.Sequences.SequenceProgress>();
        builder.Services.AddSingleton<Outreach.Consent.ConsentService>();
        builder.Services.AddSingleton<Outreach.Engine.OutreachLedger>();
        builder.Services.AddSingleton<Outreach.Listing.OutreachListing>();
        builder.Services.AddSingleton<Outreach.Listing.EnrolCandidates>();
        // Every sender records what it cost; the ledger is part of the core so no host can send without it.
        Usage.UsageRegistration.AddUsage(builder);
        return builder;
    }
}
