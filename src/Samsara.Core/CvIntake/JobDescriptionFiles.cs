using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Extraction;
using Samsara.Core.CvIntake.Extraction.Isolation;
using Samsara.Core.CvIntake.Import;

namespace Samsara.Core.CvIntake;

/// <summary>The outcome of a job description upload: the saved description, or why the file was refused.</summary>
public sealed record JobDescriptionFileResult(JobDescription? Saved, string? Error, bool ProjectMissing = false);

/// <summary>
/// A job description from an uploaded PDF, DOCX, TXT or RTF: read by the same extractors as CVs (so a bad file gets
/// the same message), then saved exactly as if the text had been pasted, which parses it and rescores everyone.
/// </summary>
public sealed class JobDescriptionFiles(ICvParser parser, CvFileStore store, CandidateService candidates, CvIntakeOptions options)
{
    public const int MaxTextLength = 200_000;

    public async Task<JobDescriptionFileResult> SaveAsync(Guid projectId, string fileName, Stream content, string? title, CancellationToken ct = default)
    {
        // Written to the work folder so the same isolated parser as for CVs reads it: a hostile job description costs
        // its upload, not the app.
        var temp = store.NewWorkFile();
        TextExtractionResult text;
        try
        {
            await using (var file = File.Create(temp))
            {
                if (!await CopyBoundedAsync(content, file, options.MaxFileBytes, ct))
                {
                    return new JobDescriptionFileResult(null, $"The file is larger than the {options.MaxFileBytes / (1024.0 * 1024):0.#} MB limit.");
                }
            }

            text = await parser.ExtractAsync(temp, fileName, ct);
        }
        finally
        {
            File.Delete(temp);
        }

        if (!text.Succeeded)
        {
            return new JobDescriptionFileResult(null, text.Error);
        }

        if (text.Text!.Length > MaxTextLength)
        {
            return new JobDescriptionFileResult(null, $"The document has {text.Text.Length:N0} characters; a job description is limited to {MaxTextLength:N0}.");
        }

        var existing = await candidates.GetJobDescriptionAsync(projectId, ct);
        var input = new JobDescriptionInput { Title = string.IsNullOrWhiteSpace(title) ? existing?.Title : title, Text = text.Text.Trim() };
        var saved = await candidates.SetJobDescriptionAsync(projectId, input, ct);
        return saved is null ? new JobDescriptionFileResult(null, "Project not found.", ProjectMissing: true) : new JobDescriptionFileResult(saved, null);
    }

    private static async Task<bool> CopyBoundedAsync(Stream content, Stream output, long limit, CancellationToken ct)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return false;
            }

            await output.WriteAsync(chunk.AsMemory(0, read), ct);
        }

        return true;
    }
}
