using System.Text.Json.Serialization;

namespace Samsara.Core.ClientPackages.Branding;

/// <summary>The agency's look on every client package (one row: the install is one agency).</summary>
public sealed class AgencyBranding
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public required string AgencyName { get; set; }
    public required string PrimaryColour { get; set; }
    public required string AccentColour { get; set; }
    public string? FooterLine { get; set; }
    public string? EmailSignature { get; set; }

    /// <summary>The validated logo: PNG or JPEG as uploaded, SVG after sanitising.</summary>
    public byte[]? Logo { get; set; }
    public string? LogoContentType { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What the API shows and the PDFs use; the logo itself is served by <c>GET /api/v1/branding/logo</c>.</summary>
public sealed record BrandingView(
    string AgencyName, string PrimaryColour, string AccentColour, string? FooterLine, string? EmailSignature, string? LogoContentType)
{
    public static readonly BrandingView Default = new("Your agency", "#1F3A5F", "#E07A1F", null, null, null);

    public bool HasLogo => LogoContentType is not null;

    /// <summary>PNG/JPEG bytes the PDFs draw; an SVG logo is rasterised into it by <see cref="BrandingService.ForPdfAsync"/>.</summary>
    [JsonIgnore]
    public byte[]? RasterLogo { get; init; }
}

/// <summary>PUT body: every field replaces the stored one; <see cref="LogoBase64"/> null keeps the logo, "" removes it.</summary>
public sealed record BrandingInput(
    string? AgencyName, string? PrimaryColour, string? AccentColour, string? FooterLine, string? EmailSignature, string? LogoBase64);
