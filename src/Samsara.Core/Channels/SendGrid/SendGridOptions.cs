namespace Samsara.Core.Channels.SendGrid;

/// <summary>SendGrid settings, bound to <c>Samsara:Providers:SendGrid</c>.</summary>
public sealed class SendGridOptions
{
    public const string Section = "Samsara:Providers:SendGrid";

    /// <summary>SendGrid's API root, or the sandbox's <c>…/sendgrid</c> mount.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.sendgrid.com");
    public string ApiKey { get; set; } = "";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
