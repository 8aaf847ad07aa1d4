using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Samsara.Sandbox.Infrastructure;

/// <summary>Where the sandbox is mounted, so simulators can hand out absolute URLs (recordings, uploads) that resolve.</summary>
public sealed class SandboxMount
{
    public string Prefix { get; internal set; } = "";

    public static string Url(HttpContext context, string relative)
    {
        var prefix = context.RequestServices.GetRequiredService<SandboxMount>().Prefix;
        return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{prefix}{relative}";
    }
}
