using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.ClientPackages;
using Samsara.Core.Data;

namespace Samsara.Core.Privacy;

/// <summary>
/// A candidate's answer to "send me what you hold on me" (GDPR art. 15): a zip with <c>candidate.json</c> (their fields
/// and CV data), <c>data/{table}.json</c> for every table with rows about them (scores, outreach states and events,
/// messages both ways, calls and transcripts, consent records, ATS submissions, recruiter calls, usage…) and
/// <c>files/</c> with every stored file those rows name (original CV, recordings) and their pages of client packages.
/// </summary>
public sealed class CandidateDataExport(IDbContextFactory<SamsaraDbContext> dbFactory, IOptions<SamsaraOptions> samsara, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
    };

    /// <summary>Writes the zip to <paramref name="output"/>; false when there is no such candidate (nothing written).</summary>
    public async Task<bool> WriteAsync(Guid candidateId, Stream output, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await PersonalDataRows.KeysAsync(db, candidateId, ct);
        if (keys is null)
        {
            return false;
        }

        var tables = await PersonalDataRows.ReadAsync(db, keys, ct);
        var packages = await PackagesNamingAsync(db, candidateId, ct);
        var dataDirectory = samsara.Value.ResolveDataDirectory();

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var candidate = (Candidates.Candidate)tables.Single(t => t.Rows[0] is Candidates.Candidate).Rows[0];
        await WriteJsonAsync(zip, "candidate.json", CandidateDocument(candidate), ct);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await WriteJsonAsync(zip, $"data/{table.Table}.json", table.Rows, ct);
            foreach (var row in table.Rows)
            {
                foreach (var (column, relative) in PersonalDataRows.StoredPaths(row))
                {
                    // The CV under the name it was sent with (its import row names the same file); other files under the row.
                    if (row is Candidates.Candidate { OriginalFileName: { Length: > 0 } original })
                    {
                        stored[relative] = $"files/cv/{Path.GetFileName(original)}";
                    }
                    else
                    {
                        stored.TryAdd(relative, $"files/{table.Table}/{RowId(row)}-{column}-{Path.GetFileName(relative)}");
                    }
                }
            }
        }

        foreach (var (relative, name) in stored)
        {
            await AddFileAsync(zip, dataDirectory, relative, name, ct);
        }

        if (packages.Count > 0)
        {
            await WriteJsonAsync(zip, "data/client_packages.json", packages.Select(p => p.Package), ct);
            foreach (var (package, files) in packages)
            {
                foreach (var file in files)
                {
                    await AddFileAsync(zip, dataDirectory, Path.Combine("packages", package.Id.ToString("N"), file.Name), $"files/client_packages/{package.Id:N}/{file.Name}", ct);
                }
            }
        }

        await WriteTextAsync(zip, "README.txt", Readme(candidate, tables, packages.Count), ct);
        return true;
    }

    private static JsonObject CandidateDocument(Candidates.Candidate candidate)
    {
        var document = JsonSerializer.SerializeToNode(candidate, Json)!.AsObject();
        // The CV is stored as JSON text; it is exported as the structure it is, not as a string to unpick.
        if (candidate.CvJson is { } cv)
        {
            try
            {
                document["cvJson"] = JsonNode.Parse(cv);
            }
            catch (JsonException)
            {
                // Kept as text when it is not JSON after all.
            }
        }

        return document;
    }

    /// <summary>Packages with pages about this candidate, and just those pages (a shortlist's comparison page names others).</summary>
    private static async Task<List<(ClientPackage Package, List<PackageFile> Files)>> PackagesNamingAsync(SamsaraDbContext db, Guid candidateId, CancellationToken ct)
    {
        var id = candidateId.ToString();
        var candidates = await db.ClientPackages.AsNoTracking().Where(p => p.RequestJson.Contains(id) || p.FilesJson.Contains(id)).ToListAsync(ct);
        var result = new List<(ClientPackage, List<PackageFile>)>();
        foreach (var package in candidates)
        {
            var files = JsonSerializer.Deserialize<List<PackageFile>>(package.FilesJson, Json) ?? [];
            var theirs = files.Where(f => f.CandidateId == candidateId).ToList();
            if (theirs.Count > 0)
            {
                result.Add((package, theirs));
            }
        }

        return result;
    }

    private static string RowId(object row) => row.GetType().GetProperty("Id")?.GetValue(row) is Guid id ? id.ToString("N") : "row";

    private static async Task AddFileAsync(ZipArchive zip, string dataDirectory, string relative, string entryName, CancellationToken ct)
    {
        if (PersonalDataRows.InsideDataFolder(dataDirectory, relative) is not { } full || !File.Exists(full))
        {
            return;
        }

        var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest);
        await using var target = entry.Open();
        await using var source = File.OpenRead(full);
        await source.CopyToAsync(target, ct);
    }

    private static async Task WriteJsonAsync(ZipArchive zip, string name, object value, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await JsonSerializer.SerializeAsync(stream, value, value.GetType(), Json, ct);
    }

    private static async Task WriteTextAsync(ZipArchive zip, string name, string text, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), ct);
    }

    private string Readme(Candidates.Candidate candidate, IReadOnlyList<PersonalTable> tables, int packages) =>
        $"""
        Personal data held by Samsara about {candidate.FullName}, exported {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC.

        candidate.json         the candidate's fields and CV data
        data/<table>.json      every record about them, one file per kind:
        {string.Join(Environment.NewLine, tables.Select(t => $"                         {t.Table} ({t.Rows.Count})"))}
        {(packages > 0 ? $"                         client_packages ({packages})" : "")}
        files/                 the files those records name (original CV, call recordings, client package pages)
        """;
}
