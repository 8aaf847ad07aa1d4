using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Samsara.Testing;

namespace Samsara.Tests.Api;

public sealed class OverdueReplanSettingApiTests : IAsyncLifetime
{
    private readonly SamsaraAppFactory app = new();
    private HttpClient client = null!;

    public ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task GetSettings_NewProject_OverdueLimitIsTwoHours()
    {
        var project = await app.CreateProjectAsync();

        var settings = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/settings");

        Assert.Equal(120, settings.GetProperty("overdueReplanMinutes").GetInt32());
    }

    [Fact]
    public async Task PutSettings_OverdueLimit_RoundTrips()
    {
        var project = await app.CreateProjectAsync();

        var response = await client.PutAsJsonAsync($"/api/v1/projects/{project.Id}/settings",
            new { defaultPhoneRegion = "GB", replyWindowMinutes = 30, quietHoursStartMinute = 8 * 60, quietHoursEndMinute = 21 * 60, overdueReplanMinutes = 45 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var settings = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/settings");
        Assert.Equal(45, settings.GetProperty("overdueReplanMinutes").GetInt32());
    }

    [Fact]
    public async Task PutSettings_OverdueLimitTooSmall_Returns400NamingTheFieldAndKeepsTheOldValue()
    {
        var project = await app.CreateProjectAsync();

        var response = await client.PutAsJsonAsync($"/api/v1/projects/{project.Id}/settings",
            new { defaultPhoneRegion = "GB", replyWindowMinutes = 30, quietHoursStartMinute = 8 * 60, quietHoursEndMinute = 21 * 60, overdueReplanMinutes = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("5 minutes", problem.GetProperty("errors").GetProperty("overdueReplanMinutes")[0].GetString(), StringComparison.Ordinal);
        var settings = await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{project.Id}/settings");
        Assert.Equal(120, settings.GetProperty("overdueReplanMinutes").GetInt32());
    }
}
