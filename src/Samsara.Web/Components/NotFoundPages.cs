namespace Samsara.Web.Components;

internal static class NotFoundPages
{
    /// <summary>
    /// A page address that matches nothing shows the friendly not-found page (status 404 kept); API and sandbox
    /// addresses keep their problem+json answers, which clients parse.
    /// </summary>
    public static IApplicationBuilder UseFriendlyNotFound(this IApplicationBuilder app)
    {
        app.UseWhen(IsPage, page => page.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(c => !IsPage(c), api => api.UseStatusCodePages());
        return app;
    }

    private static bool IsPage(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/_sandbox")
        && !context.Request.Path.StartsWithSegments("/_blazor") && !context.Request.Path.StartsWithSegments("/_framework")
        && !context.Request.Path.StartsWithSegments("/openapi") && !context.Request.Path.StartsWithSegments("/health");
}
