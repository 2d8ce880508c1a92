using System.Text.Json.Nodes;

namespace BareMetal.Chaos;

/// <summary>
/// Which action a client asks for on a node: mostly one its provision state allows (so that nodes move through
/// every state), sometimes a power action, sometimes any action at all (refusals are part of the test), and the
/// parameters each action takes.
/// </summary>
public static class NodeActions
{
    private static readonly string[] s_all =
    [
        "manage", "inspect", "provide", "deploy", "undeploy", "clean", "rescue", "unrescue", "abort", "rebuild",
        "adopt", "power-on", "power-off", "reboot", "soft-power-off", "maintenance-on", "maintenance-off",
    ];

    private static readonly string[] s_power = ["power-on", "power-off", "reboot", "soft-power-off"];

    /// <summary>An action for a node last seen in <paramref name="provisionState"/>.</summary>
    public static string Choose(string? provisionState, bool maintenance, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (maintenance)
        {
            return random.NextDouble() < 0.8 ? "maintenance-off" : Pick(s_all, random);
        }

        var roll = random.NextDouble();
        if (roll < 0.08)
        {
            return Pick(s_all, random);
        }

        if (roll < 0.10)
        {
            return "maintenance-on";
        }

        if (roll < 0.30)
        {
            return Pick(s_power, random);
        }

        string[] fitting = provisionState switch
        {
            "enroll" => ["manage"],
            "manageable" => ["provide", "provide", "inspect", "clean", "adopt"],
            "available" => ["deploy", "deploy", "deploy", "manage"],
            "active" => ["undeploy", "undeploy", "rebuild", "rescue"],
            "rescue" => ["unrescue", "undeploy"],
            "deploy failed" => ["undeploy", "deploy"],
            "clean failed" or "inspect failed" or "adopt failed" => ["manage"],
            "rescue failed" or "unrescue failed" => ["unrescue", "undeploy"],
            "wait call-back" or "clean wait" or "rescue wait" or "inspect wait" => ["abort"],
            _ => s_all,
        };
        return Pick(fitting, random);
    }

    /// <summary>An action that contradicts <paramref name="verb"/> (a client changing its mind, or two clients disagreeing).</summary>
    public static string Contradicting(string verb) => verb switch
    {
        "power-on" => "power-off",
        "power-off" or "soft-power-off" => "power-on",
        "reboot" => "power-off",
        "deploy" => "manage",
        "manage" => "provide",
        "provide" => "manage",
        "undeploy" => "rescue",
        "rescue" => "undeploy",
        "maintenance-on" => "maintenance-off",
        "maintenance-off" => "maintenance-on",
        _ => "power-off",
    };

    /// <summary>The request body of <paramref name="verb"/>: the parameters it needs, null when it takes none.</summary>
    public static JsonObject? Body(string verb) => verb switch
    {
        "deploy" or "rebuild" => Parameters(("image_source", "http://images.example/chaos.qcow2")),
        "clean" => new JsonObject
        {
            ["parameters"] = new JsonObject
            {
                ["clean_steps"] = new JsonArray(new JsonObject { ["interface"] = "deploy", ["step"] = "erase_devices" }),
            },
        },
        "rescue" => Parameters(("rescue_password", "chaos-rescue")),
        "maintenance-on" => Parameters(("reason", "chaos")),
        _ => null,
    };

    private static JsonObject Parameters(params (string Name, string Value)[] values)
    {
        var parameters = new JsonObject();
        foreach (var (name, value) in values)
        {
            parameters[name] = value;
        }

        return new JsonObject { ["parameters"] = parameters };
    }

    private static string Pick(string[] choices, Random random) => choices[random.Next(choices.Length)];
}
