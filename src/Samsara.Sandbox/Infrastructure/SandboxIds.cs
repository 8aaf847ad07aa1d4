using System.Security.Cryptography;

namespace Samsara.Sandbox.Infrastructure;

/// <summary>Identifiers shaped like each provider's (Twilio SIDs are a prefix plus 32 hex digits).</summary>
internal static class SandboxIds
{
    public static string TwilioSid(string prefix) =>
        prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hex32() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Uuid() => Guid.NewGuid().ToString();
}
