namespace Samsara.Bench.Outreach;

internal static class Paths
{
    /// <summary>Release or Debug, whichever this benchmark was built as (the sandbox host is looked up the same way).</summary>
    public static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Samsara.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository's build output.");
        }
    }

    public static string SelfDll => Path.Combine(AppContext.BaseDirectory, "Samsara.Bench.Outreach.dll");
}
