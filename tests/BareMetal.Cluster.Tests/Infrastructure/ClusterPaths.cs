using System.Reflection;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// Where the silo executable and the test grains are: the host's build output of the same
/// configuration as this assembly (Debug or Release), and the grain assembly copied next to it.
/// </summary>
public static class ClusterPaths
{
    private const string SolutionFile = "BareMetal.sln";

    /// <summary>The repository root (the directory holding the solution).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The build configuration this assembly was compiled in.</summary>
    public static string Configuration { get; } =
        typeof(ClusterPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    /// <summary>src/BareMetal.Host/bin/{Configuration}/net10.0/BareMetal.Host.dll.</summary>
    public static string HostAssembly { get; } = Path.Combine(RepositoryRoot, "src", "BareMetal.Host", "bin", Configuration, "net10.0", "BareMetal.Host.dll");

    /// <summary>The test grain assembly, next to this one.</summary>
    public static string TestGrainsAssembly { get; } = Path.Combine(AppContext.BaseDirectory, "BareMetal.Cluster.TestGrains.dll");

    /// <summary>The dotnet muxer that runs this process (the SDK sets DOTNET_HOST_PATH under test and run).</summary>
    public static string DotnetExecutable { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Throws with a hint when the host or the grains were not built.</summary>
    public static void EnsureBuilt()
    {
        if (!File.Exists(HostAssembly))
        {
            throw new FileNotFoundException(
                $"The silo executable {HostAssembly} does not exist: build src/BareMetal.Host in {Configuration} (the test project references it, so building the tests builds it).");
        }

        if (!File.Exists(TestGrainsAssembly))
        {
            throw new FileNotFoundException($"The test grain assembly {TestGrainsAssembly} is missing next to the tests.");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}; the cluster tests run from the repository's build output.");
    }
}
