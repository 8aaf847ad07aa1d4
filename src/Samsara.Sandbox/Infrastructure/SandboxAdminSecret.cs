using System.Security.Cryptography;
using System.Text;

namespace Samsara.Sandbox.Infrastructure;

/// <summary>
/// The per-start secret the admin endpoints (<c>/sandbox/*</c>: scripts, faults, the request log, inbound SMS, reset)
/// require in <see cref="HeaderName"/>. Made fresh each start and never logged: code in the same process reads it from
/// the container; a separate process learns it from the file named by <c>Samsara:Sandbox:AdminSecretFile</c>.
/// </summary>
public sealed class SandboxAdminSecret
{
    public const string HeaderName = "X-Samsara-Sandbox-Secret";

    private readonly byte[] _bytes;

    public SandboxAdminSecret()
    {
        Value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _bytes = Encoding.ASCII.GetBytes(Value);
    }

    public string Value { get; }

    /// <summary>Constant-time comparison, so the answer's timing says nothing about how much of a guess was right.</summary>
    public bool Matches(string? offered) =>
        !string.IsNullOrEmpty(offered) && CryptographicOperations.FixedTimeEquals(_bytes, Encoding.ASCII.GetBytes(offered));

    /// <summary>Writes the secret to <paramref name="path"/>, readable by the owner only (Unix), for a parent process to read.</summary>
    public void WriteTo(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Written beside and renamed, so a reader polling for the file never sees half a secret.
        var temp = full + ".tmp";
        using (var file = new FileStream(temp, options))
        {
            file.Write(Encoding.ASCII.GetBytes(Value));
        }

        File.Move(temp, full, overwrite: true);
    }
}
