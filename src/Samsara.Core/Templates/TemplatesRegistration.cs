using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Samsara.Core.Templates;

public static class TemplatesRegistration
{
    /// <summary>The Liquid engine, the recruiter defaults and the <see cref="TemplateService"/>.</summary>
    public static IHostApplicationBuilder AddTemplates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecruiterOptions>().BindConfiguration(RecruiterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LiquidTemplates>();
        builder.Services.AddSingleton<TemplateService>();
        return builder;
    }
}
