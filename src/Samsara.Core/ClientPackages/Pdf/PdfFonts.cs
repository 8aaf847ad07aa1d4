using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace Samsara.Core.ClientPackages.Pdf;

/// <summary>
/// The fonts client PDFs embed: DejaVu Sans (Latin, Greek, Cyrillic, most accents) and a CJK fallback (Droid Sans
/// Fallback), found in a configured folder or where Debian, Fedora, macOS and Windows put them. PDFsharp's font
/// resolver is process-wide and may be set once, so this is a single instance; a missing font is a clear error naming
/// the packages to install, not a PDF of empty boxes.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Sans = "Samsara Sans";
    public const string Fallback = "Samsara Fallback";

    private static readonly Lock Gate = new();
    private static PdfFonts? installed;

    private readonly Dictionary<string, byte[]> faces = new(StringComparer.Ordinal);

    private PdfFonts(byte[] regular, byte[] bold, IReadOnlyList<byte[]> fallbacks)
    {
        faces["sans"] = regular;
        faces["sans-bold"] = bold;
        for (var i = 0; i < fallbacks.Count; i++)
        {
            faces[$"fallback{i}"] = fallbacks[i];
        }

        SansCoverage = FontCoverage.Read(regular);
        FallbackCoverage = [.. fallbacks.Select(FontCoverage.Read)];
    }

    public FontCoverage SansCoverage { get; }

    /// <summary>
    /// The fallback fonts in order (Chinese/Japanese, then Korean); empty when none was found, and such characters are
    /// then drawn with DejaVu (as boxes).
    /// </summary>
    public IReadOnlyList<FontCoverage> FallbackCoverage { get; }

    /// <summary>-1 for DejaVu, else the first fallback font with a glyph for the character.</summary>
    public int FontFor(int codePoint)
    {
        if (SansCoverage.Covers(codePoint))
        {
            return -1;
        }

        for (var i = 0; i < FallbackCoverage.Count; i++)
        {
            if (FallbackCoverage[i].Covers(codePoint))
            {
                return i;
            }
        }

        return -1;
    }

    public static readonly string[] SearchFolders =
    [
        "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu-sans-fonts",
        "/usr/share/fonts/truetype/droid", "/usr/share/fonts/google-droid-sans-fonts", "/usr/share/fonts/truetype/nanum", "/usr/share/fonts/nanum", "/usr/local/share/fonts",
        "/Library/Fonts", "/System/Library/Fonts/Supplemental", @"C:\Windows\Fonts",
    ];

    /// <summary>Finds the fonts (once per process) and installs them as PDFsharp's resolver.</summary>
    /// <exception cref="InvalidOperationException">No usable Latin font: the message says what to install.</exception>
    public static PdfFonts Install(string? fontFolder)
    {
        lock (Gate)
        {
            if (installed is not null)
            {
                return installed;
            }

            var folders = string.IsNullOrWhiteSpace(fontFolder) ? SearchFolders : [fontFolder, .. SearchFolders];
            var regular = Find(folders, "DejaVuSans.ttf");
            var bold = Find(folders, "DejaVuSans-Bold.ttf") ?? regular;
            if (regular is null || bold is null)
            {
                throw new InvalidOperationException(
                    "No font for client PDFs: install DejaVu Sans (Debian/Ubuntu: apt install fonts-dejavu-core) or put DejaVuSans.ttf " +
                    "and DejaVuSans-Bold.ttf in the folder named by Samsara:ClientPackages:FontFolder.");
            }

            // Chinese and Japanese (fonts-droid-fallback), then Korean (fonts-nanum): TrueType outlines, which PDFsharp embeds.
            var fallbacks = new[] { Find(folders, "DroidSansFallbackFull.ttf") ?? Find(folders, "DroidSansFallback.ttf"), Find(folders, "NanumGothic.ttf") }
                .OfType<string>().Select(File.ReadAllBytes).ToList();
            var fonts = new PdfFonts(File.ReadAllBytes(regular), File.ReadAllBytes(bold), fallbacks);
            GlobalFontSettings.FontResolver = fonts;
            installed = fonts;
            return fonts;
        }
    }

    public static string? Find(IEnumerable<string> folders, string file) =>
        folders.Select(f => Path.Combine(f, file)).FirstOrDefault(File.Exists);

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        Sans => new FontResolverInfo(bold ? "sans-bold" : "sans"),
        _ when familyName.StartsWith(Fallback, StringComparison.Ordinal) && faces.ContainsKey("fallback" + familyName[Fallback.Length..].Trim())
            => new FontResolverInfo("fallback" + familyName[Fallback.Length..].Trim(), bold, false),
        _ => new FontResolverInfo(bold ? "sans-bold" : "sans"),
    };

    public byte[]? GetFont(string faceName) => faces.GetValueOrDefault(faceName);
}

/// <summary>Fonts by size and weight, and text split into runs each drawn with a font that has its glyphs.</summary>
public static class PdfFontRuns
{
    private static readonly XPdfFontOptions Unicode = new(PdfSharp.Pdf.PdfFontEncoding.Unicode);

    public static XFont Font(this PdfFonts _, double size, bool bold) =>
        new(PdfFonts.Sans, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);

    public static XFont FontAt(this PdfFonts fonts, int index, double size, bool bold) =>
        index < 0 ? fonts.Font(size, bold) : new($"{PdfFonts.Fallback} {index}", size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, Unicode);

    public static IEnumerable<(string Run, XFont Font)> Runs(this PdfFonts fonts, string text, double size, bool bold)
    {
        var start = 0;
        int? currentFont = null;
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            var code = char.IsSurrogatePair(text, i) ? char.ConvertToUtf32(text, i) : text[i];
            // Spaces and punctuation stay in the run they are in rather than switching fonts back and forth.
            var font = char.IsWhiteSpace(text[i]) && currentFont is { } keep ? keep : fonts.FontFor(code);
            if (currentFont is { } current && current != font)
            {
                yield return (text[start..i], fonts.FontAt(current, size, bold));
                start = i;
            }

            currentFont = font;
        }

        if (start < text.Length)
        {
            yield return (text[start..], fonts.FontAt(currentFont ?? -1, size, bold));
        }
    }

    public static double Measure(this PdfFonts fonts, string text, double size, bool bold) =>
        fonts.Runs(text, size, bold).Sum(r => Measurer.Value!.MeasureString(r.Run, r.Font).Width);

    // Measuring needs a graphics context; one per thread, on a scratch document that is never saved.
    private static readonly ThreadLocal<XGraphics> Measurer = new(() => XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards));
}
