using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Samsara.Core.Privacy;

public static class PrivacyRegistration
{
    /// <summary>Candidate data rights (issue 18): export and the search across projects.</summary>
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CandidateDataExport>();
        builder.Services.AddSingleton<PersonalDataSearch>();
        return builder;
    }
}
