using Samsara.Core.Candidates;
using Samsara.Core.CvIntake.Extraction;

namespace Samsara.Core.CvIntake;

/// <summary>The outcome of a job description upload: the saved description, or why the file was refused.</summary>
public sealed record JobDescriptionFileResult(JobDescription? Saved, string? Error, bool ProjectMissing = false);

/// <summary>
/// A job description from an uploaded PDF, DOCX, TXT or RTF: read by the same extractors as CVs (so a bad file gets
/// the same message), then saved exactly as if the text had been pasted, which parses it and rescores everyone.
/// </summary>
public sealed class JobDescriptionFiles(CvTextExtractor extractor, CandidateService candidates, CvIntakeOptions options)
{
    public const int MaxTextLength = 200_000;

    public async Task<JobDescriptionFileResult> SaveAsync(Guid projectId, string fileName, Stream content, string? title, CancellationToken ct = default)
    {
        var bytes = await ReadBoundedAsync(content, options.MaxFileBytes, ct);
        if (bytes is null)
        {
            return new JobDescriptionFileResult(null, $"The file is larger than the {options.MaxFileBytes / (1024.0 * 1024):0.#} MB limit.");
        }

        var text = extractor.Extract(bytes, fileName);
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

    private static async Task<byte[]?> ReadBoundedAsync(Stream content, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
