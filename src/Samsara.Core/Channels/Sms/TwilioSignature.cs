using System.Security.Cryptography;
using System.Text;

namespace Samsara.Core.Channels.Sms;

/// <summary>
/// X-Twilio-Signature for webhooks (status callbacks, inbound messages) in team installs with a
/// public URL: Base64 HMAC-SHA1, keyed with the auth token, of the full URL as Twilio called it
/// followed by each POST parameter's name and value, sorted by name.
/// </summary>
public static class TwilioSignature
{
    public static string Compute(string url, IEnumerable<KeyValuePair<string, string>> form, string authToken)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

#pragma warning disable CA5350 // Twilio defines the signature as HMAC-SHA1; there is no choice to make here.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }

    /// <summary>Constant-time comparison, so the check leaks nothing about how much of a forgery matched.</summary>
    public static bool IsValid(string url, IEnumerable<KeyValuePair<string, string>> form, string authToken, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(url, form, authToken)), Encoding.ASCII.GetBytes(signature));
}
