using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samsara.Core.Matching.Semantic;

namespace Samsara.Core.Matching;

public static class MatchingRegistration
{
    /// <summary>Scoring, the score refresher and the background semantic stage (see docs/decisions/matching-every-profession.md).</summary>
    public static IHostApplicationBuilder AddMatching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(SkillCatalog.Default);
        builder.Services.AddSingleton<JobDescriptionParser>();
        builder.Services.AddSingleton<MatchScorer>();
        builder.Services.AddSingleton<ISentenceEmbedder, MiniLmEmbedder>();
        builder.Services.AddSingleton<JobEmbeddings>();
        builder.Services.AddSingleton<CandidateRanking>();
        builder.Services.AddSingleton<MatchRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MatchRefresher>());
        builder.Services.AddSingleton<CvEmbeddingWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CvEmbeddingWorker>());
        return builder;
    }
}
