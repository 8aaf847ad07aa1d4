namespace Samsara.Core.CvIntake.Extraction.Isolation;

/// <summary>
/// The worker process's side: reads the options, then answers parse requests one at a time until stdin closes.
/// The app watches it from outside (time, CPU, memory) and kills it when a file goes over a budget.
/// </summary>
public static class ParserWorkerLoop
{
    /// <summary>Exit code after the managed heap ran out: the process state is not trusted for another file.</summary>
    public const int OutOfMemoryExit = 3;

    /// <summary>
    /// The argument that makes the app's own executable run as a parser worker: a self-contained single-file build has
    /// no <c>dotnet</c> and no worker assembly on disk, so it starts itself with this (see docs/decisions/single-file-cv-worker.md).
    /// </summary>
    public const string WorkerArgument = "--cv-worker";

    /// <summary>The worker on this process's stdin and stdout, for an entry point (Samsara.CvWorker, or the app given <see cref="WorkerArgument"/>).</summary>
    public static int RunOnConsole()
    {
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        return Run(input, output);
    }

    public static int Run(Stream input, Stream output)
    {
        if (ParserProtocol.Read<CvIntakeOptions>(input) is not { } options)
        {
            return 0;
        }

        var extractor = new CvTextExtractor(options);
        var zips = new ZipExpander(options);

        // Ready: the app starts its per-file clocks only now, so a slow start on a busy machine is not charged to a file.
        ParserProtocol.Write(output, new ParserResponse(null, null, FileKind.Unknown, null, null));
        while (ParserProtocol.Read<ParserRequest>(input) is { } request)
        {
            ParserResponse response;
            try
            {
                response = Handle(request, extractor, zips);
            }
            catch (OutOfMemoryException)
            {
                ParserProtocol.Write(output, new ParserResponse(null, IsolatedCvParser.MemoryMessage(options), FileKind.Unknown, null, IsolatedCvParser.MemoryMessage(options)));
                return OutOfMemoryExit;
            }
            catch (Exception ex)
            {
                var message = $"The file is damaged or truncated and could not be read ({ex.GetType().Name}).";
                response = new ParserResponse(null, message, FileKind.Unknown, null, message);
            }

            ParserProtocol.Write(output, response);
        }

        return 0;
    }

    private static ParserResponse Handle(ParserRequest request, CvTextExtractor extractor, ZipExpander zips)
    {
        switch (request.Operation)
        {
            case ParserOperation.ExtractText:
                var text = extractor.ExtractFile(request.Path, request.FileName);
                return new ParserResponse(text.Text, text.Error, text.Kind, null, null);
            case ParserOperation.ExpandZip:
                var zip = InProcessCvParser.ExpandToDirectory(zips, request.Path, request.OutputDirectory!);
                return new ParserResponse(null, null, FileKind.Zip, zip.Entries, zip.Error);
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Operation, "Unknown parser operation.");
        }
    }
}
