using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.CvIntake.Duplicates;
using Samsara.Core.CvIntake.Extraction;
using Samsara.Core.CvIntake.Extraction.Isolation;
using Samsara.Core.CvIntake.Fields;
using Samsara.Core.CvIntake.Import;
using Samsara.Core.Matching;

namespace Samsara.Core.CvIntake;

public static class CvIntakeRegistration
{
    /// <summary>CV parsing, the durable import queue and its worker, and match scoring that stays current.</summary>
    public static IHostApplicationBuilder AddCvIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CvIntakeOptions>().BindConfiguration(CvIntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new CvTextExtractor(sp.GetRequiredService<IOptions<CvIntakeOptions>>().Value));
        builder.Services.AddSingleton(sp => new ZipExpander(sp.GetRequiredService<IOptions<CvIntakeOptions>>().Value));
        builder.Services.AddSingleton<ICvParser>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CvIntakeOptions>>().Value;
            return options.Isolation switch
            {
                ParserIsolation.WorkerProcess => new IsolatedCvParser(options, sp.GetRequiredService<ILogger<IsolatedCvParser>>()),
                ParserIsolation.InProcess => new InProcessCvParser(options),
            };
        });
        builder.Services.AddSingleton<CvFieldExtractor>();
        builder.Services.AddSingleton<CvFileStore>();
        builder.Services.AddSingleton<CvImportSignal>();
        builder.Services.AddSingleton<CvImportService>();
        builder.Services.AddSingleton<CvImportProcessor>();
        builder.Services.AddSingleton<DuplicateResolver>();
        builder.Services.AddSingleton<CvCorrections>();
        builder.Services.AddSingleton(sp => new JobDescriptionFiles(sp.GetRequiredService<ICvParser>(), sp.GetRequiredService<CvFileStore>(), sp.GetRequiredService<Candidates.CandidateService>(), sp.GetRequiredService<IOptions<CvIntakeOptions>>().Value));
        builder.Services.AddHostedService<CvImportWorker>();
        builder.AddMatching();
        return builder;
    }
}
