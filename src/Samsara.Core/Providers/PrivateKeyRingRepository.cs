using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace Samsara.Core.Providers;

/// <summary>
/// The Data Protection key ring on disk, readable by the app's user only: the folder is 0700 and every key file 0600,
/// because a key file is all it takes to decrypt every stored provider secret.
/// </summary>
internal sealed class PrivateKeyRingRepository : IXmlRepository
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly DirectoryInfo folder;
    private readonly FileSystemXmlRepository inner;

    public PrivateKeyRingRepository(string path, ILoggerFactory loggerFactory)
    {
        folder = OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, FolderMode);
        Restrict();
        inner = new FileSystemXmlRepository(folder, loggerFactory);
    }

    public IReadOnlyCollection<XElement> GetAllElements() => inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        inner.StoreElement(element, friendlyName);
        Restrict();
    }

    private void Restrict()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // CreateDirectory leaves an existing folder's mode alone, so set it every time.
        File.SetUnixFileMode(folder.FullName, FolderMode);
        foreach (var file in folder.EnumerateFiles())
        {
            File.SetUnixFileMode(file.FullName, FileMode);
        }
    }
}
