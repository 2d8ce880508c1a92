namespace BareMetal.Deployment.Tests;

/// <summary>Finds files of the repository the tests were built from.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
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
