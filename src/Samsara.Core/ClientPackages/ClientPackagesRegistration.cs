using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samsara.Core.ClientPackages.Branding;

namespace Samsara.Core.ClientPackages;

public static class ClientPackagesRegistration
{
    /// <summary>Agency branding, the package builder and sender.</summary>
    public static IHostApplicationBuilder AddClientPackages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClientPackageOptions>().BindConfiguration(ClientPackageOptions.Section)
            .Validate(o => o.MaxCandidates is >= 1 and <= 100, "Samsara:ClientPackages:MaxCandidates must be 1-100.").ValidateOnStart();
        builder.Services.AddSingleton<BrandingService>();
        builder.Services.AddSingleton<DossierReader>();
        builder.Services.AddSingleton<ClientPackageService>();
        return builder;
    }
}
