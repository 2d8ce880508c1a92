using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Simulated;

/// <summary>
/// The simulated hardware kept in files, so that every process on the machine sees the same nodes, as
/// processes of a real control plane see the same BMCs. One folder per node holds <c>hardware.json</c> (power,
/// image), <c>steps/*.json</c> (one file per step token, see <see cref="SimulatedStepRecord"/>) and
/// <c>executions.log</c> (one line per execution of a step that is not idempotent). Files are replaced by an
/// atomic rename and the log is appended to, so a reader never sees half a write; only the process running a
/// node's steps writes its files (the cluster runs each node in one place at a time).
/// </summary>
public sealed class SimulatedStateDirectory
{
    private const string ExecutionsFile = "executions.log";
    private static readonly JsonSerializerOptions s_json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Uses <paramref name="path"/>, created if missing.</summary>
    public SimulatedStateDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Every logged execution of a step that is not idempotent on <paramref name="nodeId"/>, oldest first, from every process.</summary>
    public IReadOnlyList<SimulatedExecution> ReadExecutions(string nodeId)
    {
        var file = System.IO.Path.Combine(NodeFolder(nodeId), ExecutionsFile);
        if (!File.Exists(file))
        {
            return [];
        }

        return [.. File.ReadAllLines(file, Encoding.UTF8)
            .Where(line => line.Length > 0)
            .Select(ParseExecution)];
    }

    internal void AppendExecution(string nodeId, SimulatedExecution execution)
    {
        var line = string.Join(
            '\t',
            execution.At.ToString("O", CultureInfo.InvariantCulture),
            execution.Kind.ToString(),
            execution.Token ?? "-",
            execution.ProcessId.ToString(CultureInfo.InvariantCulture)) + "\n";

        // One small append with O_APPEND: lines from several processes never interleave.
        using var stream = new FileStream(System.IO.Path.Combine(EnsureNodeFolder(nodeId), ExecutionsFile), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(line));
    }

    internal SimulatedHardwareState? ReadHardware(string nodeId) =>
        Read<SimulatedHardwareState>(System.IO.Path.Combine(NodeFolder(nodeId), "hardware.json"));

    internal void WriteHardware(string nodeId, SimulatedHardwareState state) =>
        Write(System.IO.Path.Combine(EnsureNodeFolder(nodeId), "hardware.json"), state);

    internal SimulatedStepRecord? ReadStep(StepToken token) => Read<SimulatedStepRecord>(StepFile(token, create: false));

    internal void WriteStep(StepToken token, SimulatedStepRecord record) => Write(StepFile(token, create: true), record);

    private static SimulatedExecution ParseExecution(string line)
    {
        var fields = line.Split('\t');
        return new SimulatedExecution(
            DateTimeOffset.Parse(fields[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Enum.Parse<SimulatedStepKind>(fields[1]),
            fields[2] == "-" ? null : fields[2],
            int.Parse(fields[3], CultureInfo.InvariantCulture));
    }

    private string NodeFolder(string nodeId) => System.IO.Path.Combine(Path, Uri.EscapeDataString(nodeId));

    private string EnsureNodeFolder(string nodeId)
    {
        var folder = NodeFolder(nodeId);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private string StepFile(StepToken token, bool create)
    {
        var folder = System.IO.Path.Combine(NodeFolder(token.NodeId), "steps");
        if (create)
        {
            Directory.CreateDirectory(folder);
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{Uri.EscapeDataString(token.OperationId)}_{token.Step}_{token.Attempt}.json");
        return System.IO.Path.Combine(folder, name);
    }

    private static T? Read<T>(string file)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(file), s_json);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void Write<T>(string file, T value)
    {
        // Written aside and renamed over the old file: the rename is atomic, so readers see the old or the new.
        var temporary = $"{file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(value, s_json));
        File.Move(temporary, file, overwrite: true);
    }
}
