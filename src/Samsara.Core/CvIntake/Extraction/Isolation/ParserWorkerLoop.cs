namespace Samsara.Core.CvIntake.Extraction.Isolation;

/// <summary>
/// The worker process's side: reads the options, then answers parse requests one at a time until stdin closes.
/// The app watches it from outside (time, CPU, memory) and kills it when a file goes over a budget.
/// </summary>
public static class ParserWorkerLoop
{
    /// <summary>Exit code after the managed heap ran out: the process state is not trusted for another file.</summary>
    public const int OutOfMemoryExit = 3;

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
