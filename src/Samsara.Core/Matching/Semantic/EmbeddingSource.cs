using System.Security.Cryptography;
using System.Text;
using Samsara.Core.CvIntake.Fields;

namespace Samsara.Core.Matching.Semantic;

/// <summary>
/// The text a CV is embedded from: the recruiter-checked title and skills first (a correction in the drawer should move
/// the meaning too), then the CV as read. Its passages' hash tells whether an edit needs a new model call.
/// </summary>
public static class EmbeddingSource
{
    public static string Of(string? rawText, string? currentTitle, string? cvJson)
    {
        var skills = CvDocument.FromJson(cvJson)?.Skills?.Value ?? [];
        var header = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(currentTitle))
        {
            header.Append(currentTitle.Trim()).Append('\n');
        }

        if (skills.Count > 0)
        {
            header.Append("Skills: ").AppendJoin(", ", skills).Append('\n');
        }

        return header.Append(rawText).ToString();
    }

    public static string Hash(IReadOnlyList<string> chunks) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', chunks))));
}
