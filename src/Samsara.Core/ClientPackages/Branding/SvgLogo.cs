using SkiaSharp;
using Svg.Skia;

namespace Samsara.Core.ClientPackages.Branding;

/// <summary>
/// Draws a (sanitised) SVG logo as a PNG for the PDFs: PDFsharp places raster images only, so the vector is rasterised
/// with Skia at print resolution for the size the page band gives it.
/// </summary>
public static class SvgLogo
{
    /// <summary>300 dpi: the logo stays sharp on paper; 1 pt is 1/72 in.</summary>
    public const double PixelsPerPoint = 300.0 / 72.0;

    /// <summary>No logo is printed larger than this (points), so rendering never exceeds a few hundred KB of pixels.</summary>
    public const double MaxWidthPoints = 160;
    public const double MaxHeightPoints = 60;

    /// <returns>PNG bytes, or null when the SVG draws nothing (no size, no content) or Skia cannot read it.</returns>
    public static byte[]? ToPng(byte[] svg)
    {
        try
        {
            using var document = new SKSvg();
            using var input = new MemoryStream(svg);
            if (document.Load(input) is not { } picture)
            {
                return null;
            }

            var bounds = picture.CullRect;
            if (bounds.Width <= 0 || bounds.Height <= 0 || float.IsInfinity(bounds.Width) || float.IsInfinity(bounds.Height))
            {
                return null;
            }

            // Fit the logo's aspect into the largest box it can be printed at, then at 300 dpi.
            var points = Math.Min(MaxWidthPoints / bounds.Width, MaxHeightPoints / bounds.Height);
            var scale = (float)(points * PixelsPerPoint);
            var width = Math.Max(1, (int)Math.Ceiling(bounds.Width * scale));
            var height = Math.Max(1, (int)Math.Ceiling(bounds.Height * scale));
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            if (surface is null)
            {
                return null;
            }

            surface.Canvas.Clear(SKColors.Transparent);
            surface.Canvas.Scale(scale);
            surface.Canvas.Translate(-bounds.Left, -bounds.Top);
            surface.Canvas.DrawPicture(picture);
            using var image = surface.Snapshot();
            if (!DrawsAnything(image))
            {
                return null;
            }

            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            return png?.ToArray();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A logo that cannot be drawn costs the logo only: the agency name still heads every page.
            return null;
        }
    }

    /// <summary>An empty or fully transparent drawing would print as a blank box before the agency name.</summary>
    private static bool DrawsAnything(SKImage image)
    {
        using var bitmap = SKBitmap.FromImage(image);
        return bitmap.Pixels.Any(p => p.Alpha > 0);
    }
}
