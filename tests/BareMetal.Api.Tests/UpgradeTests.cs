using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace BareMetal.Api.Tests;

/// <summary>A data directory written by the version before the move to Orleans starts on this one, its fleet intact.</summary>
public sealed class UpgradeTests
{
    private const string Deployed = "c44f2c9b-8e2d-58ad-a0e5-816575f5e5e5";
    private const string PoweredOn = "32bcdb04-f3d4-57a8-ba20-bf909a9934bc";

    [Fact]
    public async Task Nodes_operations_history_and_idempotency_keys_written_before_Orleans_read_back_and_the_nodes_still_act()
    {
        var data = Directory.CreateTempSubdirectory("baremetal-upgrade-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "data-before-orleans")))
        {
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        }

        await using var host = await BareMetalHostProcess.StartAsync(new Dictionary<string, string> { ["BareMetal__DataDirectory"] = data });
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        var nodes = (await client.GetFromJsonAsync<JsonNode>("api/nodes"))!["items"]!.AsArray();
        Assert.Equal(["demo-001", "demo-002", "demo-003"], nodes.Select(n => (string)n!["name"]!).Order());
        var deployed = (await client.GetFromJsonAsync<JsonNode>($"api/nodes/{Deployed}"))!;
        Assert.Equal(("active", "power on"), ((string)deployed["provisionState"]!, (string)deployed["powerState"]!));
        Assert.Equal("power on", (string)(await client.GetFromJsonAsync<JsonNode>($"api/nodes/{PoweredOn}"))!["powerState"]!);

        var operations = (await client.GetFromJsonAsync<JsonNode>("api/operations?limit=50"))!["items"]!.AsArray();
        Assert.Equal(8, operations.Count);
        Assert.All(operations, o => Assert.Equal("succeeded", (string)o!["status"]!));
        var deploy = Assert.Single(operations, o => (string)o!["action"]! == "deploy")!;
        Assert.Equal("upgrade-deploy-1", (string)deploy["idempotencyKey"]!);

        var history = (await client.GetFromJsonAsync<JsonNode>($"api/nodes/{Deployed}/history"))!.AsArray();
        var reached = history.Where(h => (string)h!["event"]! == "transition").Select(h => (string)h!["to"]!).ToList();
        Assert.Equal(["verifying", "manageable", "cleaning", "available", "deploying", "active"], reached.Where(s => s is not "enroll").ToList());

        // The same key answers the stored operation, not a new one.
        using var again = new HttpRequestMessage(HttpMethod.Post, $"api/nodes/{Deployed}/actions/deploy") { Content = JsonContent.Create(new { parameters = new { image_source = "http://images.example/ubuntu.qcow2" } }) };
        again.Headers.Add("Idempotency-Key", "upgrade-deploy-1");
        using var replay = await client.SendAsync(again);
        Assert.True(replay.IsSuccessStatusCode, await replay.Content.ReadAsStringAsync());
        Assert.Equal((string)deploy["id"]!, (string)(await replay.Content.ReadFromJsonAsync<JsonNode>())!["operation"]!["id"]!);

        // The old runtime's reminders (power syncs, step watches, the key's expiry) moved into Orleans' table.
        await using (var database = new SqliteConnection($"Data Source={Path.Combine(data, "baremetal.db")}"))
        {
            await database.OpenAsync();
            Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM reminders"));
            Assert.Equal(3L, await ScalarAsync(database, "SELECT count(*) FROM orleans_reminders WHERE reminder_name = 'power-sync'"));
            Assert.Equal(7L, await ScalarAsync(database, "SELECT count(*) FROM orleans_reminders"));
        }

        // And the upgraded nodes act: a power-off runs to the end.
        using var off = await client.PostAsync($"api/nodes/{PoweredOn}/actions/power-off", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.Accepted, off.StatusCode);
        var operationId = (string)(await off.Content.ReadFromJsonAsync<JsonNode>())!["operation"]!["id"]!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((string)(await client.GetFromJsonAsync<JsonNode>($"api/operations/{operationId}", deadline.Token))!["status"]! != "succeeded")
        {
            // No push reaches the test: poll inside the deadline.
            await Task.Delay(100, deadline.Token);
        }

        Assert.Equal("power off", (string)(await client.GetFromJsonAsync<JsonNode>($"api/nodes/{PoweredOn}"))!["powerState"]!);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
