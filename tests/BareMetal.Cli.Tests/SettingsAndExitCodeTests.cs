using System.Net;
using System.Net.Sockets;

namespace BareMetal.Cli.Tests;

public sealed class SettingsAndExitCodeTests(CliHostFixture fixture) : IClassFixture<CliHostFixture>
{
    [Fact]
    public async Task The_config_file_gives_the_endpoint_and_key()
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("bm-config-").FullName, "bm.json");
        await File.WriteAllTextAsync(config, $$"""{ "endpoint": "{{fixture.Host.BaseAddress}}", "apiKey": "{{CliHostFixture.AdminKey}}" }""");

        var result = await BmRunner.RunAsync(["node", "list", "-o", "json"], new Dictionary<string, string?> { ["BAREMETAL_CONFIG"] = config });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, result.Json().GetProperty("items").ValueKind);
    }

    [Fact]
    public async Task The_config_file_in_the_home_folder_is_read_when_nothing_else_is_given()
    {
        var home = Directory.CreateTempSubdirectory("bm-home-").FullName;
        Directory.CreateDirectory(Path.Combine(home, ".config", "baremetal"));
        await File.WriteAllTextAsync(Path.Combine(home, ".config", "baremetal", "bm.json"), $$"""{ "endpoint": "{{fixture.Host.BaseAddress}}", "apiKey": "{{CliHostFixture.AdminKey}}" }""");

        var result = await BmRunner.RunAsync(["fleet", "summary", "-o", "json"], new Dictionary<string, string?> { ["HOME"] = home });

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task A_flag_overrides_the_environment_and_a_wrong_key_exits_6()
    {
        var result = await fixture.BmAsync("node", "list", "--api-key", "wrong-key-0123456789", "-o", "json");

        Assert.Equal(6, result.ExitCode);
        Assert.Equal("auth", result.Json().GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task No_key_at_all_exits_6()
    {
        var result = await BmRunner.RunAsync(["node", "list"], new Dictionary<string, string?> { ["BAREMETAL_ENDPOINT"] = fixture.Host.BaseAddress.ToString() });

        Assert.Equal(6, result.ExitCode);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_listen_exits_7()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await BmRunner.RunAsync(["node", "list", "--endpoint", $"http://127.0.0.1:{port}", "-o", "json"], new Dictionary<string, string?>());

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("connection", result.Json().GetProperty("error").GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("node", "list", "--no-such-option")]
    [InlineData("ops", "list", "--status", "sleeping")]
    [InlineData("node", "list", "--endpoint", "ftp://example")]
    [InlineData("deploy", "a", "--all")]
    public async Task Wrong_command_lines_exit_2(params string[] args)
    {
        var result = await fixture.BmAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("bm: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_file_that_is_not_json_exits_2_naming_the_file()
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("bm-config-").FullName, "bm.json");
        await File.WriteAllTextAsync(config, "endpoint = nope");

        var result = await BmRunner.RunAsync(["node", "list", "--config", config], new Dictionary<string, string?>());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(config, result.Stderr, StringComparison.Ordinal);
    }
}
