using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Ats;
using Samsara.Core.Calls;
using Samsara.Core.Candidates;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;
using Samsara.Core.Projects;
using Samsara.Core.Providers;
using Samsara.Core.Templates;
using Samsara.Core.Usage;
using Samsara.Core.Users;

namespace Samsara.Core.Data;

/// <summary>
/// The seed's schema, shared by SQLite and PostgreSQL; each provider has its own migrations assembly. Identity's user
/// store lives here too (team mode), without Identity's role tables: a user has one <see cref="UserRole"/>.
/// </summary>
public sealed class SamsaraDbContext(DbContextOptions<SamsaraDbContext> options) : IdentityUserContext<SamsaraUser, Guid>(options)
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Candidate> Candidates => Set<Candidate>();
    public DbSet<JobDescription> JobDescriptions => Set<JobDescription>();
    public DbSet<CvJdMatch> CvJdMatches => Set<CvJdMatch>();
    public DbSet<AppMeta> AppMeta => Set<AppMeta>();
    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();
    public DbSet<ProviderCredential> ProviderCredentials => Set<ProviderCredential>();
    public DbSet<MessageTemplate> MessageTemplates => Set<MessageTemplate>();
    public DbSet<OutreachSequence> OutreachSequences => Set<OutreachSequence>();
    public DbSet<OutreachEvent> OutreachEvents => Set<OutreachEvent>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<OutreachSend> OutreachSends => Set<OutreachSend>();
    public DbSet<OutreachTimer> OutreachTimers => Set<OutreachTimer>();
    public DbSet<LedgerEntry> OutreachLedger => Set<LedgerEntry>();
    public DbSet<Outreach.Sequences.SequenceDefinition> SequenceDefinitions => Set<Outreach.Sequences.SequenceDefinition>();
    public DbSet<Outreach.Sequences.SequenceStep> SequenceSteps => Set<Outreach.Sequences.SequenceStep>();
    public DbSet<Outreach.Consent.ConsentEntry> ConsentEntries => Set<Outreach.Consent.ConsentEntry>();
    public DbSet<CallRecord> CallRecords => Set<CallRecord>();
    public DbSet<Transcript> Transcripts => Set<Transcript>();
    public DbSet<ScreeningSettings> ScreeningSettings => Set<ScreeningSettings>();
    public DbSet<AtsFieldMapping> AtsFieldMappings => Set<AtsFieldMapping>();
    public DbSet<AtsSubmission> AtsSubmissions => Set<AtsSubmission>();
    public DbSet<Scheduling.RecruiterCalendar> RecruiterCalendars => Set<Scheduling.RecruiterCalendar>();
    public DbSet<Scheduling.BusyBlock> BusyBlocks => Set<Scheduling.BusyBlock>();
    public DbSet<Scheduling.RecruiterCall> RecruiterCalls => Set<Scheduling.RecruiterCall>();
    public DbSet<Scheduling.Notices.CallNotice> CallNotices => Set<Scheduling.Notices.CallNotice>();
    public DbSet<Outreach.Replies.ReplyFollowUp> ReplyFollowUps => Set<Outreach.Replies.ReplyFollowUp>();
    public DbSet<ClientPackages.ClientPackage> ClientPackages => Set<ClientPackages.ClientPackage>();
    public DbSet<ClientPackages.Branding.AgencyBranding> AgencyBranding => Set<ClientPackages.Branding.AgencyBranding>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name so the database reads like the seed and survives enum reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);

        if (Database.IsSqlite())
        {
            // SQLite cannot compare or order DateTimeOffset; UTC ticks keep timers indexable and sortable.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
            // SQLite has no decimal type; costs are small enough for REAL-free TEXT round trips.
            configurationBuilder.Properties<decimal>().HaveConversion<string>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SamsaraDbContext).Assembly);
    }
}
