using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Samsara.Web.Sandbox;

namespace Samsara.Web.Ats;

/// <summary>
/// Sample ATS candidate forms for demo mode, so the extension can be tried with no ATS account: Bullhorn-like
/// (Angular-style model and a custom select), JobAdder-like (React-style controlled inputs), Vincere-like
/// (two steps), a plain HTML form, a form inside an iframe, a rich-text editor and an unknown ATS for "Pick fields". Each shows the saved record's address after save.
/// </summary>
internal static class SandboxAtsPages
{
    public const string Prefix = "/_sandbox/ats";

    public static readonly IReadOnlyList<(string Kind, string Title)> Pages =
    [
        ("bullhorn", "Bullhorn-like (Angular-style, custom select)"),
        ("jobadder", "JobAdder-like (React-style controlled form)"),
        ("vincere", "Vincere-like (two steps)"),
        ("plain", "Plain HTML form"),
        ("iframe", "Form inside an iframe"),
        ("richtext", "Rich-text notes editor"),
        ("pick", "An ATS Samsara does not know (try Pick fields)"),
    ];

    private static readonly string[] Kinds = ["bullhorn", "jobadder", "vincere", "plain", "iframe", "iframe-form", "wide", "richtext", "pick"];

    /// <summary>Fields on the "wide" page, the benchmark's 40-field form.</summary>
    public const int WideFields = 40;

    public static WebApplication MapSandboxAtsPagesIfDemo(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<DemoMode>().Enabled)
        {
            return app;
        }

        var records = new ConcurrentDictionary<int, IReadOnlyDictionary<string, string?>>();
        var nextId = 1000;
        var group = app.MapGroup(Prefix).ExcludeFromDescription();
        group.MapGet("/save.js", () => TypedResults.Text(Read("save.js"), "text/javascript"));
        group.MapGet("/{kind}", Results<ContentHttpResult, NotFound> (string kind) => Page(kind));
        // The page a saved record lives at: single-page ATSs push this address, the plain form is redirected here.
        group.MapGet("/{kind}/candidate/{id:int}", Results<ContentHttpResult, NotFound> (string kind, int id) =>
            kind == "plain" && records.TryGetValue(id, out var record) ? RecordPage(kind, id, record) : Page(kind));
        group.MapPost("/{kind}/records", async Task<Results<Ok<SavedRecord>, RedirectHttpResult, NotFound>> (string kind, HttpRequest request) =>
        {
            if (!Kinds.Contains(kind))
            {
                return TypedResults.NotFound();
            }

            var values = request.HasFormContentType
                ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => (string?)f.Value.ToString())
                : await request.ReadFromJsonAsync<Dictionary<string, string?>>() ?? [];
            var id = Interlocked.Increment(ref nextId);
            records[id] = values;
            var path = $"{Prefix}/{kind}/candidate/{id}";
            var saved = new SavedRecord(id, path, $"{request.Scheme}://{request.Host}{path}");
            return request.HasFormContentType ? TypedResults.Redirect(path) : TypedResults.Ok(saved);
        });
        return app;
    }

    private static Results<ContentHttpResult, NotFound> Page(string kind) => kind switch
    {
        "wide" => TypedResults.Content(WidePage(), "text/html; charset=utf-8"),
        _ when Kinds.Contains(kind) => TypedResults.Content(Read(kind + ".html"), "text/html; charset=utf-8"),
        _ => TypedResults.NotFound(),
    };

    /// <summary>A 40-field controlled form (state in JavaScript, re-rendered on focus changes) for the fill benchmark.</summary>
    private static string WidePage()
    {
        var inputs = string.Concat(Enumerable.Range(1, WideFields).Select(i => $"<label>Field {i:00} <input name=\"field{i:00}\"></label>"));
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Wide form (sandbox)</title></head><body>"
            + $"<form id=\"form\" onsubmit=\"return false\">{inputs}<button type=\"button\" id=\"save\">Save</button></form>"
            + "<p id=\"saved\" hidden>Saved record: <a id=\"record-link\"></a></p><script src=\"/_sandbox/ats/save.js\"></script><script>"
            + "const state={};const els=[...document.querySelectorAll('[name]')];"
            + "for(const el of els)el.addEventListener('input',()=>{state[el.name]=el.value;});"
            + "document.addEventListener('focusout',()=>setTimeout(()=>{for(const el of els)el.value=state[el.name]??'';},0));"
            + "document.getElementById('save').addEventListener('click',()=>saveRecord('wide',{...state}));window.atsState=()=>({...state});"
            + "</script></body></html>";
    }

    private static ContentHttpResult RecordPage(string kind, int id, IReadOnlyDictionary<string, string?> record)
    {
        var rows = string.Concat(record.Select(r => $"<tr><th>{Html(r.Key)}</th><td data-field=\"{Html(r.Key)}\">{Html(r.Value)}</td></tr>"));
        return TypedResults.Content(
            $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Candidate {id}</title></head><body style=\"font:14px sans-serif;margin:24px\">"
            + $"<h1>Candidate {id} saved</h1><p id=\"saved\">Saved record: <a id=\"record-link\" href=\"{Prefix}/{kind}/candidate/{id}\">{Prefix}/{kind}/candidate/{id}</a></p>"
            + $"<table>{rows}</table></body></html>", "text/html; charset=utf-8");
    }

    private static string Html(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");

    private static string Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Samsara.Web.Ats.SandboxPages." + file)
            ?? throw new InvalidOperationException($"Sandbox page {file} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public sealed record SavedRecord(int Id, string Path, string Url);
}
