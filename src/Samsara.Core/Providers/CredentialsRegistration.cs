using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Samsara.Core.Channels.Accounts;

namespace Samsara.Core.Providers;

public static class CredentialsRegistration
{
    /// <summary>Data Protection with its key ring in <c>{DataDirectory}/keys</c> (0700/0600) and the <see cref="CredentialStore"/>.</summary>
    public static IHostApplicationBuilder AddCredentials(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SamsaraOptions>().BindConfiguration(SamsaraOptions.Section);
        builder.Services.AddDataProtection().SetApplicationName("Samsara");
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<SamsaraOptions>, ILoggerFactory>((keys, samsara, loggers) =>
                keys.XmlRepository = new PrivateKeyRingRepository(KeyRingPath(samsara.Value), loggers));
        builder.Services.AddOptions<ProviderEndpointOptions>().BindConfiguration(ProviderEndpointOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<ProviderEndpointPolicy>();
        builder.Services.AddSingleton<CredentialStore>();
        builder.Services.AddSingleton<ProviderTester>();
        // Replaces the configuration-only default of AddChannels, whichever of the two ran first.
        builder.Services.Replace(ServiceDescriptor.Singleton<IStoredProviderAccounts>(sp => sp.GetRequiredService<CredentialStore>()));
        return builder;
    }

    public static string KeyRingPath(SamsaraOptions options) => Path.Combine(options.ResolveDataDirectory(), "keys");
}
