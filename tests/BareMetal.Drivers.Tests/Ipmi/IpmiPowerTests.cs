using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Ipmi;
using BareMetal.Provisioning.Drivers;
using BareMetal.TestInfrastructure;

namespace BareMetal.Drivers.Tests.Ipmi;

/// <summary>The ipmi driver drives a real BMC simulator (ipmi_sim) with the real ipmitool.</summary>
public sealed class IpmiPowerTests
{
    [Fact]
    public async Task Power_OnOffSoftOffReboot_ChangeTheSimulatedMachine()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness();
        var node = IpmiDriverHarness.Node(bmc);
        var power = harness.Driver.Power;

        Assert.Equal(PowerState.Off, await power.GetPowerStateAsync(node, CancellationToken.None));

        Assert.Equal(DriverStepOutcome.Done, (await power.SetPowerStateAsync(node, PowerAction.On, CancellationToken.None)).Outcome);
        Assert.True(bmc.PowerIsOn);
        Assert.Equal(PowerState.On, await power.GetPowerStateAsync(node, CancellationToken.None));

        Assert.Equal(DriverStepOutcome.Done, (await power.SetPowerStateAsync(node, PowerAction.Off, CancellationToken.None)).Outcome);
        Assert.False(bmc.PowerIsOn);

        await power.SetPowerStateAsync(node, PowerAction.On, CancellationToken.None);
        Assert.Equal(DriverStepOutcome.Done, (await power.SetPowerStateAsync(node, PowerAction.SoftOff, CancellationToken.None)).Outcome);
        Assert.False(bmc.PowerIsOn);
        Assert.Contains("set shutdown 1", bmc.ChassisCalls);

        await power.SetPowerStateAsync(node, PowerAction.On, CancellationToken.None);
        var callsBefore = bmc.ChassisCalls.Count;
        Assert.Equal(DriverStepOutcome.Done, (await power.SetPowerStateAsync(node, PowerAction.Reboot, CancellationToken.None)).Outcome);
        Assert.True(bmc.PowerIsOn);
        var reboot = bmc.ChassisCalls.Skip(callsBefore).Where(c => c.StartsWith("set power", StringComparison.Ordinal)).ToList();
        Assert.Equal(["set power 0", "set power 1"], reboot);
    }

    // hookName is ipmi_sim's word for the device in its chassis hook: it calls the default hard disk "default".
    [Theory]
    [InlineData(BootDevice.Pxe, false, "pxe")]
    [InlineData(BootDevice.Disk, true, "default")]
    [InlineData(BootDevice.Cdrom, false, "cdrom")]
    [InlineData(BootDevice.Bios, true, "bios")]
    public async Task BootDevice_Set_TheBmcBootsFromItAndReportsIt(BootDevice device, bool persistent, string hookName)
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness();
        var node = IpmiDriverHarness.Node(bmc);

        await harness.Driver.BootDevice.SetBootDeviceAsync(node, device, persistent, CancellationToken.None);
        var read = await harness.Driver.BootDevice.GetBootDeviceAsync(node, CancellationToken.None);

        Assert.Equal(hookName, bmc.BootDevice);
        Assert.Equal(device, read.Device);
    }

    [Fact]
    public async Task Validate_RightCredentials_Succeeds()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync(poweredOn: true);
        await using var harness = new IpmiDriverHarness();

        var result = await harness.Driver.Management.ValidateAsync(IpmiDriverHarness.Node(bmc), CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
    }

    [Fact]
    public async Task Validate_BadDriverInfo_NamesEveryWrongKeyWithoutCallingTheBmc()
    {
        await using var harness = new IpmiDriverHarness();
        var node = IpmiDriverHarness.Node(new Dictionary<string, string>
        {
            ["ipmi_port"] = "70000",
            ["ipmi_priv_level"] = "ROOT",
            ["ipmi_bridging"] = "single",
            ["ipmi_target_channel"] = "7",
            ["ipmi_password"] = "hunter2-secret",
        });

        var result = await harness.Driver.Management.ValidateAsync(node, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Failed, result.Outcome);
        Assert.StartsWith("IPMI driver_info is invalid: ", result.Message, StringComparison.Ordinal);
        Assert.Contains("ipmi_address is missing", result.Message, StringComparison.Ordinal);
        Assert.Contains("ipmi_port '70000' is not a UDP port", result.Message, StringComparison.Ordinal);
        Assert.Contains("ipmi_priv_level 'ROOT' is not one of ADMINISTRATOR, CALLBACK, OPERATOR, USER", result.Message, StringComparison.Ordinal);
        Assert.Contains("ipmi_target_address is missing (needed with ipmi_bridging 'single')", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Runner.ProcessesStarted);
    }

    [Fact]
    public async Task Deploy_WriteImage_BootsTheDeployRamdiskFromTheNetworkThenTheAgentWrites()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness();
        var node = IpmiDriverHarness.Node(bmc);
        var token = new StepToken(node.NodeId, "op-deploy", 0, 1);

        var result = await harness.Driver.Deploy.WriteImageAsync(node, new DeployImage("http://images.example/os.qcow2"), token, CancellationToken.None);
        var reports = await harness.AgentReports.WaitForCountAsync(2, "the agent's heartbeat and done");

        Assert.Equal(DriverStepOutcome.Pending, result.Outcome);
        Assert.True(bmc.PowerIsOn);
        Assert.Equal("pxe", bmc.BootDevice);
        Assert.Equal([DriverCallbackKind.Heartbeat, DriverCallbackKind.Done], reports.Select(r => r.Kind));
        Assert.All(reports, r => Assert.Equal(token, r.Token));
    }

    [Fact]
    public async Task Password_GoesToIpmitoolInAPrivateFile_NeverOnItsCommandLine()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        var spy = Directory.CreateTempSubdirectory("ipmitool-spy-").FullName;
        try
        {
            // A stand-in for ipmitool that records what `ps` would show and the password file's mode, then runs the real one.
            var wrapper = Path.Combine(spy, "ipmitool");
            File.WriteAllText(wrapper, $$"""
                #!/bin/sh
                echo "$*" >> '{{spy}}/command-lines'
                previous=''
                for argument in "$@"; do
                  if [ "$previous" = '-f' ]; then stat -c '%a' "$argument" >> '{{spy}}/modes'; echo "$argument" >> '{{spy}}/files'; fi
                  previous=$argument
                done
                exec ipmitool "$@"
                """);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            await using var harness = new IpmiDriverHarness(o =>
            {
                o.IpmitoolPath = wrapper;
                o.PowerStatusClient = IpmiPowerStatusClient.Ipmitool;
            });
            var node = IpmiDriverHarness.Node(bmc);

            Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));

            var commandLine = Assert.Single(File.ReadAllLines(Path.Combine(spy, "command-lines")));
            Assert.DoesNotContain(bmc.Password, commandLine, StringComparison.Ordinal);
            Assert.Contains("-f ", commandLine, StringComparison.Ordinal);
            Assert.Equal("600", Assert.Single(File.ReadAllLines(Path.Combine(spy, "modes"))));
            Assert.False(File.Exists(Assert.Single(File.ReadAllLines(Path.Combine(spy, "files")))), "the password file outlived the call");
        }
        finally
        {
            Directory.Delete(spy, recursive: true);
        }
    }
}
