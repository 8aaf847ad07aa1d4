using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Core;
using Samsara.Testing;

namespace Samsara.Tests.Ats;

/// <summary>The mapping endpoints over HTTP, as the ATS page and a script use them, once per database.</summary>
public abstract class AtsMappingApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    private SamsaraAppFactory app = null!;
    private HttpClient http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        app = new SamsaraAppFactory(await TestDatabase.CreateAsync(provider));
        http = app.CreateClient();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private static Dictionary<string, object> Rules() => new Dictionary<string, object>
    {
        ["firstName"] = new { source = "candidate.full_name", transform = "FirstName" },
        ["lastName"] = new { source = "candidate.full_name", transform = "LastName" },
        ["mobile"] = new { source = "candidate.phone", transform = "PhoneNational", region = "GB" },
        ["source"] = new { transform = "Fixed", value = "Samsara" },
    };

    private async Task<JsonElement> ListAsync() => await http.GetFromJsonAsync<JsonElement>("/api/v1/ats/mappings", Ct);

    private static JsonElement DefaultOf(JsonElement list, string vendor) =>
        list.EnumerateArray().Single(m => m.GetProperty("vendor").GetString() == vendor && m.GetProperty("isDefault").GetBoolean());

    [Fact]
    public async Task List_FreshInstall_HasOneBuiltInDefaultPerAts()
    {
        var list = await ListAsync();

        foreach (var vendor in new[] { "Bullhorn", "JobAdder", "Vincere", "Generic" })
        {
            var mapping = DefaultOf(list, vendor);
            Assert.True(mapping.GetProperty("fields").EnumerateObject().Any(), $"{vendor}'s default has no fields");
        }

        Assert.Equal(4, list.EnumerateArray().Count(m => m.GetProperty("isDefault").GetBoolean()));
    }

    [Fact]
    public async Task Create_AsDefault_ReplacesTheOldDefaultOfThatAtsOnly()
    {
        var before = DefaultOf(await ListAsync(), "Bullhorn").GetProperty("id").GetGuid();

        var created = await http.PostAsJsonAsync("/api/v1/ats/mappings", new { vendor = "Bullhorn", name = "Agency Bullhorn", isDefault = true, fields = Rules() }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/ats/mappings/{id}", created.Headers.Location!.OriginalString);
        var list = await ListAsync();
        Assert.Equal(id, DefaultOf(list, "Bullhorn").GetProperty("id").GetGuid());
        Assert.False(list.EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == before).GetProperty("isDefault").GetBoolean());
        Assert.Single(list.EnumerateArray(), m => m.GetProperty("vendor").GetString() == "JobAdder" && m.GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task Create_BadRules_400NamesEachField()
    {
        var response = await http.PostAsJsonAsync("/api/v1/ats/mappings", new
        {
            vendor = "Vincere",
            name = "",
            fields = new Dictionary<string, object>
            {
                ["email"] = new { source = "candidate.shoe_size", transform = "FirstEmail" },
                ["dob"] = new { source = "candidate.created_at", transform = "Date", format = "not a format %" },
                ["status"] = new { source = "screening.state", transform = "Lookup" },
            },
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.Contains("candidate.shoe_size", errors.GetProperty("fields.email")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("not a date format", errors.GetProperty("fields.dob")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("lookup needs a table", errors.GetProperty("fields.status")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(4, (await ListAsync()).GetArrayLength());
    }

    [Fact]
    public async Task CopyEditAndDelete_ACopy_LeavesTheOriginalAlone()
    {
        var original = DefaultOf(await ListAsync(), "JobAdder");
        var originalId = original.GetProperty("id").GetGuid();

        var copy = await http.PostAsJsonAsync($"/api/v1/ats/mappings/{originalId}/copy", new { name = "JobAdder for Acme" }, Ct);
        var copied = await copy.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var copyId = copied.GetProperty("id").GetGuid();
        var put = await http.PutAsJsonAsync($"/api/v1/ats/mappings/{copyId}", new { vendor = "JobAdder", name = "JobAdder for Acme", fields = Rules() }, Ct);
        var edited = await http.GetFromJsonAsync<JsonElement>($"/api/v1/ats/mappings/{copyId}", Ct);
        var untouched = await http.GetFromJsonAsync<JsonElement>($"/api/v1/ats/mappings/{originalId}", Ct);

        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        Assert.False(copied.GetProperty("isDefault").GetBoolean());
        Assert.Equal(original.GetProperty("fields").GetRawText(), copied.GetProperty("fields").GetRawText());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["firstName", "lastName", "mobile", "source"], edited.GetProperty("fields").EnumerateObject().Select(f => f.Name));
        Assert.Equal(original.GetProperty("fields").GetRawText(), untouched.GetProperty("fields").GetRawText());

        var deleted = await http.DeleteAsync($"/api/v1/ats/mappings/{copyId}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/ats/mappings/{copyId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task DeleteOrUndefault_TheDefault_IsRefusedWithAReason()
    {
        var mapping = DefaultOf(await ListAsync(), "Vincere");
        var id = mapping.GetProperty("id").GetGuid();

        var delete = await http.DeleteAsync($"/api/v1/ats/mappings/{id}", Ct);
        var undefault = await http.PutAsJsonAsync($"/api/v1/ats/mappings/{id}", new { vendor = "Vincere", name = "Vincere", isDefault = false, fields = Rules() }, Ct);
        var changeAts = await http.PutAsJsonAsync($"/api/v1/ats/mappings/{id}", new { vendor = "Bullhorn", name = "Vincere", isDefault = true, fields = Rules() }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Contains("make another mapping the default first", await delete.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, undefault.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, changeAts.StatusCode);
        Assert.Contains("copy it instead", await changeAts.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True(DefaultOf(await ListAsync(), "Vincere").GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Preview_UnsavedRulesForACandidate_ValuesAndWarnings()
    {
        var project = await app.CreateProjectAsync();
        var candidate = await app.AddCandidateAsync(project.Id, "María José de la Cruz", email: "mj@example.com", phone: "+447700900123");
        var rules = new Dictionary<string, object>
        {
            ["firstName"] = new { source = "candidate.full_name", transform = "FirstName" },
            ["lastName"] = new { source = "candidate.full_name", transform = "LastName" },
            ["mobile"] = new { source = "candidate.phone", transform = "PhoneNational", region = "GB" },
            ["title"] = new { source = "candidate.current_title", transform = "Upper" },
        };

        var response = await http.PostAsJsonAsync("/api/v1/ats/mappings/preview", new { projectId = project.Id, candidateId = candidate.Id, vendor = "Generic", fields = rules }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var values = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).EnumerateArray().ToDictionary(v => v.GetProperty("field").GetString()!);
        Assert.Equal("María José", values["firstName"].GetProperty("value").GetString());
        Assert.Equal("de la Cruz", values["lastName"].GetProperty("value").GetString());
        Assert.Equal("07700 900123", values["mobile"].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, values["title"].GetProperty("value").ValueKind);
        Assert.False(string.IsNullOrEmpty(values["title"].GetProperty("warning").GetString()));

        var unknown = await http.PostAsJsonAsync("/api/v1/ats/mappings/preview", new { projectId = project.Id, candidateId = Guid.NewGuid(), vendor = "Generic" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

public sealed class AtsMappingApiSqliteTests() : AtsMappingApiTests(DatabaseProvider.Sqlite);

public sealed class AtsMappingApiPostgresTests() : AtsMappingApiTests(DatabaseProvider.Postgres);
