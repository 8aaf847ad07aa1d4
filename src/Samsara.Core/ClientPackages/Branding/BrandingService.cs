using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Samsara.Core.Common;
using Samsara.Core.Data;

namespace Samsara.Core.ClientPackages.Branding;

/// <summary>Reads and saves the agency branding; until it is saved, packages use <see cref="BrandingView.Default"/>.</summary>
public sealed partial class BrandingService(IDbContextFactory<SamsaraDbContext> dbFactory, TimeProvider clock)
{
    public async Task<BrandingView> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AgencyBranding.AsNoTracking().SingleOrDefaultAsync(ct);
        return row is null ? BrandingView.Default : View(row);
    }

    public async Task<(byte[] Bytes, string ContentType)?> LogoAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AgencyBranding.AsNoTracking().SingleOrDefaultAsync(ct);
        return row is { Logo: { } logo, LogoContentType: { } type } ? (logo, type) : null;
    }

    /// <exception cref="InputValidationException">Each bad field with its reason; nothing is saved.</exception>
    public async Task<BrandingView> SaveAsync(BrandingInput input, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.AgencyName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors["agencyName"] = ["The agency name is required (at most 100 characters)."];
        }

        foreach (var (field, value) in new[] { ("primaryColour", input.PrimaryColour), ("accentColour", input.AccentColour) })
        {
            if (value is null || !HexColour().IsMatch(value.Trim()))
            {
                errors[field] = [$"'{value}' is not a colour: write it as #RRGGBB (for example #1F3A5F)."];
            }
        }

        if (input.FooterLine?.Length > 200)
        {
            errors["footerLine"] = ["The footer line is at most 200 characters."];
        }

        if (input.EmailSignature?.Length > 2000)
        {
            errors["emailSignature"] = ["The email signature is at most 2,000 characters."];
        }

        LogoValidator.Accepted? logo = null;
        if (!string.IsNullOrEmpty(input.LogoBase64))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(input.LogoBase64);
            }
            catch (FormatException)
            {
                bytes = [];
            }

            var (accepted, problem) = bytes.Length == 0 ? (null, "The logo could not be read (not base64).") : LogoValidator.Check(bytes);
            if (problem is not null)
            {
                errors["logo"] = [problem];
            }

            logo = accepted;
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AgencyBranding.SingleOrDefaultAsync(ct);
        if (row is null)
        {
            row = new AgencyBranding { AgencyName = name!, PrimaryColour = "", AccentColour = "" };
            db.AgencyBranding.Add(row);
        }

        row.AgencyName = name!;
        row.PrimaryColour = input.PrimaryColour!.Trim().ToUpperInvariant();
        row.AccentColour = input.AccentColour!.Trim().ToUpperInvariant();
        row.FooterLine = Blank(input.FooterLine);
        row.EmailSignature = Blank(input.EmailSignature);
        if (input.LogoBase64 is not null)
        {
            row.Logo = logo?.Bytes;
            row.LogoContentType = logo?.ContentType;
        }

        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return View(row);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The branding as the PDFs draw it: an SVG logo is rasterised here (not on every API read).</summary>
    public async Task<BrandingView> ForPdfAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AgencyBranding.AsNoTracking().SingleOrDefaultAsync(ct);
        return row switch
        {
            null => BrandingView.Default,
            { LogoContentType: "image/svg+xml", Logo: { } svg } => View(row) with { RasterLogo = SvgLogo.ToPng(svg) },
            _ => View(row),
        };
    }

    private static BrandingView View(AgencyBranding row) =>
        new(row.AgencyName, row.PrimaryColour, row.AccentColour, row.FooterLine, row.EmailSignature, row.LogoContentType)
        {
            RasterLogo = row.LogoContentType is "image/png" or "image/jpeg" ? row.Logo : null,
        };

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColour();
}
