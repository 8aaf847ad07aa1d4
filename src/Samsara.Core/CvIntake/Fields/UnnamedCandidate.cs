namespace Samsara.Core.CvIntake.Fields;

/// <summary>The name shown for a CV that carries none, so nobody is greeted by a heading or a file name.</summary>
public static class UnnamedCandidate
{
    public const string Prefix = "Unnamed (";

    public static string For(string fileName) => $"{Prefix}{Path.GetFileName(fileName)})";

    public static bool Is(string? fullName) => fullName is not null && fullName.StartsWith(Prefix, StringComparison.Ordinal) && fullName.EndsWith(')');
}
