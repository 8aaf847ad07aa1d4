using System.ComponentModel.DataAnnotations;

namespace Samsara.Core.Providers;

/// <summary>
/// What the recruiter types when adding or rotating a provider account. <see cref="Secrets"/> is write-only:
/// it is encrypted on save and never comes back out of any listing.
/// </summary>
public sealed class ProviderAccountInput
{
    public ProviderType ProviderType { get; set; }

    [Required, StringLength(100, MinimumLength = 1)]
    public string? ProviderName { get; set; }

    /// <summary>Secret fields (auth token, API key, password). On update, null keeps the stored secrets.</summary>
    public Dictionary<string, string>? Secrets { get; set; }

    /// <summary>Non-secret settings as JSON (host, port, from address); shown in the UI.</summary>
    public string? SettingsJson { get; set; }

    public bool IsActive { get; set; } = true;

    // A record or the default ToString would print the secrets into any log line that formats the input.
    public override string ToString() => $"ProviderAccountInput {{ {ProviderType}, {ProviderName}, secrets: {(Secrets is null ? "unchanged" : "[redacted]")} }}";
}
