using System.Text.Json.Nodes;

namespace Samsara.Tests.Sandbox.Contract;

/// <summary>
/// The providers' OpenAPI documents committed in <c>tests/contracts/openapi</c> (sources and licences
/// in its README), each parsed once per test run (the Twilio and Vapi files are megabytes).
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

    /// <summary>The folder the specs were read from (always inside the repository).</summary>
    public static string DirectoryPath => Directory.Value;

    /// <summary>The repository root: the nearest folder above the test binaries holding <c>Samsara.sln</c>.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Samsara.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Samsara.sln above {AppContext.BaseDirectory}: run the tests from a clone of the repository.");
    }

    // Only the copies committed in the repository count: a spec found beside the clone (the product docs folder)
    // would make a bare clone fail where the developer's machine passes.
    private static string FindDirectory()
    {
        var folder = Path.Combine(RepositoryRoot, "tests", "contracts", "openapi");
        return File.Exists(Path.Combine(folder, "twilio_api_v2010.json"))
            ? folder
            : throw new InvalidOperationException($"Provider OpenAPI specs not found in {folder}; they are committed with the repository.");
    }
}
