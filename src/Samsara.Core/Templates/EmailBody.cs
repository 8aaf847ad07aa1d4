using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Samsara.Core.Templates;

/// <summary>The two parts of an outbound email: sanitised HTML and the plain text derived from it.</summary>
public sealed partial record EmailBody(string Html, string Text)
{
    // One sanitiser for all: it is thread-safe once configured, and building one is not cheap.
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    // The library's defaults keep forms: a message that asks for a password in a form is phishing, whoever wrote it.
    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        foreach (var tag in (string[])["form", "input", "button", "select", "option", "optgroup", "textarea", "fieldset", "legend", "label", "datalist", "output", "keygen"])
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        foreach (var attribute in (string[])["action", "formaction", "method", "enctype", "autocomplete"])
        {
            sanitizer.AllowedAttributes.Remove(attribute);
        }

        return sanitizer;
    }

    public static bool LooksLikeHtml(string source) => HtmlTag().IsMatch(source);

    /// <summary>From the rendered body: HTML is sanitised, plain text is turned into paragraphs.</summary>
    public static EmailBody FromRendered(string rendered, bool isHtml)
    {
        var html = isHtml ? Sanitizer.Sanitize(rendered) : TextToHtml(rendered);
        return new EmailBody(html, isHtml ? HtmlToText(html) : Normalise(rendered));
    }

    private static string TextToHtml(string text)
    {
        var paragraphs = Regex.Split(Normalise(text), @"\n{2,}")
            .Select(p => "<p>" + WebUtility.HtmlEncode(p).Replace("\n", "<br>\n", StringComparison.Ordinal) + "</p>");
        return string.Join("\n", paragraphs);
    }

    internal static string HtmlToText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var text = new StringBuilder();
        Append(document.Body!, text);
        return Normalise(Regex.Replace(text.ToString(), @"[ \t]*\n[ \t]*", "\n"));
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(Regex.Replace(t.Data, @"\s+", " "));
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement { LocalName: "a" } a:
                    Append(a, text);
                    var href = a.GetAttribute("href");
                    if (!string.IsNullOrEmpty(href) && !href.StartsWith('#') && !string.Equals(href, a.TextContent.Trim(), StringComparison.OrdinalIgnoreCase))
                    {
                        text.Append(" (").Append(href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href[7..] : href).Append(')');
                    }

                    break;
                case IElement { LocalName: "li" } li:
                    text.Append("\n- ");
                    Append(li, text);
                    break;
                case IElement { LocalName: "p" or "div" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "ul" or "ol" or "table" or "tr" or "blockquote" } block:
                    text.Append("\n\n");
                    Append(block, text);
                    text.Append("\n\n");
                    break;
                case IElement element:
                    Append(element, text);
                    break;
            }
        }
    }

    private static string Normalise(string text) =>
        Regex.Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), @"\n{3,}", "\n\n").Trim();

    [GeneratedRegex(@"<\s*(p|br|div|a|b|i|strong|em|ul|ol|li|table|span|h[1-6]|html|body|img)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();
}
