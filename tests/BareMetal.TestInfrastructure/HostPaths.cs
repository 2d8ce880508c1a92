using System.Reflection;

namespace BareMetal.TestInfrastructure;

/// <summary>Where the host executable is: the host's build output of the same configuration as this assembly.</summary>
public static class HostPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Configuration { get; } =
        typeof(HostPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    public static string HostAssembly { get; } = Path.Combine(RepositoryRoot, "src", "BareMetal.Host", "bin", Configuration, "net10.0", "BareMetal.Host.dll");

    /// <summary>The dotnet muxer that runs this process (the SDK sets DOTNET_HOST_PATH under test).</summary>
    public static string DotnetExecutable { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BareMetal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No BareMetal.sln above {AppContext.BaseDirectory}.");
    }
}
