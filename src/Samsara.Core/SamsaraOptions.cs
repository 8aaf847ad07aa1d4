using System.ComponentModel.DataAnnotations;

namespace Samsara.Core;

/// <summary>Top-level settings under the <c>Samsara</c> configuration section.</summary>
public sealed class SamsaraOptions
{
    public const string Section = "Samsara";

    /// <summary>Where the database, key ring and stored files live; defaults to the user's app-data folder.</summary>
    public string? DataDirectory { get; set; }

    public string ResolveDataDirectory() =>
        string.IsNullOrWhiteSpace(DataDirectory)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "Samsara")
            : Path.GetFullPath(DataDirectory);
}

/// <summary>Settings under <c>Samsara:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Samsara:Database";

    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
