using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Samsara.Core.ClientPackages.Branding;
using Samsara.Testing;
using SkiaSharp;

namespace Samsara.Tests.ClientPackages;

/// <summary>Settings → Branding over <c>/api/v1/branding</c>: logos checked by content, SVG scripts removed, bad fields named.</summary>
public sealed class BrandingApiTests : IAsyncLifetime
{
    // A 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private SamsaraAppFactory _app = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _app = new SamsaraAppFactory();
        _client = _app.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static object Body(string? logo, string primary = "#1f3a5f") => new
    {
        agencyName = "Northwind Talent",
        primaryColour = primary,
        accentColour = "#E07A1F",
        footerLine = "Northwind Talent Ltd · Reg. 01234567",
        emailSignature = "Rita Recruiter\nNorthwind Talent",
        logoBase64 = logo,
    };

    [Fact]
    public async Task Put_PngLogo_SavedAndServedAsPng()
    {
        var put = await _client.PutAsJsonAsync("/api/v1/branding", Body(Convert.ToBase64String(Png)), Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await _client.GetFromJsonAsync<JsonElement>("/api/v1/branding", Ct);
        Assert.Equal("Northwind Talent", saved.GetProperty("agencyName").GetString());
        Assert.Equal("#1F3A5F", saved.GetProperty("primaryColour").GetString());
        Assert.Equal("image/png", saved.GetProperty("logoContentType").GetString());
        var logo = await _client.GetAsync("/api/v1/branding/logo", Ct);
        Assert.Equal("image/png", logo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await logo.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task Put_SvgWithScriptHandlerAndOutsideImage_StoredWithoutThemAndServedSandboxed()
    {
        const string svg = """
            <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="40" onload="alert(1)">
              <script>alert(document.cookie)</script>
              <rect width="100" height="40" fill="#1F3A5F" onclick="steal()"/>
              <image xlink:href="https://evil.test/track.png" width="1" height="1"/>
              <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
              <a href="javascript:alert(2)"><text x="5" y="25">NW</text></a>
            </svg>
            """;

        var put = await _client.PutAsJsonAsync("/api/v1/branding", Body(Convert.ToBase64String(Encoding.UTF8.GetBytes(svg))), Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var logo = await _client.GetAsync("/api/v1/branding/logo", Ct);
        var stored = await logo.Content.ReadAsStringAsync(Ct);
        Assert.Equal("image/svg+xml", logo.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<rect", stored);
        foreach (var banned in new[] { "script", "onload", "onclick", "evil.test", "foreignObject", "javascript" })
        {
            Assert.DoesNotContain(banned, stored, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("sandbox", logo.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task ForPdf_SvgLogoSaved_RasterisedToAPngOfItsColoursForThePdfs()
    {
        const string svg = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 90 30"><rect width="90" height="30" fill="#12AB34"/></svg>""";
        var put = await _client.PutAsJsonAsync("/api/v1/branding", Body(Convert.ToBase64String(Encoding.UTF8.GetBytes(svg))), Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var brand = await _app.Service<BrandingService>().ForPdfAsync(Ct);

        Assert.Equal("image/svg+xml", brand.LogoContentType);
        using var bitmap = SKBitmap.Decode(brand.RasterLogo);
        Assert.Equal(3.0, bitmap.Width / (double)bitmap.Height, 1);
        Assert.Equal(new SKColor(0x12, 0xAB, 0x34), bitmap.GetPixel(bitmap.Width / 2, bitmap.Height / 2));
    }

    [Fact]
    public async Task Put_BadColourAndTextFileCalledPng_400NamingBothAndNothingSaved()
    {
        var put = await _client.PutAsJsonAsync("/api/v1/branding", Body(Convert.ToBase64String(Encoding.UTF8.GetBytes("just text, named logo.png")), primary: "navy"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var problem = await put.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("#RRGGBB", problem.GetProperty("errors").GetProperty("primaryColour")[0].GetString());
        Assert.Contains("PNG, JPEG or SVG", problem.GetProperty("errors").GetProperty("logo")[0].GetString());
        Assert.Equal("Your agency", (await _client.GetFromJsonAsync<JsonElement>("/api/v1/branding", Ct)).GetProperty("agencyName").GetString());
    }
}
