using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samsara.Core.Data;
using Samsara.Testing;

namespace Samsara.Tests.Security;

/// <summary>
/// Issue 10: in Production an unhandled exception, in an API endpoint and in a page, answers without a stack trace,
/// exception type or file path. The database factory is made to throw once the app is up, as a broken disk would.
/// </summary>
public sealed class ProductionErrorTests : IAsyncLifetime
{
    private const string Leak = "/home/recruiter/secret/Samsara.Core/Data/Broken.cs:line 42";

    private readonly SamsaraAppFactory root = new();
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app = null!;
    private ThrowingDbContextFactory breaker = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        app = root.WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureTestServices(services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IDbContextFactory<SamsaraDbContext>));
                services.Remove(original);
                services.AddHttpContextAccessor();
                services.AddSingleton<IDbContextFactory<SamsaraDbContext>>(sp =>
                    breaker = new ThrowingDbContextFactory(Resolve(sp, original), sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>()));
            });
        });
        _ = app.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await root.DisposeAsync();
    }

    [Fact]
    public async Task ApiEndpoint_UnhandledException_500WithoutStackTypeOrPath()
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct)).StatusCode);
        breaker.Armed = true;

        var response = await client.GetAsync(new Uri("/api/v1/projects", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertNothingLeaks(await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Page_UnhandledException_500WithoutStackTypeOrPath()
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative), Ct)).StatusCode);
        breaker.Armed = true;

        var response = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertNothingLeaks(await response.Content.ReadAsStringAsync(Ct));
    }

    private static void AssertNothingLeaks(string body)
    {
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Samsara.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Broken.cs", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/home/", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
    }

    private static IDbContextFactory<SamsaraDbContext> Resolve(IServiceProvider sp, ServiceDescriptor original) =>
        (IDbContextFactory<SamsaraDbContext>)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!));

    /// <summary>Throws inside requests only, so the app's background loops carry on as they would around one bad page.</summary>
    private sealed class ThrowingDbContextFactory(IDbContextFactory<SamsaraDbContext> inner, Microsoft.AspNetCore.Http.IHttpContextAccessor requests)
        : IDbContextFactory<SamsaraDbContext>
    {
        public volatile bool Armed;

        public SamsaraDbContext CreateDbContext() =>
            Armed && requests.HttpContext is not null ? throw new InvalidOperationException("The disk broke at " + Leak) : inner.CreateDbContext();
    }
}
