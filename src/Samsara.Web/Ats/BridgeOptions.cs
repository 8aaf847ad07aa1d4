using System.Text.RegularExpressions;

namespace Samsara.Web.Ats;

/// <summary>Settings under <c>Samsara:Ats:Bridge</c>.</summary>
public sealed partial class BridgeOptions
{
    public const string Section = "Samsara:Ats:Bridge";

    /// <summary>
    /// The extension's own origin(s), <c>chrome-extension://&lt;32-letter id&gt;</c>. The id of the extension in
    /// <c>extension/</c> is fixed by the public key in its manifest.
    /// </summary>
    public string[] AllowedExtensionOrigins { get; set; } = [];

    /// <summary>How long a fill request waits for the extension's per-field result.</summary>
    public TimeSpan FillTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Team mode: how long a node without an extension waits for another node to take its fill.</summary>
    public TimeSpan RelayClaimTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public bool Validate() => AllowedExtensionOrigins.All(o => ExtensionOrigin().IsMatch(o)) && FillTimeout > TimeSpan.Zero && RelayClaimTimeout > TimeSpan.Zero;

    [GeneratedRegex("^chrome-extension://[a-p]{32}$")]
    private static partial Regex ExtensionOrigin();
}
