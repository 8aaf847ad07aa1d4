using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core.Common;
using Samsara.Testing;

namespace Samsara.Tests.Security;

/// <summary>
/// Issue 10: text and enum input as an attacker would send it, once per database. The tests of a class share one app, so
/// "saves nothing" compares the list before and after.
/// </summary>
public abstract class InputHardeningTests(SamsaraAppFactory app)
{
    private readonly HttpClient client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostProject_NulControlAndBidiCharacters_SavedWithoutThem()
    {
        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Acme\0 Backend\u0007 \u202Egnp.exe", clientName = "Client\u2066 Ltd\u2069\r\n" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}", Ct);
        Assert.Equal("Acme Backend gnp.exe", stored.GetProperty("name").GetString());
        Assert.StartsWith("Client Ltd", stored.GetProperty("clientName").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCandidate_NameWithNul_IsStoredCleanAndListed()
    {
        var project = await app.CreateProjectAsync();

        var candidate = await app.AddCandidateAsync(project.Id, "Ana\0 Lima\u202D", email: "ana@example.test");

        var listed = await client.GetStringAsync(new Uri($"/api/v1/projects/{project.Id}/candidates", UriKind.Relative), Ct);
        Assert.Contains("\"Ana Lima\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0000", listed, StringComparison.Ordinal);
        Assert.NotEqual(Guid.Empty, candidate.Id);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("-1")]
    public async Task ListCandidates_UndefinedSortValue_Returns400NamingTheChoices(string sort)
    {
        var project = await app.CreateProjectAsync();

        var response = await client.GetAsync(new Uri($"/api/v1/projects/{project.Id}/candidates?sort={Uri.EscapeDataString(sort)}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Contains("Name", errors.GetProperty("sort")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostProject_NumericStatus_Returns400AndSavesNothing()
    {
        var before = await client.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);

        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Numeric", status = 99 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await client.GetStringAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct));
    }

    [Fact]
    public async Task PostProvider_NumericProviderType_Returns400AndSavesNothing()
    {
        var before = await client.GetStringAsync(new Uri("/api/v1/providers", UriKind.Relative), Ct);

        var response = await client.PostAsJsonAsync("/api/v1/providers", new { providerType = 99, providerName = "X", secrets = new { apiKey = "k" } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await client.GetStringAsync(new Uri("/api/v1/providers", UriKind.Relative), Ct));
    }
}

public sealed class SqliteInputHardeningTests(SharedSamsaraApp app) : InputHardeningTests(app), IClassFixture<SharedSamsaraApp>
{
    [Fact]
    public void Clean_TextWithoutUnwantedCharacters_IsTheSameInstance()
    {
        const string text = "Zoë O'Brien — مرحبا\tok\r\n";

        Assert.Same(text, TextSanitiser.Clean(text));
    }
}

public sealed class PostgresInputHardeningTests(SharedPostgresSamsaraApp app) : InputHardeningTests(app), IClassFixture<SharedPostgresSamsaraApp>;

/// <summary>Issue 10: the data folder is the owner's alone; `dotnet run` shows no stack traces.</summary>
public sealed class DataFolderAndErrorPageTests : IAsyncLifetime
{
    private readonly SamsaraAppFactory app = new(TestDatabase.EmptySqlite());

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Start_FreshDataFolder_FolderIsOwnerOnlyAndDatabaseFilesTooOnUnix()
    {
        await app.CreateProjectAsync();

        Assert.Equal(PrivateDataFolder.FolderMode, File.GetUnixFileMode(app.DataDirectory));
        var files = Directory.GetFiles(app.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => Path.GetFileName(f) == "samsara.db");
        Assert.All(files, f => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(f) & (UnixFileMode)0b000_111_111));
        Assert.All(Directory.GetDirectories(app.DataDirectory, "*", SearchOption.AllDirectories),
            d => Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(d) & (UnixFileMode)0b000_111_111));
    }

    [Fact]
    public void LaunchSettings_DefaultProfile_IsNotDevelopment()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Samsara.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root.FullName, "src", "Samsara.Web", "Properties", "launchSettings.json")));
        // `dotnet run` takes the first profile.
        var first = settings.RootElement.GetProperty("profiles").EnumerateObject().First();
        Assert.NotEqual("Development", first.Value.GetProperty("environmentVariables").GetProperty("ASPNETCORE_ENVIRONMENT").GetString());
    }
}
