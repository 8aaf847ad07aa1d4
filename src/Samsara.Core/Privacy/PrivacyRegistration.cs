using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Samsara.Core.Privacy;

public static class PrivacyRegistration
{
    /// <summary>Candidate data rights (issue 18): export, erasure, retention and the search across projects.</summary>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CandidateDataExport>();
        builder.Services.AddSingleton<PersonalDataSearch>();
        builder.Services.AddSingleton<CandidateErasure>();
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService<RetentionWorker>();
        return builder;
    }
}
