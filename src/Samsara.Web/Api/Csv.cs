using System.Text;

namespace Samsara.Web.Api;

/// <summary>
/// CSV for spreadsheets. Candidates write names and messages, so every field is quoted and a leading = + - @ (a
/// formula to Excel and LibreOffice) is defused with an apostrophe.
/// </summary>
internal static class Csv
{
    public static string Line(params object?[] fields) => string.Join(',', fields.Select(Field)) + "\r\n";

    public static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset at => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult File(string name, IEnumerable<string> lines)
    {
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line);
        }

        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(builder.ToString())).ToArray(), "text/csv; charset=utf-8", name);
    }
}
