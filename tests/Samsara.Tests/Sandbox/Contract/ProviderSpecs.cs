using System.Text.Json.Nodes;

namespace Samsara.Tests.Sandbox.Contract;

/// <summary>
/// The providers' OpenAPI documents from <c>shared/reference/openapi</c>, each parsed once per test
/// run (the Twilio and Vapi files are megabytes). Found by walking up from the test binaries, or
/// from <c>SAMSARA_OPENAPI_DIR</c>.
/// </summary>
internal static class ProviderSpecs
{
    private static readonly Lazy<string> Directory = new(FindDirectory);
    private static readonly Lazy<ProviderSpec> TwilioSpec = Load("twilio", "twilio_api_v2010.json");
    private static readonly Lazy<ProviderSpec> SendGridSpec = Load("sendgrid", "sendgrid_mail_v3.json");
    private static readonly Lazy<ProviderSpec> VapiSpec = Load("vapi", "vapi.json");
    private static readonly Lazy<ProviderSpec> BlandSpec = Load("bland", "bland.yaml");
    private static readonly Lazy<ProviderSpec> RetellSpec = Load("retell", "retell.yaml");
    private static readonly Lazy<ProviderSpec> DeepgramSpec = Load("deepgram", "deepgram.yml");
    private static readonly Lazy<ProviderSpec> AssemblyAiSpec = Load("assemblyai", "assemblyai.yml");

    public static ProviderSpec Twilio => TwilioSpec.Value;
    public static ProviderSpec SendGrid => SendGridSpec.Value;
    public static ProviderSpec Vapi => VapiSpec.Value;
    public static ProviderSpec Bland => BlandSpec.Value;
    public static ProviderSpec Retell => RetellSpec.Value;
    public static ProviderSpec Deepgram => DeepgramSpec.Value;
    public static ProviderSpec AssemblyAi => AssemblyAiSpec.Value;

    private static Lazy<ProviderSpec> Load(string name, string file) => new(() =>
    {
        var path = Path.Combine(Directory.Value, file);
        using var reader = File.OpenText(path);
        var node = file.EndsWith(".json", StringComparison.Ordinal) ? JsonNode.Parse(reader.ReadToEnd()) : YamlToJson.Convert(reader);
        return new ProviderSpec(name, node as JsonObject ?? throw new InvalidOperationException($"{path} is not an object"));
    });

    private static string FindDirectory()
    {
        if (Environment.GetEnvironmentVariable("SAMSARA_OPENAPI_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "reference", "openapi"), Path.Combine(dir.FullName, "reference", "openapi") })
            {
                if (File.Exists(Path.Combine(candidate, "twilio_api_v2010.json")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "Provider OpenAPI specs not found: expected shared/reference/openapi beside the repository, or set SAMSARA_OPENAPI_DIR.");
    }
}
