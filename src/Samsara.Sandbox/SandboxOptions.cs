namespace Samsara.Sandbox;

/// <summary>
/// The fake accounts the simulators accept. Each provider checks its own credential the way the
/// real service does, so a client configured with the wrong key fails here as it would in production.
/// </summary>
public sealed class SandboxOptions
{
    public const string Section = "Samsara:Sandbox";

    public string TwilioAccountSid { get; set; } = "AC00000000000000000000000000000001";
    public string TwilioAuthToken { get; set; } = "sandbox-twilio-token";
    public string SendGridApiKey { get; set; } = "SG.sandbox-sendgrid-key";
    public string VapiApiKey { get; set; } = "sandbox-vapi-key";
    public string BlandApiKey { get; set; } = "sandbox-bland-key";
    public string RetellApiKey { get; set; } = "sandbox-retell-key";
    public string DeepgramApiKey { get; set; } = "sandbox-deepgram-key";
    public string AssemblyAiApiKey { get; set; } = "sandbox-assemblyai-key";

    /// <summary>
    /// Where a standalone sandbox host writes its per-start admin secret (owner-only), so the process that started it
    /// can call <c>/sandbox/*</c>; empty writes nothing. The app's in-process sandbox never needs it.
    /// </summary>
    public string? AdminSecretFile { get; set; }

    /// <summary>Seconds a Twilio message spends in each of queued and sent before the next status.</summary>
    public double SmsStepSeconds { get; set; } = 1;

    /// <summary>Seconds from dialling to the callee answering (or giving up when they do not).</summary>
    public double CallRingSeconds { get; set; } = 5;

    /// <summary>Seconds an answered screening call lasts.</summary>
    public double CallTalkSeconds { get; set; } = 60;
}
