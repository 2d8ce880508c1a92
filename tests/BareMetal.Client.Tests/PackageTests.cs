using System.Diagnostics;
using System.IO.Compression;
using BareMetal.TestInfrastructure;

namespace BareMetal.Client.Tests;

public sealed class PackageTests
{
    [Theory]
    [InlineData("src/BareMetal.Client", "BareMetal.Client")]
    [InlineData("src/BareMetal.Client.Cluster", "BareMetal.Client.Cluster")]
    public async Task Pack_builds_a_nupkg_with_the_readme_and_the_xml_docs(string project, string id)
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(BareMetalHostProcess.HostAssembly())!, "../../../../.."));
        var output = Directory.CreateTempSubdirectory("bm-pack-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var arg in new[] { "pack", project, "-c", "Release", "--no-build", "--nologo", "-o", output })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var log = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(process.ExitCode == 0, log);
        var package = Assert.Single(Directory.GetFiles(output, id + ".*.nupkg"));
        using var zip = ZipFile.OpenRead(package);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", names);
        Assert.Contains($"lib/net10.0/{id}.dll", names);
        Assert.Contains($"lib/net10.0/{id}.xml", names);
        Directory.Delete(output, recursive: true);
    }
}
