namespace Samsara.Core.Channels.Voice;

/// <summary>Vapi settings, bound to <c>Samsara:Providers:Vapi</c>.</summary>
public sealed class VapiOptions
{
    public const string Section = "Samsara:Providers:Vapi";
    public Uri BaseUrl { get; set; } = new("https://api.vapi.ai");
    public string ApiKey { get; set; } = "";
    public string AssistantId { get; set; } = "";
    public string PhoneNumberId { get; set; } = "";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Bland settings, bound to <c>Samsara:Providers:Bland</c>.</summary>
public sealed class BlandOptions
{
    public const string Section = "Samsara:Providers:Bland";
    public Uri BaseUrl { get; set; } = new("https://api.bland.ai");
    public string ApiKey { get; set; } = "";

    /// <summary>Our caller id (E.164); Bland picks one when empty.</summary>
    public string? FromNumber { get; set; }
    public int MaxDurationMinutes { get; set; } = 10;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Retell settings, bound to <c>Samsara:Providers:Retell</c>.</summary>
public sealed class RetellOptions
{
    public const string Section = "Samsara:Providers:Retell";
    public Uri BaseUrl { get; set; } = new("https://api.retellai.com");
    public string ApiKey { get; set; } = "";

    /// <summary>Our Retell number (E.164), which is bound to an agent.</summary>
    public string FromNumber { get; set; } = "";

    /// <summary>Overrides the agent bound to <see cref="FromNumber"/> when set.</summary>
    public string? AgentId { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
