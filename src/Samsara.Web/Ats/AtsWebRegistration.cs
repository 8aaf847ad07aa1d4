using Samsara.Core.Ats;
using Samsara.Web.Components.Shared;

namespace Samsara.Web.Ats;

internal static class AtsWebRegistration
{
    /// <summary>Mappings, the bridge the extension connects to and the ATS section of the wheel.</summary>
    public static IHostApplicationBuilder AddAtsBridge(this IHostApplicationBuilder builder)
    {
        builder.AddAts();
        builder.Services.AddOptions<BridgeOptions>().BindConfiguration(BridgeOptions.Section)
            .Validate(o => o.Validate(), "Samsara:Ats:Bridge:AllowedExtensionOrigins must be chrome-extension://<32 letters a-p> origins.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BridgeHub>();
        builder.Services.AddSingleton<BridgeRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BridgeRelay>());
        builder.Services.AddSingleton<AtsFill>();
        builder.AddWheelSection(new WheelSection("ats", "ATS", MudBlazor.Icons.Material.Filled.CloudUpload, 60, null));
        return builder;
    }
}
