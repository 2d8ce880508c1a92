using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BareMetal.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace BareMetal.Dashboard.Tests;

/// <summary>A real headless Chromium opens the dashboard of one running host (SQLite, API keys per role).</summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ReaderKey = "dashboard-reader-key-0123";
    private const string OperatorKey = "dashboard-operator-key-0123";
    private HostProcess? _host;
    private Chromium? _chromium;

    private HostProcess Host => _host!;

    public async Task InitializeAsync()
    {
        _host = await HostProcess.StartReadyAsync(new Dictionary<string, string>
        {
            ["BareMetal:Api:Keys:0:Name"] = "dana-reader",
            ["BareMetal:Api:Keys:0:Key"] = ReaderKey,
            ["BareMetal:Api:Keys:0:Role"] = "reader",
            ["BareMetal:Api:Keys:1:Name"] = "omar-operator",
            ["BareMetal:Api:Keys:1:Key"] = OperatorKey,
            ["BareMetal:Api:Keys:1:Role"] = "operator",
            ["BareMetal:Drivers:Simulated:PowerLatency"] = "00:00:00.020",
            ["BareMetal:Drivers:Simulated:CleanLatency"] = "00:00:00.020",
        });
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Fleet_counts_match_the_api_and_a_node_action_made_through_the_api_appears_without_reload()
    {
        using var api = Host.Client(OperatorKey);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateNodeAsync(api, $"dash-node-{i}"));
        }

        var page = await _chromium!.OpenDashboardAsync(Host.BaseAddress, ReaderKey);
        var nodes = await ListNodesAsync(api);
        await Expect(page.Locator("#fleet-total"), nodes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var group in nodes.GroupBy(n => n.GetProperty("provisionState").GetString()!))
        {
            await Expect(page.Locator($"#by-provision tr[data-provision-state='{group.Key}'] td.count"), group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Expect(page.Locator("#fleet-maintenance"), "0");
        // A marker that a reload would wipe out.
        await page.EvaluateAsync("window.notReloaded = true");

        var target = ids[1];
        var response = await api.PostAsJsonAsync($"api/nodes/{target}/actions/maintenance-on", new { parameters = new { reason = "disk swap in rack 7" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var row = page.Locator($"#attention tr[data-node='{target}']");
        await Assertions.Expect(row).ToContainTextAsync("disk swap in rack 7", new() { Timeout = 30_000 });
        await Expect(page.Locator("#fleet-maintenance"), "1");
        Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"), "The page was reloaded.");

        // The operations panel lists the action with its trace id.
        var operations = page.Locator("#ops-recent tbody tr, #ops-inflight tbody tr").Filter(new() { HasText = "maintenance-on" });
        await Assertions.Expect(operations.First).ToContainTextAsync(target, new() { Timeout = 30_000 });

        // The embedded silo reports its figures once someone watches.
        await Assertions.Expect(page.Locator("#silos tbody tr[data-status='active']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#silos tbody tr td.status")).Not.ToContainTextAsync("not reporting", new() { Timeout = 30_000 });

        var path = await Chromium.ScreenshotAsync(page, "dashboard-fleet");
        output.WriteLine($"Screenshot: {path}");
        Assert.True(new FileInfo(path).Length > 0);
    }

    [Fact]
    public async Task A_reader_sees_the_node_page_read_only_and_an_operator_gets_the_actions()
    {
        using var api = Host.Client(OperatorKey);
        var id = await CreateNodeAsync(api, "dash-node-page");

        var readerPage = await _chromium!.OpenDashboardAsync(Host.BaseAddress, ReaderKey);
        await Assertions.Expect(readerPage.Locator("#who")).ToContainTextAsync("read-only");
        await readerPage.GotoAsync(new Uri(Host.BaseAddress, $"dashboard/#node/{id}").ToString());
        await Assertions.Expect(readerPage.Locator("#node-title")).ToContainTextAsync("dash-node-page");
        await Assertions.Expect(readerPage.Locator("#node-history li").First).ToBeVisibleAsync();
        await Assertions.Expect(readerPage.Locator("#node-actions")).ToBeHiddenAsync();

        var operatorPage = await _chromium.OpenDashboardAsync(Host.BaseAddress, OperatorKey);
        await Assertions.Expect(operatorPage.Locator("#who")).ToContainTextAsync("operator");
        await operatorPage.GotoAsync(new Uri(Host.BaseAddress, $"dashboard/#node/{id}").ToString());
        await Assertions.Expect(operatorPage.Locator("#node-actions")).ToBeVisibleAsync();

        // Declining the confirmation sends nothing.
        string? question = null;
        void Decline(object? sender, IDialog dialog)
        {
            question = dialog.Message;
            _ = dialog.DismissAsync();
        }

        operatorPage.Dialog += Decline;
        await operatorPage.Locator("#node-actions button[data-verb='manage']").ClickAsync();
        await Assertions.Expect(operatorPage.Locator("#node-state dd[data-field='Provision state']")).ToHaveTextAsync("enroll");
        Assert.Contains(id, question);
        operatorPage.Dialog -= Decline;

        // Confirmed, "manage" runs and the node page follows the node to manageable.
        operatorPage.Dialog += (_, dialog) => dialog.AcceptAsync();
        await operatorPage.Locator("#node-actions button[data-verb='manage']").ClickAsync();
        await Assertions.Expect(operatorPage.Locator("#action-result")).ToContainTextAsync("manage accepted");
        await Assertions.Expect(operatorPage.Locator("#node-state dd[data-field='Provision state']")).ToHaveTextAsync("manageable", new() { Timeout = 30_000 });
        await Assertions.Expect(operatorPage.Locator("#node-history")).ToContainTextAsync("manageable", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task Without_a_key_the_dashboard_asks_for_one_and_its_feed_refuses()
    {
        var page = await _chromium!.OpenDashboardAsync(Host.BaseAddress, apiKey: null);
        await Assertions.Expect(page.Locator("#login")).ToBeVisibleAsync();

        using var anonymous = Host.Client();
        var stream = await anonymous.GetAsync("dashboard/api/stream");
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
    }

    private static Task Expect(ILocator locator, string text) =>
        Assertions.Expect(locator).ToHaveTextAsync(text, new() { Timeout = 30_000 });

    private static async Task<string> CreateNodeAsync(HttpClient api, string name)
    {
        var response = await api.PostAsJsonAsync("api/nodes", new { name, driver = "fake-hardware", driverInfo = new Dictionary<string, string> { ["ipmi_password"] = "s3cret-password" } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating {name}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> ListNodesAsync(HttpClient api)
    {
        var page = await api.GetFromJsonAsync<JsonElement>("api/nodes?limit=1000");
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
