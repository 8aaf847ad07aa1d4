using System.Runtime.InteropServices;

namespace Samsara.Core.Common;

/// <summary>
/// The data folder holds the database, CVs and the key ring: on Unix it and everything in it is the owner's alone
/// (folders 0700, files 0600). The process umask is set to 077 once, so every file created afterwards (SQLite's WAL and
/// shared-memory files, stored CVs, logs) is born private; the folder itself is put to 0700 even when it already existed.
/// </summary>
public static class PrivateDataFolder
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static int umaskSet;

    /// <summary>Creates the folder if needed and makes it private; on Windows the user profile's ACLs already are.</summary>
    public static void Ensure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        RestrictNewFiles();
        Directory.CreateDirectory(path, FolderMode);
        // CreateDirectory leaves an existing folder's mode alone (installs from before this rule were 0755).
        File.SetUnixFileMode(path, FolderMode);
    }

    private static void RestrictNewFiles()
    {
        if (Interlocked.Exchange(ref umaskSet, 1) == 0)
        {
            _ = SetUmask(0b000_111_111); // 077
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code enabled for the whole assembly; this call marshals nothing.
    private static extern uint SetUmask(uint mask);
#pragma warning restore SYSLIB1054
}
