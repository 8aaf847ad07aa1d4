using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samsara.Core.ClientPackages.Branding;
using Samsara.Core.ClientPackages.Pdf;
using Samsara.Core.Common;
using Samsara.Core.Data;
using Samsara.Core.Email;
using Samsara.Core.Outreach;
using Samsara.Core.Outreach.Engine;

namespace Samsara.Core.ClientPackages;

/// <summary>
/// Builds client packages (comparison page, per candidate a branded CV and a screening summary, optionally the original
/// CV), keeps them in the data folder, and sends them to the client through the one email path; each sent candidate
/// moves to SENT_TO_CLIENT with a ledger line.
/// </summary>
public sealed partial class ClientPackageService(
    IDbContextFactory<SamsaraDbContext> dbFactory,
    TimeProvider clock,
    DossierReader reader,
    BrandingService branding,
    OutboundEmailSender email,
    OutreachService outreach,
    ChangeFeed changes,
    IOptions<SamsaraOptions> samsara,
    IOptions<ClientPackageOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Builds the PDFs and stores the package.</summary>
    /// <returns>Null when the project does not exist.</returns>
    /// <exception cref="InputValidationException">No candidates, too many, not ready for the client, or an original CV asked for with anonymising.</exception>
    public async Task<PackageView?> CreateAsync(Guid projectId, PackageRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null)
        {
            return null;
        }

        request = request with { Anonymise = request.Anonymise ?? project.AnonymiseClientPackages };
        var anonymise = request.Anonymise == true;
        var ids = (request.CandidateIds ?? []).Distinct().ToList();
        var errors = new Dictionary<string, string[]>();
        if (ids.Count == 0 || ids.Count > options.Value.MaxCandidates)
        {
            errors["candidateIds"] = [$"Pick 1 to {options.Value.MaxCandidates} candidates."];
        }

        if (anonymise && request.IncludeOriginalCv)
        {
            errors["includeOriginalCv"] = ["An anonymised package never includes the original CV (it carries the name and contact details)."];
        }

        foreach (var (candidate, turns) in request.Excerpts ?? new Dictionary<Guid, IReadOnlyList<int>>())
        {
            if (turns.Count > 4)
            {
                errors[$"excerpts.{candidate}"] = ["Pick at most 4 excerpts per candidate."];
            }
        }

        var facts = new List<CandidateFacts>();
        foreach (var id in errors.Count > 0 ? [] : ids)
        {
            var read = await reader.ReadAsync(projectId, id, request.Excerpts?.GetValueOrDefault(id), ct);
            if (read is null || !DossierReader.Eligible.Contains(read.State))
            {
                errors["candidateIds"] = [.. errors.GetValueOrDefault("candidateIds") ?? [],
                    read is null ? $"Candidate {id} is not enrolled in this project." : $"{read.Dossier.DisplayName} is {read.State}; only ATS_READY or ATS_SUBMITTED candidates go to the client."];
                continue;
            }

            facts.Add(read);
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        var now = clock.GetUtcNow();
        var package = new ClientPackage
        {
            Id = Guid.CreateVersion7(now),
            ProjectId = projectId,
            Anonymised = anonymise,
            RequestJson = JsonSerializer.Serialize(request with { CandidateIds = ids }, Json),
            FilesJson = "[]",
            Status = ClientPackageStatus.Ready,
            CreatedAt = now,
        };
        var files = await BuildFilesAsync(package, project.Name, facts, request, ct);
        package.FilesJson = JsonSerializer.Serialize(files, Json);
        db.ClientPackages.Add(package);
        await db.SaveChangesAsync(ct);
        changes.Publish(projectId, "packages");
        return View(package);
    }

    /// <summary>The dossiers as the client will read them (anonymised when asked), in shortlist order.</summary>
    public static IReadOnlyList<CandidateDossier> ForClient(IReadOnlyList<CandidateFacts> facts, PackageRequest request, int year)
    {
        var terms = (request.RedactTerms ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        return [.. facts.Select((f, i) => request.Anonymise != true ? f.Dossier : Anonymiser.Anonymise(f.Dossier, f.Identity,
            request.Naming == AnonymousName.Initials ? Anonymiser.Initials(f.Identity.FullName) : Anonymiser.Reference(year, i + 1), terms))];
    }

    private async Task<List<PackageFile>> BuildFilesAsync(ClientPackage package, string projectName, List<CandidateFacts> facts, PackageRequest request, CancellationToken ct)
    {
        var brand = await branding.ForPdfAsync(ct);
        var pdfs = new PackagePdfs(PdfFonts.Install(options.Value.FontFolder));
        var dossiers = ForClient(facts, request, package.CreatedAt.Year);
        var folder = Folder(package.Id);
        PrivateDataFolder.Ensure(folder);
        var files = new List<PackageFile>();

        void Write(string name, PackageFileKind kind, Guid? candidateId, string displayName, byte[] bytes, string type)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
            files.Add(new PackageFile(name, kind, candidateId, displayName, bytes.Length, type));
        }

        Write("00-comparison.pdf", PackageFileKind.Comparison, null, "Comparison", pdfs.Comparison(dossiers, brand, projectName), "application/pdf");
        for (var i = 0; i < dossiers.Count; i++)
        {
            var d = dossiers[i];
            var stem = $"{i + 1:00}-" + Slug(d.DisplayName, $"candidate-{i + 1}");
            Write(stem + "-cv.pdf", PackageFileKind.Cv, d.CandidateId, d.DisplayName, pdfs.Cv(d, brand), "application/pdf");
            Write(stem + "-screening.pdf", PackageFileKind.ScreeningSummary, d.CandidateId, d.DisplayName, pdfs.ScreeningSummary(d, brand), "application/pdf");
            if (request.IncludeOriginalCv && request.Anonymise != true && facts[i].StoredFilePath is { } stored)
            {
                var path = Path.Combine(samsara.Value.ResolveDataDirectory(), stored);
                if (File.Exists(path))
                {
                    var ext = Path.GetExtension(facts[i].OriginalFileName ?? stored).ToLowerInvariant();
                    Write(stem + "-original" + (ext.Length is > 1 and <= 5 ? ext : ""), PackageFileKind.OriginalCv, d.CandidateId, d.DisplayName,
                        await File.ReadAllBytesAsync(path, ct), ext == ".pdf" ? "application/pdf" : "application/octet-stream");
                }
            }
        }

        return files;
    }

    public async Task<PackageView?> GetAsync(Guid projectId, Guid packageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var package = await db.ClientPackages.AsNoTracking().SingleOrDefaultAsync(p => p.Id == packageId && p.ProjectId == projectId, ct);
        return package is null ? null : View(package);
    }

    public async Task<IReadOnlyList<PackageView>> ListAsync(Guid projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ClientPackages.AsNoTracking().Where(p => p.ProjectId == projectId).ToListAsync(ct);
        return [.. rows.OrderByDescending(p => p.CreatedAt).Select(View)];
    }

    /// <summary>The stored file by its listed name only (no path from the caller reaches the disk).</summary>
    public async Task<(string Path, PackageFile File)?> FileAsync(Guid projectId, Guid packageId, string name, CancellationToken ct = default)
    {
        var package = await GetAsync(projectId, packageId, ct);
        var file = package?.Files.FirstOrDefault(f => f.Name == name);
        return file is null ? null : (Path.Combine(Folder(packageId), file.Name), file);
    }

    public async Task<SendResult> SendAsync(Guid projectId, Guid packageId, SendPackageRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var package = await db.ClientPackages.SingleOrDefaultAsync(p => p.Id == packageId && p.ProjectId == projectId, ct);
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, ct);
        if (package is null || project is null)
        {
            return new(SendOutcome.NotFound, null);
        }

        var to = (request.To ?? project.ClientContactEmail)?.Trim();
        // The client in copy as well, or twice: SendGrid refuses an address repeated across to and cc.
        var cc = (request.Cc ?? []).Select(a => a.Trim()).Where(a => a.Length > 0 && !string.Equals(a, to, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var errors = new Dictionary<string, string[]>();
        if (to is null || !LooksLikeEmail(to))
        {
            errors["to"] = [to is null ? "Give the client's email address (the project has no client contact)." : $"'{to}' is not an email address."];
        }

        if (cc.FirstOrDefault(a => !LooksLikeEmail(a)) is { } badCc)
        {
            errors["cc"] = [$"'{badCc}' is not an email address."];
        }

        if (request.Message?.Length > 10_000 || request.Subject?.Length > 300)
        {
            errors["message"] = ["The subject is at most 300 characters and the message at most 10,000."];
        }

        if (errors.Count > 0)
        {
            throw new InputValidationException(errors);
        }

        if (package.SendCount > 0 && !request.Confirm)
        {
            return new(SendOutcome.NeedsConfirmation, View(package),
                $"This package was already sent to {package.SentTo} on {package.SentAt:yyyy-MM-dd HH:mm} UTC. Send it again?");
        }

        var view = View(package);
        var stored = JsonSerializer.Deserialize<PackageRequest>(package.RequestJson, Json)!;
        var brand = await branding.GetAsync(ct);
        var (subject, text) = await ComposeAsync(projectId, project.Name, project.ClientName, view, stored, brand, request, ct);
        var attachments = view.Files.Select(f => new EmailAttachment(f.Name, f.ContentType, File.ReadAllBytes(Path.Combine(Folder(package.Id), f.Name)))).ToList();
        var sent = await email.SendAsync(new OutboundEmail(Guid.CreateVersion7(clock.GetUtcNow()), to!, project.ClientName, subject, text, Html(text), cc, attachments,
            new OutboundEmailUsage(projectId, view.CandidateIds.Count == 1 ? view.CandidateIds[0] : null)), ct);
        if (!sent.Succeeded)
        {
            return new(SendOutcome.Failed, view, "The email was not sent: " + sent.Failure!.Reason);
        }

        var now = clock.GetUtcNow();
        package.Status = ClientPackageStatus.Sent;
        package.SentTo = to;
        package.SentCc = cc.Count == 0 ? null : string.Join(", ", cc);
        package.SentAt = now;
        package.SendCount++;
        package.EmailSubject = subject;
        package.EmailText = text;
        await db.SaveChangesAsync(ct);
        await RecordSendAsync(db, package, view.CandidateIds, to!, now, ct);
        changes.Publish(projectId, "packages");
        return new(SendOutcome.Sent, View(package));
    }

    private async Task RecordSendAsync(SamsaraDbContext db, ClientPackage package, IReadOnlyList<Guid> candidateIds, string to, DateTimeOffset now, CancellationToken ct)
    {
        var sequences = await db.OutreachSequences.AsNoTracking()
            .Where(s => s.ProjectId == package.ProjectId && candidateIds.Contains(s.CandidateId)).ToListAsync(ct);
        foreach (var sequence in sequences)
        {
            db.OutreachLedger.Add(new LedgerEntry
            {
                Id = Guid.CreateVersion7(now),
                ProjectId = package.ProjectId,
                SequenceId = sequence.Id,
                Kind = LedgerKind.Sent,
                Detail = $"Client package {package.Id} sent to {to}" + (package.SentCc is null ? "" : $" (cc {package.SentCc})") +
                    (package.SendCount > 1 ? $", send {package.SendCount}" : "") + (package.Anonymised ? ", anonymised" : ""),
                OccurredAt = now,
            });
            if (sequence.Status is CandidateState.AtsReady or CandidateState.AtsSubmitted)
            {
                await outreach.TransitionAsync(package.ProjectId, sequence.CandidateId, CandidateState.SentToClient, $"Client package sent to {to}", "client-package", ct);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task<(string Subject, string Text)> ComposeAsync(
        Guid projectId, string projectName, string? clientName, PackageView view, PackageRequest stored, BrandingView brand, SendPackageRequest request, CancellationToken ct)
    {
        var names = view.Files.Where(f => f.Kind == PackageFileKind.Cv).Select(f => "- " + f.DisplayName).ToList();
        var subject = string.IsNullOrWhiteSpace(request.Subject) ? $"Shortlist: {projectName} ({names.Count} candidate{(names.Count == 1 ? "" : "s")})" : request.Subject.Trim();
        var template = string.IsNullOrWhiteSpace(request.Message) ? options.Value.MessageTemplate : request.Message;
        var text = Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "client_name" => clientName ?? "",
            "project" => projectName,
            "candidates" => string.Join("\n", names),
            "count" => names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "signature" => brand.EmailSignature ?? brand.AgencyName,
            _ => m.Value,
        });
        if (view.Anonymised)
        {
            // Whatever the recruiter typed, no candidate's name or contact detail leaves in the email either.
            foreach (var id in view.CandidateIds)
            {
                if (await reader.ReadAsync(projectId, id, null, ct) is { } facts)
                {
                    var redact = Anonymiser.Redaction(facts.Identity, stored.RedactTerms ?? []);
                    subject = redact(subject)!;
                    text = redact(text)!;
                }
            }
        }

        return (subject, text);
    }

    private string Folder(Guid packageId) => Path.Combine(samsara.Value.ResolveDataDirectory(), "packages", packageId.ToString("N"));

    private static PackageView View(ClientPackage p)
    {
        var files = JsonSerializer.Deserialize<List<PackageFile>>(p.FilesJson, Json) ?? [];
        var request = JsonSerializer.Deserialize<PackageRequest>(p.RequestJson, Json);
        return new(p.Id, p.ProjectId, p.Anonymised, p.Status, files, request?.CandidateIds ?? [], p.SentTo, p.SentCc, p.SentAt, p.SendCount,
            p.EmailSubject, p.EmailText, p.CreatedAt);
    }

    private static string Html(string text) =>
        "<div style=\"font-family:sans-serif\">" + string.Join("", text.Split("\n\n").Select(p => "<p>" + WebUtility.HtmlEncode(p).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>")) + "</div>";

    private static bool LooksLikeEmail(string address) => address.Length <= 254 && EmailAddress().IsMatch(address);

    private static string Slug(string name, string fallback)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if ((c == ' ' || c == '-') && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var s = slug.ToString().Trim('-');
        return s.Length == 0 ? fallback : s.Length > 40 ? s[..40] : s;
    }

    [GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")]
    private static partial Regex EmailAddress();
}
