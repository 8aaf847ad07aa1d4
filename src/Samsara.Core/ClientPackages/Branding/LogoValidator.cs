using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Samsara.Core.ClientPackages.Branding;

/// <summary>
/// Accepts a logo by what its bytes are, not by its name: PNG and JPEG by signature (and a header PDFsharp can read),
/// SVG by parsing it as XML without DTDs and keeping only drawing elements, so no script, handler, foreign object or
/// outside reference survives.
/// </summary>
public static class LogoValidator
{
    public const int MaxBytes = 512 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly HashSet<string> SvgElements =
    [
        "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "defs",
        "lineargradient", "radialgradient", "stop", "title", "desc", "clippath", "mask", "symbol", "use",
    ];

    public sealed record Accepted(byte[] Bytes, string ContentType);

    /// <returns>The logo to store, or the reason it is refused.</returns>
    public static (Accepted? Logo, string? Problem) Check(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return (null, "The logo file is empty.");
        }

        if (bytes.Length > MaxBytes)
        {
            return (null, $"The logo is {bytes.Length / 1024} KB; the limit is {MaxBytes / 1024} KB.");
        }

        if (bytes.AsSpan().StartsWith(PngSignature))
        {
            return bytes.Length > 24 && bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8)
                ? (new(bytes, "image/png"), null)
                : (null, "The PNG file is damaged (no image header).");
        }

        if (bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return (new(bytes, "image/jpeg"), null);
        }

        return SanitiseSvg(bytes);
    }

    private static (Accepted?, string?) SanitiseSvg(byte[] bytes)
    {
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes * 2 };
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return (null, "The logo must be a PNG, JPEG or SVG image; this file is none of them.");
        }

        if (doc.Root is not { } root || root.Name.LocalName != "svg")
        {
            return (null, "The logo must be a PNG, JPEG or SVG image; this file is none of them.");
        }

        foreach (var element in root.DescendantsAndSelf().ToList())
        {
            if (!SvgElements.Contains(element.Name.LocalName.ToLowerInvariant()))
            {
                element.Remove();
                continue;
            }

            foreach (var attribute in element.Attributes().ToList())
            {
                var name = attribute.Name.LocalName.ToLowerInvariant();
                var value = attribute.Value.Trim();
                var outsideReference = (name == "href" && !value.StartsWith('#'))
                    || value.Contains("url(", StringComparison.OrdinalIgnoreCase) && !value.Contains("url(#", StringComparison.OrdinalIgnoreCase)
                    || value.Contains("javascript:", StringComparison.OrdinalIgnoreCase);
                if (name.StartsWith("on", StringComparison.Ordinal) || name == "style" || outsideReference)
                {
                    attribute.Remove();
                }
            }
        }

        return (new(Encoding.UTF8.GetBytes(root.ToString(SaveOptions.DisableFormatting)), "image/svg+xml"), null);
    }
}
