using Samsara.Core.CvIntake.Extraction.Isolation;

namespace Samsara.CvWorker;

internal static class WorkerMain
{
    /// <summary>Reads parse requests from stdin and answers on stdout until the app closes stdin (or kills this process).</summary>
    private static int Main() => ParserWorkerLoop.RunOnConsole();
}
