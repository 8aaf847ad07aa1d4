using Microsoft.Extensions.Options;
using Samsara.Sandbox;
using Samsara.Sandbox.Infrastructure;

// The provider sandbox as its own process, for benchmarks, the SDK conformance suite and manual runs:
//   dotnet run --project src/Samsara.Sandbox.Host -- --urls http://127.0.0.1:5099 --Samsara:Sandbox:AdminSecretFile=/tmp/sandbox.secret
// The admin endpoints (/sandbox/*) answer loopback callers sending the per-start secret in X-Samsara-Sandbox-Secret;
// the secret is written (owner-only) to AdminSecretFile and never logged.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddSamsaraSandbox();

var app = builder.Build();
app.MapSamsaraSandbox();
if (app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.AdminSecretFile is { Length: > 0 } secretFile)
{
    app.Services.GetRequiredService<SandboxAdminSecret>().WriteTo(secretFile);
}

app.Run();
